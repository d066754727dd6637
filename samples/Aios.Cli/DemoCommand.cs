using System.CommandLine;
using System.Globalization;
using Aios.Cli.Data;
using Aios.Cli.Devices;
using Aios.Cli.Serving;
using Aios.Queueing;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;
using Aios.Scheduling.Sharing;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Cli;

/// <summary><c>aios demo</c>: a short capacity-planning walk-through of an inference service, using every model family.</summary>
internal static class DemoCommand
{
    private const double ArrivalRate = 120;      // requests per second
    private const double ServiceRate = 10;       // requests per second per GPU replica (100 ms each)
    private const double WaitTarget = 0.050;     // seconds
    private const double ServiceLevelTarget = 0.95;

    public static Command Create(CliConsole console)
    {
        var command = new Command("demo", "A walk-through: devices, capacity planning, scheduling policies, training data, caching, and model serving.");
        command.SetAction(async (_, cancellationToken) =>
        {
            console.Out.WriteLine("Aios demo");
            console.Out.WriteLine();
            console.Out.WriteLine("0. The devices of this machine (aios devices)");
            DevicesOutput.WriteTable(console.Out, await DevicesEvaluator.DiscoverAsync(cancellationToken).ConfigureAwait(false));
            console.Out.WriteLine();
            Run(console.Out);
            console.Out.WriteLine();
            RunSchedulingComparison(console.Out);
            console.Out.WriteLine();
            RunSharingComparison(console.Out, FindSharedData());
            console.Out.WriteLine();
            DataDemo.Run(console.Out);
            console.Out.WriteLine();
            CacheDemo.Run(console.Out);
            console.Out.WriteLine();
            await ServingDemo.RunAsync(console.Out, FindSharedData(), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The shared data folder: <c>$AIOS_SHARED_DATA</c>, else <c>../shared/data</c> beside the checkout (the demo runs from
    /// the repository root); null when neither exists, and the demo uses generated traffic instead.</summary>
    public static string? FindSharedData()
    {
        string? configured = Environment.GetEnvironmentVariable("AIOS_SHARED_DATA");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured))
        {
            return configured;
        }

        string beside = Path.GetFullPath(Path.Combine("..", "shared", "data"));
        return Directory.Exists(beside) ? beside : null;
    }

    public static void Run(TextWriter output)
    {
        output.WriteLine("Sizing an inference service");
        output.WriteLine($"  Requests arrive at {ArrivalRate} /s (Poisson); one GPU replica serves {ServiceRate} /s (100 ms mean).");
        output.WriteLine($"  Offered load a = {ArrivalRate / ServiceRate} Erlangs: at least {Math.Floor(ArrivalRate / ServiceRate) + 1} replicas just to be stable.");
        output.WriteLine();

        output.WriteLine("1. M/M/c: what each replica count buys (times in ms)");
        output.WriteLine("   replicas  utilization  P(wait)   mean wait  p99 wait  p99 response  P(wait <= 50 ms)");
        for (int replicas = 13; replicas <= 18; replicas++)
        {
            var queue = new MMcQueue(ArrivalRate, ServiceRate, replicas);
            QueueMetrics metrics = queue.Evaluate();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {replicas,8}  {metrics.Utilization,10:P1}  {metrics.ProbabilityOfWaiting,7:P1}  {metrics.MeanWaitingTime * 1000,9:F2}  {queue.WaitingTimeQuantile(0.99) * 1000,8:F1}  {queue.ResponseTimeQuantile(0.99) * 1000,12:F1}  {queue.ServiceLevel(WaitTarget),16:P2}"));
        }

        output.WriteLine();
        int forLevel = Staffing.ServersForServiceLevel(ArrivalRate, ServiceRate, WaitTarget, ServiceLevelTarget);
        int forMean = Staffing.ServersForMeanWait(ArrivalRate, ServiceRate, 0.005);
        output.WriteLine("2. Staffing (solved, not searched by hand)");
        output.WriteLine($"   {ServiceLevelTarget:P0} of requests start within {WaitTarget * 1000} ms: {forLevel} replicas");
        output.WriteLine($"   mean wait at most 5 ms:                   {forMean} replicas");
        int atScale = Staffing.ServersForServiceLevel(ArrivalRate * 1000, ServiceRate, WaitTarget, ServiceLevelTarget);
        output.WriteLine($"   the same SLO at 1000x the traffic:        {atScale} replicas ({(double)atScale / forLevel:F0}x, not 1000x: pooling pays)");
        output.WriteLine();

        output.WriteLine($"3. Variability at {forLevel} replicas (G/G/c, Allen-Cunneen approximation)");
        foreach (var (label, arrivalScv, serviceScv) in new[] { ("Poisson arrivals, exponential service", 1.0, 1.0), ("steady arrivals, batched decode (low variance)", 0.5, 0.3), ("bursty arrivals, long-tailed prompts", 3.0, 2.5) })
        {
            QueueMetrics metrics = new GGcQueue(ArrivalRate, ServiceRate, forLevel, arrivalScv, serviceScv).Evaluate();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {label,-48} mean wait {metrics.MeanWaitingTime * 1000,7:F2} ms"));
        }

        output.WriteLine();
        output.WriteLine($"4. Admission control: at most K requests in the service ({forLevel} replicas, M/M/c/K)");
        foreach (int capacity in new[] { forLevel, forLevel + 4, forLevel + 16 })
        {
            QueueMetrics metrics = new MMcKQueue(ArrivalRate, ServiceRate, forLevel, capacity).Evaluate();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   K = {capacity,3}: {metrics.BlockingProbability,8:P3} rejected, mean wait of admitted {metrics.MeanWaitingTime * 1000,6:F2} ms"));
        }

        output.WriteLine();
        output.WriteLine($"5. Priorities: 30% interactive before 70% batch, {forLevel} replicas");
        PriorityClass[] classes = [new(ArrivalRate * 0.3, ServiceRate), new(ArrivalRate * 0.7, ServiceRate)];
        foreach (PriorityDiscipline discipline in new[] { PriorityDiscipline.NonPreemptive, PriorityDiscipline.PreemptiveResume })
        {
            PriorityQueueMetrics metrics = new MultiClassPriorityQueue(classes, forLevel, discipline).Evaluate();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {discipline,-17} interactive wait {metrics.Classes[0].MeanWaitingTime * 1000,6:F2} ms, batch wait {metrics.Classes[1].MeanWaitingTime * 1000,6:F2} ms"));
        }

        output.WriteLine();
        output.WriteLine("Next: 'aios queueing mmc --help', or 'aios queueing eval --input models.jsonl' for batches.");
    }

    /// <summary>
    /// Compares the scheduling policies on a small heterogeneous cluster: a seeded synthetic Gavel-style workload
    /// (training jobs with steps and per-device throughputs), simulated with the scheduler in the loop.
    /// </summary>
    public static void RunSchedulingComparison(TextWriter output)
    {
        const int jobs = 300;
        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("k80", 8), new("p100", 8), new("v100", 8)], gpusPerNode: 4);
        output.WriteLine("6. Scheduling policies on a simulated cluster (aios simulate)");
        output.WriteLine($"   {cluster.TotalDevices} GPUs (8 each of k80, p100, v100; 4 per node), {jobs} synthetic training jobs (seeded), Poisson arrivals");
        output.WriteLine("   policy              mean JCT h  p99 JCT h  makespan h  utilization  preemptions  FTF rho mean");
        foreach (string name in SchedulingPolicy.Names)
        {
            var simulator = new Simulator(cluster, new SimulationOptions { Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.Parse(name) }, PolicyName = name });
            SimulationResult result = simulator.Run(new TraceJobConverter(gpusPerNode: 4).ConvertAll(SyntheticWorkload(jobs, seed: 42)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {name,-18} {result.MeanJct / 3600,10:F2} {result.P99Jct / 3600,10:F2} {result.Makespan / 3600,11:F2} {result.Utilization,12:P1} {result.Preemptions,12} {result.MeanFinishTimeFairness,13:F2}"));
        }

        // Gavel's round-based mechanism on the same jobs (Aios.Scheduling.Optimization): the allocation over time on each
        // type is a linear program, re-solved as jobs come and go; the agnostic variant hides the throughputs from it.
        List<RoundJob> rounds = [.. SyntheticWorkload(jobs, seed: 42).Select(job => RoundJob.FromTraceJob(job))];
        foreach (RoundPolicy policy in new[] { RoundPolicy.GavelLas, RoundPolicy.GavelLasAgnostic })
        {
            RoundSimulationResult result = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = policy }).Run(rounds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {RoundPolicies.Name(policy),-18} {result.MeanJct / 3600,10:F2} {result.P99Jct / 3600,10:F2} {result.Makespan / 3600,11:F2} {result.Utilization,12:P1} {result.Preemptions,12} {"n/a",13}"));
        }

        output.WriteLine("   LAS and SRTF cut the mean JCT by running short jobs first; hetero picks each job's device type from its throughputs (the slowest type within 80 % of its best first, leaving fast GPUs to the jobs that gain most); the others follow the cluster's type order (k80 first).");
        output.WriteLine("   gavel-las is Gavel's heterogeneity-aware max-min fairness in 6-minute rounds (gavel-las-agnostic: the same program blind to throughputs); preemptions there are jobs descheduled at a round's end.");
    }

    private static readonly int[] DemoShares = [100, 250, 300, 500, 500, 700];
    private static readonly int[] DemoWholeGpus = [1, 1, 1, 2, 4, 8];

    /// <summary>
    /// Packs shares of GPUs (Aios.Scheduling.Sharing), FGD's inflation experiment: pods arrive at an empty cluster until
    /// their GPU demand equals its capacity; what each placement strategy leaves unallocated. On Alibaba's 2023 trace
    /// (every fourth of its 1,213 nodes, its pods, one seed) when the shared data is at hand, else on a synthetic cluster
    /// and pod mix.
    /// </summary>
    public static void RunSharingComparison(TextWriter output, string? sharedData)
    {
        IReadOnlyList<GpuShareNode> nodes;
        IReadOnlyList<GpuShareRequest> pods;
        string source;
        string? folder = sharedData is null ? null : Path.Combine(sharedData, "traces", "alibaba-v2023");
        if (folder is not null && File.Exists(Path.Combine(folder, "openb_node_list_gpu_node.csv")) && File.Exists(Path.Combine(folder, "openb_pod_list_default.csv")))
        {
            // Every fourth node keeps the trace's mix of machines and keeps the demo quick; the full runs are in the results.
            nodes = [.. AlibabaGpuTrace.ReadNodes(Path.Combine(folder, "openb_node_list_gpu_node.csv")).Where((_, index) => index % 4 == 0)];
            pods = [.. AlibabaGpuTrace.ReadPods(Path.Combine(folder, "openb_pod_list_default.csv")).Select(pod => pod.ToRequest())];
            source = $"Alibaba's 2023 GPU-sharing trace: every 4th node ({nodes.Count:N0} nodes, {nodes.Sum(n => n.Gpus):N0} GPUs), pods drawn from its {pods.Count:N0}";
        }
        else
        {
            var random = new Random(7);
            nodes = [.. Enumerable.Range(0, 100).Select(i => new GpuShareNode($"n{i:D3}", gpus: 8, cpuMilli: 64_000, memoryBytes: 512L << 30))];
            pods =
            [
                .. Enumerable.Range(0, 60).Select(_ => GpuShareRequest.Fraction(DemoShares[random.Next(DemoShares.Length)], cpuMilli: 2_000 * (1 + random.Next(6)))),
                .. Enumerable.Range(0, 40).Select(_ => GpuShareRequest.Whole(DemoWholeGpus[random.Next(DemoWholeGpus.Length)], cpuMilli: 6_000)),
            ];
            source = "a synthetic cluster (100 nodes × 8 GPUs) and pod mix (no shared data found)";
        }

        GpuShareWorkload workload = GpuShareWorkload.FromSample(pods);
        output.WriteLine("6b. Shares of GPUs (milli-GPU), packed until the arrived demand equals the GPU capacity");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {source}"));
        output.WriteLine("   strategy     unallocated at the first refused pod   unallocated at the end   pods refused");
        foreach (GpuShareStrategy strategy in new[] { GpuShareStrategy.BestFit, GpuShareStrategy.DotProduct, GpuShareStrategy.Random, GpuShareStrategy.Fgd })
        {
            InflationResult result = InflationExperiment.Run(nodes, pods, strategy, seed: 1, workload: workload);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {strategy,-10} {result.UnallocatedShareAtFirstFailure,30:P1} {result.Final.FreeShare,24:P1} {result.Failed,14}"));
        }

        output.WriteLine("   FGD (Weng et al., ATC'23) places each pod where it fragments the cluster least against the pod mix; on Alibaba's trace it leaves");
        output.WriteLine("   46 % less GPU capacity unallocated than the best baseline (10 seeds: benchmarks/Aios.Benchmarks/results/scheduling-fractional.md).");
    }

    private static IEnumerable<TraceJob> SyntheticWorkload(int count, int seed)
    {
        var random = new Random(seed);
        int[] sizes = [1, 1, 1, 1, 2, 2, 4, 8];
        double time = 0;
        for (int i = 0; i < count; i++)
        {
            time += -Math.Log(1 - random.NextDouble()) * 240;
            double k80 = 1 + random.NextDouble();
            double hours = Math.Exp(random.NextDouble() * Math.Log(20)) * 0.25;
            yield return new TraceJob(i.ToString(CultureInfo.InvariantCulture), Math.Round(time), sizes[random.Next(sizes.Length)])
            {
                TotalSteps = (long)Math.Max(1, hours * 3600 * k80),
                Throughputs = new Dictionary<string, double> { ["k80"] = k80, ["p100"] = k80 * (1.5 + random.NextDouble()), ["v100"] = k80 * (2 + (4 * random.NextDouble())) },
                Queue = "team" + random.Next(3).ToString(CultureInfo.InvariantCulture),
                Priority = 1 + random.Next(3),
            };
        }
    }
}
