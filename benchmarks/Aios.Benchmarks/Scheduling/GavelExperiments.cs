using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Benchmarks.Scheduling;

/// <summary>
/// <c>-- gavel-hetero [DATA] [JOBS] [single|multi] [RATES] [ss]</c>: Gavel's continuous-arrival experiment (Narayanan et al., OSDI 2020, §7.2,
/// Fig. 9) on 36 K80 + 36 P100 + 36 V100 (4 GPUs per server): Gavel's generator at several input job rates, mean JCT
/// of the jobs in a steady-state window under heterogeneity-aware and -agnostic LAS in the round-based mechanism, and
/// the core engine's <c>las</c> and <c>hetero</c> policies on the same jobs (<c>ss</c> adds a row for gavel-las-ss per
/// rate). <c>-- gavel-sharing [DATA] [JOBS] [RATES] [single]</c>: a
/// Philly-derived workload on 8 servers × 8 V100, SRTF and LAS without sharing against greedy packing and Gavel's
/// space-sharing max-min. Not timing benchmarks: they print markdown tables.
/// </summary>
internal static class GavelExperiments
{
    public static void RunHetero(string[] args)
    {
        GavelThroughputs? table = LoadTable(args, "gavel-hetero");
        if (table is null)
        {
            return;
        }

        int jobCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4000;
        bool multiGpu = args.Length > 3 && args[3] == "multi";
        double[] rates = args.Length > 4 ? [.. args[4].Split(',').Select(text => double.Parse(text, CultureInfo.InvariantCulture))] : multiGpu ? [0.5, 1, 1.5, 2] : [2, 3, 4, 5, 5.6, 6.5];
        bool spaceSharing = args.Length > 5 && args[5] == "ss";
        int windowStart = jobCount / 2;
        int windowEnd = jobCount * 3 / 4;

        // window=4000-5000 measures Gavel's own window (jobs 4000–4999); the plot is then not redrawn.
        string? window = args.FirstOrDefault(arg => arg.StartsWith("window=", StringComparison.Ordinal));
        if (window is not null)
        {
            string[] bounds = window["window=".Length..].Split('-');
            (windowStart, windowEnd) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[1], CultureInfo.InvariantCulture));
            if (windowStart < 0 || windowEnd <= windowStart || windowEnd > jobCount)
            {
                Console.Error.WriteLine($"gavel-hetero: the window must lie within the {jobCount} jobs (0 ≤ start < end ≤ {jobCount}); got {window}.");
                return;
            }
        }

        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("k80", 36), new("p100", 36), new("v100", 36)], 4);
        Console.WriteLine($"Gavel continuous arrivals, {(multiGpu ? "multi-GPU (scale factors 1/2/4/8 w.p. 0.7/0.1/0.15/0.05)" : "single-GPU")} jobs; 36 K80 + 36 P100 + 36 V100, 4 GPUs per server; {jobCount} jobs per run, mean JCT of jobs {windowStart}–{windowEnd - 1}; rounds of 360 s; seed 1.");
        Console.WriteLine();
        Console.WriteLine("| rate (jobs/h) | gavel-las (h) | gavel-las-agnostic (h) | agnostic / aware | core las (h) | core hetero (h) | core las / gavel-las | LP solves | mean LP (ms) | max LP (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var curves = new Dictionary<string, List<double>> { ["gavel-las"] = [], ["gavel-las-agnostic"] = [], ["core las"] = [], ["core hetero"] = [] };
        foreach (double rate in rates)
        {
            List<TraceJob> trace = [.. new GavelWorkload(table, rate, seed: 1, multiGpu: multiGpu).Generate().Take(jobCount)];
            List<RoundJob> jobs = trace.ConvertAll(job => RoundJob.FromTraceJob(job, table));
            RoundSimulationResult aware = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLas }).Run(jobs);
            RoundSimulationResult agnostic = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLasAgnostic }).Run(jobs);
            double awareJct = WindowMean(aware.Outcomes.Select(outcome => (outcome.JobId, outcome.CompletionTime)), windowStart, windowEnd);
            double agnosticJct = WindowMean(agnostic.Outcomes.Select(outcome => (outcome.JobId, outcome.CompletionTime)), windowStart, windowEnd);
            if (spaceSharing)
            {
                RoundSimulationResult shared = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLasSpaceSharing, Colocation = table }).Run(jobs);
                double sharedJct = WindowMean(shared.Outcomes.Select(outcome => (outcome.JobId, outcome.CompletionTime)), windowStart, windowEnd);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rate} | gavel-las-ss: {sharedJct / 3600:F1} h | agnostic / gavel-las-ss: {agnosticJct / sharedJct:F2} | gavel-las / gavel-las-ss: {awareJct / sharedJct:F2} | shared job-rounds {shared.SharedJobRounds} | LP mean {shared.MeanSolveSeconds * 1000:F1} ms, max {shared.MaxSolveSeconds * 1000:F1} ms |"));
            }

            double coreLas = CoreMean(cluster, trace, SchedulingPolicy.LeastAttainedService, windowStart, windowEnd);
            double coreHetero = CoreMean(cluster, trace, SchedulingPolicy.Heterogeneous, windowStart, windowEnd);
            curves["gavel-las"].Add(awareJct / 3600);
            curves["gavel-las-agnostic"].Add(agnosticJct / 3600);
            curves["core las"].Add(coreLas / 3600);
            curves["core hetero"].Add(coreHetero / 3600);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rate} | {awareJct / 3600:F1} | {agnosticJct / 3600:F1} | {agnosticJct / awareJct:F2} | {coreLas / 3600:F1} | {coreHetero / 3600:F1} | {coreLas / awareJct:F2} | {aware.AllocationSolves + agnostic.AllocationSolves} | {Math.Max(aware.MeanSolveSeconds, agnostic.MeanSolveSeconds) * 1000:F1} | {Math.Max(aware.MaxSolveSeconds, agnostic.MaxSolveSeconds) * 1000:F1} |"));
        }

        if (window is not null)
        {
            return;
        }

        WritePlot(
            $"scheduling-gavel-{(multiGpu ? "multi" : "single")}.svg",
            $"Gavel's generator, {(multiGpu ? "multi-GPU" : "single-GPU")} jobs, 36 K80 + 36 P100 + 36 V100: mean JCT of jobs {windowStart}–{windowEnd - 1}",
            rates,
            curves);
    }

    // The figure beside the tables in results/ (when run from the repository root): mean JCT in hours against the rate.
    private static void WritePlot(string file, string title, double[] rates, Dictionary<string, List<double>> curves)
    {
        string folder = Path.Combine("benchmarks", "Aios.Benchmarks", "results");
        if (Directory.Exists(folder))
        {
            Plots.ResultPlot.Lines(Path.Combine(folder, file), title, "input job rate (jobs/h)", "mean JCT (h)", [.. curves.Select(curve => new Plots.PlotSeries(curve.Key, rates, curve.Value))]);
        }
    }

    public static void RunSharing(string[] args)
    {
        GavelThroughputs? table = LoadTable(args, "gavel-sharing");
        if (table is null)
        {
            return;
        }

        string data = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data");
        IReadOnlyList<JobSize> sizes;
        using (var reader = new StreamReader(Path.Combine(data, "traces", "gavel", "philly_job_distribution.csv")))
        {
            sizes = GavelWorkloadGenerator.ReadJobSizes(reader);
        }

        int jobCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        double[] rates = args.Length > 3 ? [.. args[3].Split(',').Select(text => double.Parse(text, CultureInfo.InvariantCulture))] : [0.6, 0.8, 1.0, 1.2, 1.5];
        bool singleGpu = args.Length > 4 && args[4] == "single";
        if (singleGpu)
        {
            sizes = [.. sizes.Where(size => size.Gpus == 1)];
        }

        int windowStart = jobCount / 4;
        int windowEnd = jobCount * 3 / 4;
        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("v100", 64)], 8);
        RoundPolicy[] policies = [RoundPolicy.Srtf, RoundPolicy.Las, RoundPolicy.SrtfPacked, RoundPolicy.GavelLas, RoundPolicy.GavelLasSpaceSharing];
        Console.WriteLine($"Philly-derived workload{(singleGpu ? ", 1-GPU jobs only" : "")} (duration and GPUs drawn together from philly_job_distribution.csv, GPUs rounded up to 1/2/4/8, job type uniform among the table's types at that scale factor, steps = duration × isolated V100 throughput); 8 servers × 8 V100; {jobCount} jobs per run, mean JCT of jobs {windowStart}–{windowEnd - 1}; rounds of 360 s; packing threshold 1.1; seed 1.");
        Console.WriteLine();
        Console.WriteLine($"| rate (jobs/h) | {string.Join(" | ", policies.Select(policy => RoundPolicies.Name(policy) + " (h)"))} | srtf / srtf-packed | srtf / gavel-las-ss | shared job-rounds (srtf-packed, gavel-las-ss) |");
        Console.WriteLine($"|---:|{string.Concat(policies.Select(_ => "---:|"))}---:|---:|---:|");
        var curves = policies.ToDictionary(RoundPolicies.Name, _ => new List<double>());
        foreach (double rate in rates)
        {
            List<RoundJob> jobs = PhillyJobs(table, sizes, rate, jobCount, seed: 1);
            var means = new Dictionary<RoundPolicy, double>();
            var shared = new Dictionary<RoundPolicy, long>();
            foreach (RoundPolicy policy in policies)
            {
                RoundSimulationResult result = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = policy, Colocation = table }).Run(jobs);
                means[policy] = WindowMean(result.Outcomes.Select(outcome => (outcome.JobId, outcome.CompletionTime)), windowStart, windowEnd);
                shared[policy] = result.SharedJobRounds;
                curves[RoundPolicies.Name(policy)].Add(means[policy] / 3600);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rate} | {string.Join(" | ", policies.Select(policy => (means[policy] / 3600).ToString("F1", CultureInfo.InvariantCulture)))} | {means[RoundPolicy.Srtf] / means[RoundPolicy.SrtfPacked]:F2} | {means[RoundPolicy.Srtf] / means[RoundPolicy.GavelLasSpaceSharing]:F2} | {shared[RoundPolicy.SrtfPacked]}, {shared[RoundPolicy.GavelLasSpaceSharing]} |"));
        }

        WritePlot(
            $"scheduling-sharing-{(singleGpu ? "single" : "mix")}.svg",
            $"Philly-derived work{(singleGpu ? " (1-GPU jobs)" : "")} on 8 × 8 V100: mean JCT of jobs {windowStart}–{windowEnd - 1}",
            rates,
            curves);
    }

    // Poisson arrivals; each job's (duration, GPUs) drawn from the Philly distribution, GPUs capped at 8 and rounded up
    // to 1, 2, 4 or 8; its type uniform among the table's types with a V100 throughput at that scale factor.
    internal static List<RoundJob> PhillyJobs(GavelThroughputs table, IReadOnlyList<JobSize> sizes, double jobsPerHour, int count, int seed)
    {
        int[] scales = [1, 2, 4, 8];
        string[][] typesByScale = [.. scales.Select(scale => table.JobTypes.Where(type => table.TryGetIsolatedThroughput("v100", type, scale, out _)).ToArray())];
        var random = new Random(seed);
        var jobs = new List<RoundJob>(count);
        double time = 0;
        for (int index = 0; index < count; index++)
        {
            if (index > 0)
            {
                time += -Math.Log(1 - random.NextDouble()) / (jobsPerHour / 3600);
            }

            JobSize size = sizes[random.Next(sizes.Count)];
            int scaleIndex = Math.Min(size.Gpus, 8) switch { 1 => 0, 2 => 1, <= 4 => 2, _ => 3 };
            string type = typesByScale[scaleIndex][random.Next(typesByScale[scaleIndex].Length)];
            int scale = scales[scaleIndex];
            table.TryGetIsolatedThroughput("v100", type, scale, out double v100);
            jobs.Add(new RoundJob(index.ToString(CultureInfo.InvariantCulture), time, scale, Math.Max(1, size.DurationSeconds * v100), new Dictionary<string, double> { ["v100"] = v100 }) { JobType = type });
        }

        return jobs;
    }

    private static GavelThroughputs? LoadTable(string[] args, string mode)
    {
        string data = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data");
        string path = Path.Combine(data, "traces", "gavel", "simulation_throughputs.json");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path} not found: give the shared data folder as the argument after {mode}.");
            Environment.ExitCode = 1;
            return null;
        }

        using FileStream stream = File.OpenRead(path);
        return GavelThroughputs.Load(stream);
    }

    private static double WindowMean(IEnumerable<(string JobId, double Jct)> outcomes, int start, int end)
    {
        double sum = 0;
        int count = 0;
        foreach ((string id, double jct) in outcomes)
        {
            int index = int.Parse(id, CultureInfo.InvariantCulture);
            if (index >= start && index < end)
            {
                sum += jct;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private static double CoreMean(ClusterSpec cluster, List<TraceJob> trace, SchedulingPolicy policy, int start, int end)
    {
        var converter = new TraceJobConverter(4, restartOverhead: 0);
        var sink = new Outcomes();
        var simulator = new Simulator(cluster, new SimulationOptions { Scheduler = new SchedulerOptions { Policy = policy }, EventSink = sink });
        simulator.Run(converter.ConvertAll(trace));
        return WindowMean(sink.Finished, start, end);
    }

    private sealed class Outcomes : SimulationEventSink
    {
        public List<(string, double)> Finished { get; } = [];

        public override void OnJobFinished(in SimulationJobOutcome outcome) => Finished.Add((outcome.JobId, outcome.CompletionTime));
    }
}
