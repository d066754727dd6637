using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Aios.Benchmarks.Scheduling;

/// <summary>
/// Placement decisions per second on 10,000 nodes × 8 GPUs with 100,000 waiting jobs (target ≥ 50,000/s,
/// single-threaded, for FIFO, priority and DRF). The cluster is full and 100,000 jobs wait; one operation finishes the
/// oldest running job and submits a new one, so the scheduler places the job(s) that fit the freed GPUs and answers the
/// submission — the steady state of a busy cluster. Jobs ask for 1, 2, 4 or 8 GPUs on one node (equal shares), spread
/// over 10 queues, with priorities 0–3. <c>Burst</c> measures the cold start instead: 100,000 jobs submitted at once
/// to the empty cluster, placed in one pass (≈ 21,000 starts).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class PlacementBenchmarks
{
    /// <summary>Gets the share of jobs (percent) that ask for a share of one GPU instead of whole GPUs; 0 here.</summary>
    protected virtual int SharePercent => 0;

    private const int Nodes = 10_000;
    private const int GpusPerNode = 8;
    private const int Waiting = 100_000;
    private const int OperationsPerIteration = 20_000;

    private static readonly int[] Sizes = [1, 2, 4, 8];

    private Scheduler _scheduler = null!;
    private Queue<string> _running = null!;
    private int _next;
    private long _preemptions;
    private List<JobSpec> _burst = null!;

    [Params("fifo", "priority", "drf")]
    public string Policy { get; set; } = "fifo";

    /// <summary>Gets the Start decisions of the last iteration (a sanity figure printed in the log).</summary>
    public long Starts { get; private set; }

    [IterationSetup(Target = nameof(SteadyState))]
    public void SetupSteadyState()
    {
        _scheduler = new Scheduler(Cluster(), new SchedulerOptions { Policy = SchedulingPolicy.Parse(Policy) });
        _running = new Queue<string>();
        _next = 0;
        while (_scheduler.WaitingCount < Waiting)
        {
            foreach (SchedulingDecision decision in _scheduler.Submit(NextJob()))
            {
                if (decision.Kind == DecisionKind.Start)
                {
                    _running.Enqueue(decision.JobId);
                }
            }
        }
    }

    [IterationSetup(Target = nameof(Burst))]
    public void SetupBurst()
    {
        _scheduler = new Scheduler(Cluster(), new SchedulerOptions { Policy = SchedulingPolicy.Parse(Policy) });
        _next = 0;
        _burst = new List<JobSpec>(Waiting);
        for (int i = 0; i < Waiting; i++)
        {
            _burst.Add(NextJob());
        }
    }

    /// <summary>Prints the starts and preemptions of the iteration (they appear in the benchmark log), so decisions per second can be read off.</summary>
    [IterationCleanup]
    public void Report() => Console.WriteLine($"// {Policy}: {Starts} starts, {Preemptions} preemptions in the iteration");

    /// <summary>Gets the Preempt decisions of the last iteration.</summary>
    public long Preemptions { get; private set; }

    /// <summary>Finish one job and submit one, 20,000 times; time per operation ≈ time per placement.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerIteration)]
    public long SteadyState()
    {
        long starts = 0;
        _preemptions = 0;
        for (int i = 0; i < OperationsPerIteration; i++)
        {
            starts += Count(_scheduler.Finish(NextRunning()));
            starts += Count(_scheduler.Submit(NextJob()));
        }

        Starts = starts;
        Preemptions = _preemptions;
        return starts;
    }

    /// <summary>100,000 jobs submitted at once to the empty cluster; time per start.</summary>
    [Benchmark]
    public long Burst()
    {
        long starts = 0;
        Preemptions = 0;
        foreach (SchedulingDecision decision in _scheduler.SubmitMany(_burst))
        {
            starts += decision.Kind == DecisionKind.Start ? 1 : 0;
        }

        Starts = starts;
        return starts;
    }

    private long Count(IReadOnlyList<SchedulingDecision> decisions)
    {
        long starts = 0;
        for (int i = 0; i < decisions.Count; i++)
        {
            if (decisions[i].Kind == DecisionKind.Start)
            {
                _running.Enqueue(decisions[i].JobId);
                starts++;
            }
            else if (decisions[i].Kind == DecisionKind.Preempt)
            {
                _preemptions++;
            }
        }

        return starts;
    }

    // The oldest started job that is still running (a preempted job's entry is stale: it is queued again when it restarts).
    private string NextRunning()
    {
        while (true)
        {
            string id = _running.Dequeue();
            if (_scheduler.TryGetJob(id, out JobStatus? status) && status.Phase == JobPhase.Running)
            {
                return id;
            }
        }
    }

    private static ClusterSpec Cluster() => ClusterSpec.FromGpuCounts([new("a100", Nodes * GpusPerNode)], GpusPerNode);

    private JobSpec NextJob()
    {
        int n = _next++;
        uint hash = (uint)(n * 2654435761u);
        string id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"j{n}");
        JobSpec job = (int)(hash % 100) < SharePercent
            ? new JobSpec(id, 1, new ReplicaRequest(1) { GpuMilli = ShareMilli[(int)(hash / 100 % (uint)ShareMilli.Length)] })
            : JobSpec.WithGpus(id, Sizes[(int)(hash % Sizes.Length)]);
        return job with
        {
            Queue = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"q{n % 10}"),
            Priority = (n / 7) % 4,
            Duration = 3600,
        };
    }

    // Shares of one GPU in milli-GPU, as common in Alibaba's 2023 trace (a quarter, a half and others).
    private static readonly int[] ShareMilli = [100, 200, 250, 300, 400, 500, 500, 600, 700, 800];
}

/// <summary>
/// <see cref="PlacementBenchmarks"/> with 44 % of the jobs asking for a share of one GPU (100–800 milli-GPU; the share of
/// fractional pods in Alibaba's 2023 trace), the rest whole GPUs as there: the engine's per-device accounting under load.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class SharePlacementBenchmarks : PlacementBenchmarks
{
    /// <inheritdoc/>
    protected override int SharePercent => 44;
}
