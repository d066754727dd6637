using System.Globalization;
using System.Threading.Channels;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;
using Aios.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.KubeBench;

/// <summary>
/// Replays the first jobs of the Philly trace through the API server: each job's pods are created at its submit time (a
/// gang shaped as <see cref="TraceJobConverter"/> shapes it for <c>aios simulate</c>), Aios's
/// <see cref="Scheduling.Kubernetes.KubernetesScheduler"/> binds them, and the harness, as a kubelet would, marks a job's
/// pods Succeeded (status subresource) once its duration has passed since its last pod was bound. Trace time runs at
/// <c>--scale</c> trace seconds per real second; with <c>--skip-idle</c> the clock also jumps over stretches in which
/// nothing can happen. Mean JCT in trace seconds is compared with the simulator on the same jobs, cluster and policy.
/// </summary>
internal static class PhillyReplay
{
    /// <summary>How far before the next event a skip stops, in real seconds.</summary>
    private const double SkipMarginSeconds = 0.2;

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        string trace = arguments.Text("trace", null) ?? DefaultTrace();
        int count = arguments.Int("jobs", 300);
        int nodes = arguments.Int("nodes", 8);
        int gpusPerNode = arguments.Int("gpus-per-node", 8);
        double scale = arguments.Double("scale", 3600);
        bool skipIdle = arguments.Flag("skip-idle");
        string policyName = arguments.Text("policy", "fifo")!;
        bool backfill = arguments.Flag("backfill");
        await using Contender contender = Contender.Create("aios", arguments);
        arguments.ThrowIfUnread();

        List<TraceJob> traceJobs = Simulator.SortBySubmitTime(TraceJob.RebaseSubmitTimes(PhillyTraceReader.ReadFile(trace).Take(count)));
        var converter = new TraceJobConverter(gpusPerNode);
        SchedulingPolicy policy = SchedulingPolicy.Parse(policyName) with { Backfill = backfill };
        string policyLabel = policyName + (backfill ? "+backfill" : "");

        // The reference: the simulator, as `aios simulate --trace-format philly --limit N --gpus v100=N*G --gpus-per-node G --policy P` runs it.
        var outcomes = new OutcomeCollector();
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("v100", nodes * gpusPerNode)], gpusPerNode), new SimulationOptions
        {
            Scheduler = new SchedulerOptions { Policy = policy },
            PolicyName = policyLabel,
            EventSink = outcomes,
        });
        SimulationResult reference = simulator.Run(converter.ConvertAll(traceJobs), cancellationToken);

        var jobs = new List<ReplayJob>(traceJobs.Count);
        for (int i = 0; i < traceJobs.Count; i++)
        {
            JobSpec spec = converter.Convert(traceJobs[i]);
            jobs.Add(new ReplayJob($"job-{i.ToString("D4", CultureInfo.InvariantCulture)}", traceJobs[i], spec.Replicas, spec.Request.Gpus, scale));
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"philly: {jobs.Count} jobs ({jobs.Sum(j => j.Replicas)} pods), {nodes} nodes × {gpusPerNode} GPUs, {policyLabel}, scale {scale}{(skipIdle ? ", idle stretches skipped" : "")} (simulated makespan {reference.Makespan:F0} s); {contender.Name}; load {BindScenario.LoadAverage()}"));

        string loadBefore = BindScenario.LoadAverage();
        await using BenchCluster cluster = await BenchCluster.StartAsync(nodes, gpusPerNode, "v100", cancellationToken).ConfigureAwait(false);
        IKubernetes[] clients = cluster.CreateClients(8);
        foreach (IKubernetes client in clients)
        {
            await client.CoreV1.ListNamespacedPodAsync("default", limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false); // connect (TLS) before the clock runs
        }

        await contender.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        var clock = new ReplayClock(BenchClock.Now + 0.5, scale);
        var state = new ReplayState(jobs, clock, clients, cancellationToken);
        cluster.Tracker.Bound = state.OnBound;
        double realStart = BenchClock.Now;
        using var stopChecks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(int Checks, List<string> Problems)> checks = CheckPeriodicallyAsync(cluster, stopChecks.Token);
        Task skipping = skipIdle ? SkipIdleAsync(state, cluster.Tracker, stopChecks.Token) : Task.CompletedTask;
        Task submissions = state.SubmitAsync();

        double timeout = (reference.Makespan / scale * 2) + 300;
        double lastReport = 0;
        while (!(submissions.IsCompleted && state.AllFinished))
        {
            await Task.Delay(TimeSpan.FromSeconds(0.5), cancellationToken).ConfigureAwait(false);
            double now = BenchClock.Now - realStart;
            if (now - lastReport >= 15)
            {
                lastReport = now;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{now,6:F0} s real, trace {clock.Now,9:F0} s: {jobs.Count(j => j.CreatedAt > 0)} submitted, {jobs.Count(j => j.StartAt > 0)} started, {jobs.Count(j => j.FinishAt > 0)} finished"));
            }

            if (now > timeout)
            {
                Console.Error.WriteLine($"timeout after {timeout:F0} s");
                break;
            }
        }

        await submissions.ConfigureAwait(false);
        await state.FinishingAsync().ConfigureAwait(false);
        double realSeconds = BenchClock.Now - realStart;
        await contender.DisposeAsync().ConfigureAwait(false);
        string notes = contender.Notes;
        await stopChecks.CancelAsync().ConfigureAwait(false);
        await skipping.ConfigureAwait(false);
        (int periodicChecks, List<string> periodicProblems) = await checks.ConfigureAwait(false);
        ApiServerCheck final = await cluster.CheckAsync(cancellationToken).ConfigureAwait(false);
        foreach (IKubernetes client in clients)
        {
            client.Dispose();
        }

        Report(jobs, outcomes, reference, clock, realSeconds, policyLabel, nodes, gpusPerNode, cluster.Tracker, final, periodicChecks, periodicProblems, notes, loadBefore);
        bool ok = jobs.All(j => j.FinishAt > 0) && !final.OverCommitted && cluster.Tracker.Violations.Count == 0 && periodicProblems.Count == 0;
        return ok ? 0 : 1;
    }

    /// <summary>
    /// Jumps the trace clock over idle stretches: when no request of the harness is in flight, the watch has been silent
    /// (0.3 s; 1 s while pods wait, so a pass in progress can finish), and the next submit or finish is further away than
    /// the margin, the clock moves to just before it. Nothing can change in such a stretch: no pod is created or ends, and
    /// the policy (FIFO) does not look at the clock.
    /// </summary>
    private static async Task SkipIdleAsync(ReplayState state, PodTracker tracker, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(0.05), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            double now = BenchClock.Now;
            double silence = state.PodsWaiting ? 1.0 : 0.3;
            if (state.InFlight > 0 || now - Math.Max(tracker.LastEventAt, state.LastActionAt) < silence)
            {
                continue;
            }

            double next = state.NextEvent();
            double gap = next - state.Clock.Now - (SkipMarginSeconds * state.Clock.Scale);
            if (double.IsFinite(next) && gap > 0)
            {
                state.Clock.Skip(gap);
                state.Skips++;
            }
        }
    }

    /// <summary>Every 2 s, the whole cluster from the API server's lists (besides the tracker's check at every watch event).</summary>
    private static async Task<(int Checks, List<string> Problems)> CheckPeriodicallyAsync(BenchCluster cluster, CancellationToken cancellationToken)
    {
        int checks = 0;
        var problems = new List<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                ApiServerCheck check = await cluster.CheckAsync(cancellationToken).ConfigureAwait(false);
                checks++;
                problems.AddRange(check.Problems);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return (checks, problems);
    }

    private static void Report(List<ReplayJob> jobs, OutcomeCollector outcomes, SimulationResult reference, ReplayClock clock, double realSeconds, string policy, int nodes, int gpusPerNode,
        PodTracker tracker, ApiServerCheck final, int periodicChecks, List<string> periodicProblems, string notes, string loadBefore)
    {
        var text = CultureInfo.InvariantCulture;
        List<ReplayJob> finished = [.. jobs.Where(j => j.FinishAt > 0)];
        double meanJct = finished.Count == 0 ? double.NaN : finished.Average(j => j.FinishAt - j.Trace.SubmitTime);
        double meanQueue = finished.Count == 0 ? double.NaN : finished.Average(j => j.StartAt - j.Trace.SubmitTime);
        double meanCreateLag = jobs.Where(j => j.CreatedAt > 0).Average(j => j.CreatedAt - j.Trace.SubmitTime);
        double meanOvershoot = finished.Average(j => j.FinishAt - j.StartAt - j.Trace.Duration!.Value);
        double diff = (meanJct - reference.MeanJct) / reference.MeanJct * 100;

        // Per job against the simulator: how much later each ran, and the scheduling latency of jobs the simulator started at once.
        var perJob = new List<double>();
        var latencies = new List<double>();
        int later = 0, earlier = 0;
        foreach (ReplayJob job in finished)
        {
            if (!outcomes.ById.TryGetValue(job.Trace.Id, out SimulationJobOutcome outcome))
            {
                continue;
            }

            double delta = job.FinishAt - job.Trace.SubmitTime - outcome.CompletionTime;
            perJob.Add(delta);
            later += delta > 0.01 * outcome.CompletionTime ? 1 : 0;
            earlier += delta < -0.01 * outcome.CompletionTime ? 1 : 0;
            if (outcome.QueueingDelay == 0)
            {
                latencies.Add(job.StartRealAt - job.CreatedRealAt);
            }
        }

        perJob.Sort();
        latencies.Sort();
        static double At(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
        double makespan = finished.Count == 0 ? double.NaN : finished.Max(j => j.FinishAt);
        bool overCommitted = final.OverCommitted || tracker.Violations.Count > 0 || periodicProblems.Count > 0;
        Console.WriteLine(string.Create(text,
            $"| {policy} | {nodes} × {gpusPerNode} | {clock.Scale:F0}{(clock.Skipped > 0 ? " + idle skipped" : "")} | {realSeconds:F0} | {finished.Count} of {jobs.Count} | {reference.MeanJct:F0} | {meanJct:F0} | {diff:+0.0;-0.0}% | {reference.MeanQueueingDelay:F0} | {meanQueue:F0} | {reference.Makespan:F0} | {makespan:F0} | {At(latencies, 0.5) * 1000:F0} / {At(latencies, 0.95) * 1000:F0} | {(overCommitted ? "**yes**" : "no")} |"));
        Console.WriteLine(string.Create(text,
            $"per job (replay − simulator JCT, trace s): median {At(perJob, 0.5):F0}, p5 {At(perJob, 0.05):F0}, p95 {At(perJob, 0.95):F0}, mean {perJob.Average():F0}; {later} jobs > 1% later, {earlier} > 1% earlier"));
        Console.WriteLine(string.Create(text,
            $"replay means (trace s): creation lag {meanCreateLag:F1}, submit→start {meanQueue:F1} (simulator {reference.MeanQueueingDelay:F1}), run overshoot (Succeeded written − start − duration) {meanOvershoot:F1}; scheduling latency (pods created → last pod bound) of the {latencies.Count} jobs the simulator started at once: median {At(latencies, 0.5) * 1000:F0} ms, p95 {At(latencies, 0.95) * 1000:F0} ms real; {clock.Skipped:F0} trace s skipped as idle"));
        Console.WriteLine($"over-commit: checked at every watch event ({tracker.Checks} checks, {tracker.Violations.Count} violations, max {tracker.MaxNodeGpusUsed} GPUs on a node), {periodicChecks} full API-server checks every 2 s ({periodicProblems.Count} problems), final check: {(final.OverCommitted ? string.Join("; ", final.Problems) : "none over")}; pods {final.Pods}, jobs ended {finished.Count} of {jobs.Count}");
        Console.WriteLine($"scheduler: {notes}");
        Console.WriteLine($"load average before {loadBefore}, after {BindScenario.LoadAverage()}");
    }

    private static string DefaultTrace()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "traces", "philly", "philly.csv"));
            }
        }

        throw new ArgumentException("--trace is needed: ../shared/data/traces/philly/philly.csv was not found beside the checkout.");
    }

    /// <summary>One trace job in the replay; times are trace seconds (…At) and <see cref="BenchClock"/> seconds (…RealAt).</summary>
    private sealed class ReplayJob(string name, TraceJob trace, int replicas, int gpusPerPod, double scale)
    {
        public string Name { get; } = name;

        public TraceJob Trace { get; } = trace;

        public int Replicas { get; } = replicas;

        public int GpusPerPod { get; } = gpusPerPod;

        /// <summary>The duration in real seconds, written on the pods as <c>aios.dev/duration-seconds</c>.</summary>
        public double DurationReal { get; } = trace.Duration!.Value / scale;

        public int BoundPods { get; set; }

        public double CreatedAt { get; set; }

        public double CreatedRealAt { get; set; }

        public double StartAt { get; set; }

        public double StartRealAt { get; set; }

        public double FinishAt { get; set; }

        public string PodName(int replica) => $"{Name}-{replica.ToString("D2", CultureInfo.InvariantCulture)}";
    }

    /// <summary>What the harness does in the replay: creating pods when jobs are submitted, and ending them (the kubelet's part).</summary>
    private sealed class ReplayState(List<ReplayJob> jobs, ReplayClock clock, IKubernetes[] clients, CancellationToken cancellationToken)
    {
        private static readonly V1Patch Succeeded = new("{\"status\":{\"phase\":\"Succeeded\"}}", V1Patch.PatchType.MergePatch);
        private readonly Lock _lock = new();
        private readonly Dictionary<string, ReplayJob> _byName = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        private readonly List<Task> _finishing = [];
        private int _nextSubmit;
        private int _inFlight;
        private int _finished;
        private int _client;
        private double _lastActionAt;

        public ReplayClock Clock => clock;

        public int Skips { get; set; }

        public int InFlight => Volatile.Read(ref _inFlight);

        public double LastActionAt => Volatile.Read(ref _lastActionAt);

        public bool AllFinished => Volatile.Read(ref _finished) == jobs.Count;

        /// <summary>Whether pods exist that are not bound yet (the scheduler may still be deciding).</summary>
        public bool PodsWaiting
        {
            get
            {
                lock (_lock)
                {
                    return jobs.Any(j => j.CreatedAt > 0 && j.StartAt == 0);
                }
            }
        }

        /// <summary>The trace time of the next submit or finish.</summary>
        public double NextEvent()
        {
            lock (_lock)
            {
                double next = _nextSubmit < jobs.Count ? jobs[_nextSubmit].Trace.SubmitTime : double.PositiveInfinity;
                foreach (ReplayJob job in jobs)
                {
                    if (job.StartAt > 0 && job.FinishAt == 0)
                    {
                        next = Math.Min(next, job.StartAt + job.Trace.Duration!.Value);
                    }
                }

                return next;
            }
        }

        /// <summary>Creates each job's pods at its submit time: a dispatcher hands the jobs, in submit order, to one worker per client as they fall due.</summary>
        public async Task SubmitAsync()
        {
            Channel<ReplayJob> ready = Channel.CreateUnbounded<ReplayJob>(new UnboundedChannelOptions { SingleWriter = true });
            var workers = new Task[clients.Length];
            for (int w = 0; w < clients.Length; w++)
            {
                IKubernetes client = clients[w];
                workers[w] = Task.Run(async () =>
                {
                    await foreach (ReplayJob job in ready.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await CreateJobAsync(client, job).ConfigureAwait(false);
                    }
                }, cancellationToken);
            }

            for (int i = 0; i < jobs.Count; i++)
            {
                await clock.WaitUntilAsync(jobs[i].Trace.SubmitTime, cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _nextSubmit = i + 1;
                    Interlocked.Increment(ref _inFlight);
                }

                ready.Writer.TryWrite(jobs[i]);
            }

            ready.Writer.Complete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        public async Task FinishingAsync()
        {
            Task[] tasks;
            lock (_lock)
            {
                tasks = [.. _finishing];
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        /// <summary>From the tracker's watch: a job starts when its last pod is bound; its end is then due after its duration.</summary>
        public void OnBound(TrackedPod pod)
        {
            if (pod.Group is null || !_byName.TryGetValue(pod.Group, out ReplayJob? job))
            {
                return;
            }

            lock (_lock)
            {
                job.BoundPods++;
                if (job.BoundPods == job.Replicas)
                {
                    job.StartAt = clock.Now;
                    job.StartRealAt = pod.BoundAt;
                    _finishing.Add(FinishAsync(job));
                }
            }
        }

        private async Task CreateJobAsync(IKubernetes client, ReplayJob job)
        {
            var labels = new Dictionary<string, string> { [PodTracker.GroupLabel] = job.Name, ["aios.dev/queue"] = job.Trace.Queue ?? "default" };
            var annotations = new Dictionary<string, string>
            {
                ["aios.dev/min-members"] = job.Replicas.ToString(CultureInfo.InvariantCulture),
                ["aios.dev/duration-seconds"] = job.DurationReal.ToString("R", CultureInfo.InvariantCulture),
            };
            var gpus = new Dictionary<string, int> { [PodTracker.GpuResource] = job.GpusPerPod };
            var creates = new Task[job.Replicas];
            for (int r = 0; r < job.Replicas; r++)
            {
                creates[r] = client.CreatePodAsync(job.PodName(r), gpus, labels: labels, annotations: annotations, cancellationToken: cancellationToken);
            }

            await Task.WhenAll(creates).ConfigureAwait(false);
            lock (_lock)
            {
                job.CreatedAt = clock.Now;
                job.CreatedRealAt = BenchClock.Now;
                Interlocked.Decrement(ref _inFlight);
                _lastActionAt = BenchClock.Now;
            }
        }

        /// <summary>The kubelet's part: when the job's duration has passed since it started, its pods become Succeeded.</summary>
        private async Task FinishAsync(ReplayJob job)
        {
            await clock.WaitUntilAsync(job.StartAt + job.Trace.Duration!.Value, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _inFlight);
            IKubernetes client = clients[(Interlocked.Increment(ref _client) & int.MaxValue) % clients.Length];
            var updates = new Task[job.Replicas];
            for (int r = 0; r < job.Replicas; r++)
            {
                updates[r] = client.CoreV1.PatchNamespacedPodStatusAsync(Succeeded, job.PodName(r), "default", cancellationToken: cancellationToken);
            }

            await Task.WhenAll(updates).ConfigureAwait(false);
            lock (_lock)
            {
                job.FinishAt = clock.Now;
                Interlocked.Decrement(ref _inFlight);
                _finished++;
                _lastActionAt = BenchClock.Now;
            }
        }
    }

    private sealed class OutcomeCollector : SimulationEventSink
    {
        public Dictionary<string, SimulationJobOutcome> ById { get; } = new(StringComparer.Ordinal);

        public override void OnJobFinished(in SimulationJobOutcome outcome) => ById[outcome.JobId] = outcome;
    }
}
