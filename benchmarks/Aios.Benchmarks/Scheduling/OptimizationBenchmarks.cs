using Aios.Scheduling.Optimization;
using Aios.Scheduling.Traces;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Aios.Benchmarks.Scheduling;

/// <summary>
/// One allocation of Gavel's policies at 1,000 active jobs on 36 K80 + 36 P100 + 36 V100 (issue 16's goal: under 1 s
/// for max-min fairness). The jobs are Gavel's generator's (<see cref="GavelWorkload"/>, multi-GPU, seed 1) on the
/// throughputs table of the shared data when it is found (../shared/data or $AIOS_SHARED_DATA), else synthetic jobs
/// whose K80 → P100 → V100 speed-ups span the table's range. <c>SpaceSharing</c> is the max-min linear program over
/// singles and candidate pairs (3 partners per job and type) that <c>gavel-las-ss</c> solves, when the table is found.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class OptimizationBenchmarks
{
    private static readonly Dictionary<string, int> Gpus = new() { ["k80"] = 36, ["p100"] = 36, ["v100"] = 36 };
    private ThroughputJob[] _jobs = [];
    private GavelThroughputs? _table;
    private List<SpaceSharingAllocator.Member> _members = [];

    [Params(OptimizationPolicy.MaxMinFairness, OptimizationPolicy.MaximumTotalThroughput)]
    public OptimizationPolicy Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string? data = Environment.GetEnvironmentVariable("AIOS_SHARED_DATA");
        string path = Path.Combine(data ?? Path.Combine("..", "shared", "data"), "traces", "gavel", "simulation_throughputs.json");
        for (string? folder = Directory.GetCurrentDirectory(); data is null && folder is not null && !File.Exists(path); folder = Path.GetDirectoryName(folder))
        {
            path = Path.Combine(folder, "..", "shared", "data", "traces", "gavel", "simulation_throughputs.json");
        }

        string[] types = ["k80", "p100", "v100"];
        if (File.Exists(path))
        {
            using FileStream stream = File.OpenRead(path);
            _table = GavelThroughputs.Load(stream);
            List<TraceJob> trace = [.. new GavelWorkload(_table, 5, seed: 1).Generate().Take(1000)];
            _jobs = [.. trace.Select(job => new ThroughputJob(job.Id, job.Throughputs) { ScaleFactor = job.ScaleFactor, RemainingSteps = job.TotalSteps })];
            _members = trace.ConvertAll(job => new SpaceSharingAllocator.Member(job.JobType, job.ScaleFactor, [.. types.Select(type => job.Throughputs.GetValueOrDefault(type))]));
            return;
        }

        var random = new Random(1);
        _jobs = new ThroughputJob[1000];
        for (int job = 0; job < _jobs.Length; job++)
        {
            double k80 = 0.5 + (random.NextDouble() * 20);
            double p100 = k80 * (1.2 + (random.NextDouble() * 3));
            double v100 = p100 * (1.1 + (random.NextDouble() * 1.5));
            double draw = random.NextDouble();
            _jobs[job] = new ThroughputJob($"job{job}", new Dictionary<string, double> { ["k80"] = k80, ["p100"] = p100, ["v100"] = v100 })
            {
                ScaleFactor = draw < 0.7 ? 1 : draw < 0.8 ? 2 : draw < 0.95 ? 4 : 8,
                RemainingSteps = 1000 + (random.NextDouble() * 1e6),
            };
        }
    }

    [Benchmark]
    public double Solve() => ThroughputOptimizer.Solve(Policy, _jobs, Gpus).ObjectiveValue;

    [Benchmark]
    public int SpaceSharing() => _table is null || Policy != OptimizationPolicy.MaxMinFairness
        ? 0
        : SpaceSharingAllocator.Allocate(_members, _jobs, ["k80", "p100", "v100"], Gpus, new RoundSimulationOptions { Policy = RoundPolicy.GavelLasSpaceSharing, Colocation = _table }).Count;
}
