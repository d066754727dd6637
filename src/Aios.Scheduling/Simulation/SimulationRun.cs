using Aios.Scheduling.Engine;
using Aios.Scheduling.Fairness;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Simulation;

/// <summary>The state of one simulation run: the virtual clock, the scheduler, the live jobs and the pending events.</summary>
internal sealed class SimulationRun
{
    private const double TicksPerSecond = TimeSpan.TicksPerSecond;

    // A tick asked for at an instant already ticked is moved this much later (1 ms), so a scheduler whose wake-up
    // does not advance (rounding at a class boundary) cannot stall the loop.
    private const long StallStep = TimeSpan.TicksPerMillisecond;
    private const int MaxStalls = 1_000_000;

    // Estimated ends beyond this are treated as never (they would overflow the tick clock).
    private const double MaxSeconds = long.MaxValue / 4 / TicksPerSecond;

    // The parameter of Simulator.Run that argument errors found while enumerating name.
    private static readonly string JobsParameter = "jobs";

    private readonly SimulationOptions _options;
    private readonly SimulationEventSink? _sink;
    private readonly VirtualTimeProvider _clock = new();
    private readonly Scheduler _scheduler;
    private readonly long _capacityGpus;
    private readonly IReadOnlyList<string> _deviceTypes;
    private readonly Dictionary<string, LiveJob> _live = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(LiveJob Job, int Version), (long Ticks, long Order)> _finishes = new(FinishOrder.Instance);
    private readonly List<JobSpec> _group = [];
    private readonly List<LiveJob> _groupJobs = [];
    private readonly List<double> _completionTimes = [];
    private readonly Dictionary<string, (double Sum, long Count)> _queueFairness = new(StringComparer.Ordinal);
    private readonly List<SimulationEvent> _instant = [];
    private readonly Dictionary<string, int> _instantStarts = new(StringComparer.Ordinal);
    private readonly UtilizationRecorder _utilization;
    private readonly UtilizationRecorder _waiting;

    private long _instantTicks = -1;
    private long _held;   // in thousandths of a GPU: a share of a device counts as its share
    private long _running;
    private long _order;
    private long _jobs;
    private long _events;
    private long _preemptions;
    private long _lastTickAt = -1;
    private int _stalls;
    private double _firstArrival = double.NaN;
    private double _lastFinish = double.NaN;
    private double _queueingDelaySum;
    private double _fairnessSum;
    private long _fairnessCount;
    private double _fairnessMax;

    public SimulationRun(ClusterSpec cluster, SimulationOptions options)
    {
        _options = options;
        _sink = options.EventSink;
        // Every option reaches the engine: a snapshot of the caller's options (so an option added later is carried
        // too), with the virtual clock and no ended jobs kept. (Copying them one by one dropped ScanDepth and
        // HeterogeneityTolerance.)
        SchedulerOptions engine = options.Scheduler.Snapshot();
        engine.TimeProvider = _clock;
        engine.RetainEndedJobs = false;
        _scheduler = new Scheduler(cluster, engine);
        _capacityGpus = cluster.TotalDevices;
        _deviceTypes = cluster.DeviceTypes;
        _utilization = new UtilizationRecorder(options.UtilizationIntervalSeconds, options.MaxUtilizationSamples);
        _waiting = new UtilizationRecorder(options.UtilizationIntervalSeconds, options.MaxUtilizationSamples);
    }

    /// <summary>Gets the scheduler in the loop (for tests).</summary>
    internal Scheduler Scheduler => _scheduler;

    private double Now => _clock.Ticks / TicksPerSecond;

    public SimulationResult Run(IEnumerable<SimulationJob> jobs, CancellationToken cancellationToken)
    {
        long started = _options.WallClock.GetTimestamp();
        using IEnumerator<SimulationJob> source = jobs.GetEnumerator();
        SimulationJob? pending = Next(source, null);
        long wakeAt = long.MaxValue;
        while (true)
        {
            if ((_events & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            long finishAt = PeekFinish();
            long arriveAt = pending is null ? long.MaxValue : ToTicks(pending.SubmitTime);
            if (finishAt == long.MaxValue && arriveAt == long.MaxValue && wakeAt == long.MaxValue)
            {
                break;
            }

            _events++;
            if (finishAt <= arriveAt && finishAt <= wakeAt)
            {
                AdvanceTo(finishAt);
                (LiveJob job, _) = _finishes.Dequeue();
                FinishJob(job);
            }
            else if (arriveAt <= wakeAt)
            {
                AdvanceTo(arriveAt);
                pending = Arrive(source, pending!, arriveAt);
            }
            else
            {
                AdvanceTo(wakeAt);
                _lastTickAt = wakeAt;
                Apply(_scheduler.Tick());
            }

            wakeAt = NextWakeUp();
        }

        FlushInstant();
        return Summarize(_options.WallClock.GetElapsedTime(started).TotalSeconds);
    }

    private static long ToTicks(double seconds) => (long)Math.Round(seconds * TicksPerSecond);

    private static SimulationJob? Next(IEnumerator<SimulationJob> source, SimulationJob? previous)
    {
        if (!source.MoveNext())
        {
            return null;
        }

        SimulationJob next = source.Current ?? throw new ArgumentNullException(JobsParameter, "The job source yielded a null job.");
        if (previous is not null && next.SubmitTime < previous.SubmitTime)
        {
            throw new ArgumentException(
                $"Jobs must be sorted by submit time, but job '{next.Job.Id}' (submitted at {next.SubmitTime} s) follows job '{previous.Job.Id}' (submitted at {previous.SubmitTime} s); sort them first with Simulator.SortBySubmitTime.",
                JobsParameter);
        }

        return next;
    }

    private void AdvanceTo(long ticks)
    {
        if (ticks < _clock.Ticks)
        {
            ticks = _clock.Ticks;
        }

        _utilization.Add(Now, ticks / TicksPerSecond, _held / 1000.0);
        _waiting.Add(Now, ticks / TicksPerSecond, _live.Count - _running);
        _clock.AdvanceTo(ticks);
    }

    private SimulationJob? Arrive(IEnumerator<SimulationJob> source, SimulationJob first, long ticks)
    {
        _group.Clear();
        _groupJobs.Clear();
        SimulationJob? job = first;
        while (job is not null && ToTicks(job.SubmitTime) == ticks)
        {
            Admit(job.Job);
            job = Next(source, job);
        }

        if (_group.Count == 1)
        {
            Apply(_scheduler.Submit(_group[0]));
        }
        else
        {
            Apply(_scheduler.SubmitMany(_group));
        }

        _group.Clear();
        return job;
    }

    private void Admit(JobSpec spec)
    {
        double now = Now;
        if (double.IsNaN(_firstArrival))
        {
            _firstArrival = now;
            _utilization.Start(now);
            _waiting.Start(now);
        }

        var job = new LiveJob(spec.Id, spec.Queue, now, _order++) { GpuMilli = spec.Request.GpuMilli };
        if (!_live.TryAdd(spec.Id, job))
        {
            throw new ArgumentException($"Two jobs in the system share the id '{spec.Id}'; job ids must be unique among live jobs.", JobsParameter);
        }

        // Themis (Mahajan et al., NSDI 2020, §3.1): the ideal is the job alone on 1/N of the cluster.
        double alone = AloneTime(spec);
        job.IdealTime = alone * Math.Max(1, _live.Count * (double)spec.TotalGpus / Math.Max(1, _capacityGpus));
        _jobs++;
        _group.Add(spec);
        Emit(SimulationEventKind.Arrive, spec.Id, []);
    }

    private double AloneTime(JobSpec spec)
    {
        double best = 0;
        for (int i = 0; i < _deviceTypes.Count; i++)
        {
            best = Math.Max(best, spec.ProgressRateOn(_deviceTypes[i]));
        }

        return best > 0 ? 1 / best : double.PositiveInfinity;
    }

    private void FinishJob(LiveJob job)
    {
        double now = Now;
        _held -= job.HeldGpus;
        job.HeldGpus = 0;
        SetRunning(job, false);
        job.Version++;
        _live.Remove(job.Id);
        var outcome = new SimulationJobOutcome(job.Id, job.Queue, job.SubmitTime, job.FirstStart, now, job.Preemptions, job.IdealTime);
        _completionTimes.Add(outcome.CompletionTime);
        _queueingDelaySum += outcome.QueueingDelay;
        _lastFinish = now;
        double fairness = outcome.FinishTimeFairness;
        if (double.IsFinite(fairness))
        {
            _fairnessSum += fairness;
            _fairnessCount++;
            _fairnessMax = Math.Max(_fairnessMax, fairness);
            (double sum, long count) = _queueFairness.GetValueOrDefault(job.Queue);
            _queueFairness[job.Queue] = (sum + fairness, count + 1);
        }

        Emit(SimulationEventKind.Finish, job.Id, []);
        _sink?.OnJobFinished(outcome);
        Apply(_scheduler.Finish(job.Id));
    }

    private void Apply(IReadOnlyList<SchedulingDecision> decisions)
    {
        for (int i = 0; i < decisions.Count; i++)
        {
            SchedulingDecision decision = decisions[i];
            if (decision.Kind == DecisionKind.Wait)
            {
                continue;
            }

            LiveJob job = _live[decision.JobId];
            job.Version++;
            if (decision.Kind == DecisionKind.Start)
            {
                long gpus = 0;
                IReadOnlyList<PlacementSlice> placement = decision.Placement;
                for (int s = 0; s < placement.Count; s++)
                {
                    // Whole devices count 1000 thousandths each; shares of a device their share.
                    gpus += job.GpuMilli > 0 ? (long)placement[s].Replicas * job.GpuMilli : placement[s].Count * 1000L;
                }

                if (double.IsNaN(job.FirstStart))
                {
                    job.FirstStart = Now;
                }

                job.HeldGpus = gpus;
                _held += gpus;
                SetRunning(job, true);
                if (_scheduler.TryGetEstimatedEnd(job.Id, out double end) && end < MaxSeconds)
                {
                    long endTicks = Math.Max((long)Math.Ceiling(end * TicksPerSecond), _clock.Ticks + 1);
                    _finishes.Enqueue((job, job.Version), (endTicks, job.Order));
                }

                Emit(SimulationEventKind.Start, job.Id, placement);
            }
            else
            {
                _held -= job.HeldGpus;
                job.HeldGpus = 0;
                SetRunning(job, false);
                job.Preemptions++;
                _preemptions++;
                Emit(SimulationEventKind.Preempt, job.Id, []);
            }
        }
    }

    private void SetRunning(LiveJob job, bool running)
    {
        if (job.Running != running)
        {
            job.Running = running;
            _running += running ? 1 : -1;
        }
    }

    private long PeekFinish()
    {
        while (_finishes.TryPeek(out (LiveJob Job, int Version) entry, out (long Ticks, long Order) key))
        {
            if (entry.Job.Version == entry.Version)
            {
                return key.Ticks;
            }

            _finishes.Dequeue();
        }

        return long.MaxValue;
    }

    private long NextWakeUp()
    {
        if (_scheduler.NextWakeUp is not { } wake)
        {
            _stalls = 0;
            return long.MaxValue;
        }

        // One tick late, so that the scheduler's rounding of the instant to a DateTimeOffset cannot land just before it.
        long ticks = (wake - VirtualTimeProvider.Origin).Ticks + 1;
        if (ticks <= _lastTickAt)
        {
            if (++_stalls > MaxStalls)
            {
                throw new InvalidOperationException($"The scheduler asked {MaxStalls} times in a row for a tick at an instant already ticked (t = {Now} s) without progress.");
            }

            return _lastTickAt + StallStep;
        }

        _stalls = 0;
        return Math.Max(ticks, _clock.Ticks);
    }

    private void Emit(SimulationEventKind kind, string jobId, IReadOnlyList<PlacementSlice> placement)
    {
        if (_sink is null)
        {
            return;
        }

        if (_clock.Ticks != _instantTicks)
        {
            FlushInstant();
            _instantTicks = _clock.Ticks;
        }

        // A start and a preemption at the same instant: the job ran for no time, so neither is reported.
        if (kind == SimulationEventKind.Preempt && _instantStarts.Remove(jobId, out int index))
        {
            _instant[index] = default;
            return;
        }

        if (kind == SimulationEventKind.Start)
        {
            _instantStarts[jobId] = _instant.Count;
        }

        _instant.Add(new SimulationEvent(Now, kind, jobId, placement));
    }

    private void FlushInstant()
    {
        if (_sink is null)
        {
            return;
        }

        for (int i = 0; i < _instant.Count; i++)
        {
            SimulationEvent item = _instant[i];
            if (item.JobId is not null)
            {
                _sink.OnEvent(item);
            }
        }

        _instant.Clear();
        _instantStarts.Clear();
    }

    private SimulationResult Summarize(double wallSeconds)
    {
        double makespan = double.IsNaN(_lastFinish) ? 0 : _lastFinish - _firstArrival;
        double[] completion = [.. _completionTimes];
        Array.Sort(completion);
        double mean = 0;
        for (int i = 0; i < completion.Length; i++)
        {
            mean += completion[i];
        }

        int completed = completion.Length;
        double[] queueMeans = new double[_queueFairness.Count];
        int q = 0;
        foreach (KeyValuePair<string, (double Sum, long Count)> entry in _queueFairness)
        {
            queueMeans[q++] = entry.Value.Sum / entry.Value.Count;
        }

        double end = double.IsNaN(_lastFinish) ? Now : _lastFinish;
        return new SimulationResult
        {
            PolicyName = _options.PolicyName ?? SimulationOptions.NameOf(_scheduler.Policy),
            Policy = _scheduler.Policy,
            Seed = _options.Seed,
            Jobs = _jobs,
            Completed = completed,
            Makespan = makespan,
            MeanJct = completed > 0 ? mean / completed : double.NaN,
            MedianJct = Percentile(completion, 0.50),
            P95Jct = Percentile(completion, 0.95),
            P99Jct = Percentile(completion, 0.99),
            MeanQueueingDelay = completed > 0 ? _queueingDelaySum / completed : double.NaN,
            Utilization = makespan > 0 && _capacityGpus > 0 ? _utilization.Total / (_capacityGpus * makespan) : 0,
            UtilizationOverTime = _capacityGpus > 0
                ? _utilization.Samples(end, (start, length, gpuSeconds) => new UtilizationSample(start, length, length > 0 ? Math.Clamp(gpuSeconds / (_capacityGpus * length), 0, 1) : 0))
                : [],
            QueueLengthOverTime = _waiting.Samples(end, static (start, length, jobSeconds) => new QueueLengthSample(start, length, length > 0 ? jobSeconds / length : 0)),
            Preemptions = _preemptions,
            MeanFinishTimeFairness = _fairnessCount > 0 ? _fairnessSum / _fairnessCount : double.NaN,
            MaxFinishTimeFairness = _fairnessCount > 0 ? _fairnessMax : double.NaN,
            QueueFairness = queueMeans.Length > 0 ? JainFairnessIndex.Compute(queueMeans) : double.NaN,
            Events = _events,
            WallClockSeconds = wallSeconds,
        };
    }

    // Linear interpolation between order statistics (Hyndman and Fan, 1996, definition 7).
    private static double Percentile(double[] sorted, double probability)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double position = probability * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>A job in the system: what the simulator tracks between its arrival and its finish.</summary>
    private sealed class LiveJob(string id, string queue, double submitTime, long order)
    {
        public string Id { get; } = id;

        public string Queue { get; } = queue;

        public double SubmitTime { get; } = submitTime;

        public long Order { get; } = order;

        public double FirstStart { get; set; } = double.NaN;

        public double IdealTime { get; set; }

        public long HeldGpus { get; set; }   // thousandths of a GPU

        public int GpuMilli { get; init; }

        public bool Running { get; set; }

        public int Version { get; set; }

        public int Preemptions { get; set; }
    }

    /// <summary>Orders finishes by time, then by arrival.</summary>
    private sealed class FinishOrder : IComparer<(long Ticks, long Order)>
    {
        public static FinishOrder Instance { get; } = new();

        public int Compare((long Ticks, long Order) x, (long Ticks, long Order) y)
        {
            int byTime = x.Ticks.CompareTo(y.Ticks);
            return byTime != 0 ? byTime : x.Order.CompareTo(y.Order);
        }
    }
}
