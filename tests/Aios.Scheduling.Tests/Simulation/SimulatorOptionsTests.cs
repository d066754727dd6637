using System.Collections;
using System.Diagnostics.Metrics;
using System.Reflection;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Simulation;

/// <summary>Every <see cref="SchedulerOptions"/> option reaches the scheduler a <see cref="Simulator"/> runs.</summary>
public sealed class SimulatorOptionsTests
{
    // Options the simulator replaces on purpose (documented on SimulationOptions.Scheduler).
    private static readonly HashSet<string> Replaced = [nameof(SchedulerOptions.TimeProvider), nameof(SchedulerOptions.RetainEndedJobs)];

    /// <summary>A value other than the default for every option; a new option fails the test until it has one here.</summary>
    private static Dictionary<string, object?> NonDefaultValues() => new(StringComparer.Ordinal)
    {
        [nameof(SchedulerOptions.Policy)] = SchedulingPolicy.Heterogeneous with { Backfill = true, Placement = PlacementStrategy.Spread },
        [nameof(SchedulerOptions.Queues)] = new List<QueueSpec> { new("research") { Weight = 3, GuaranteedGpus = 4 } },
        [nameof(SchedulerOptions.AgingIntervalSeconds)] = 17 * 60.0,
        [nameof(SchedulerOptions.AttainedServiceThresholds)] = new List<double> { 11, 22 },
        [nameof(SchedulerOptions.StarvationFactor)] = 3.0,
        [nameof(SchedulerOptions.ScanDepth)] = 7,
        [nameof(SchedulerOptions.HeterogeneityTolerance)] = 0.55,
        [nameof(SchedulerOptions.TimeProvider)] = new FakeTimeProvider(),
        [nameof(SchedulerOptions.LoggerFactory)] = new NullLoggerFactory(),
        [nameof(SchedulerOptions.MeterFactory)] = new PrivateMeterFactory(),
        [nameof(SchedulerOptions.RetainEndedJobs)] = true,
    };

    private static PropertyInfo[] Options() =>
        typeof(SchedulerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();

    [Fact]
    public void Run_EveryOption_ReachesTheScheduler()
    {
        var given = new SchedulerOptions();
        Dictionary<string, object?> values = NonDefaultValues();
        foreach (PropertyInfo option in Options())
        {
            Assert.True(values.ContainsKey(option.Name), $"SchedulerOptions.{option.Name} has no test value: add one, and carry it into the simulator's scheduler.");
            Assert.False(Same(option.GetValue(given), values[option.Name]), $"The test value of {option.Name} is its default.");
            option.SetValue(given, values[option.Name]);
        }

        var run = new SimulationRun(ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), new SimulationOptions { Scheduler = given });
        SchedulerOptions engine = run.Scheduler.Options;

        foreach (PropertyInfo option in Options())
        {
            if (Replaced.Contains(option.Name))
            {
                continue;
            }

            Assert.True(Same(option.GetValue(given), option.GetValue(engine)), $"SchedulerOptions.{option.Name} does not reach the simulator's scheduler.");
        }

        Assert.IsNotType<FakeTimeProvider>(engine.TimeProvider);
        Assert.False(engine.RetainEndedJobs);
    }

    [Fact]
    public void Run_HeterogeneityTolerance_DecidesTheDeviceType()
    {
        // 10 steps/s on an A100, 9 on a V100: the V100 keeps 90 % of the best, adequate at 0.8 but not at 0.95.
        var cluster = ClusterSpec.FromGpuCounts([new("a100", 8), new("v100", 8)], gpusPerNode: 8);
        JobSpec job = JobSpec.WithGpus("j", 1) with { TotalWork = 900, Throughputs = new Dictionary<string, double> { ["a100"] = 10, ["v100"] = 9 } };

        SimulationResult tolerant = RunOne(cluster, job, new SchedulerOptions { Policy = SchedulingPolicy.Heterogeneous, HeterogeneityTolerance = 0.8 });
        SimulationResult strict = RunOne(cluster, job, new SchedulerOptions { Policy = SchedulingPolicy.Heterogeneous, HeterogeneityTolerance = 0.95 });

        Assert.Equal(100, tolerant.MeanJct, 1e-6);
        Assert.Equal(90, strict.MeanJct, 1e-6);
    }

    [Fact]
    public void Run_ScanDepth_BoundsTheJobsExaminedInAPass()
    {
        // Three jobs too large for the 8-GPU cluster come first; a pass that may examine only one of them never reaches the small job.
        var cluster = ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8);
        SimulationJob[] jobs =
        [
            new(JobSpec.WithGpus("big0", 16) with { Duration = 10 }, 0),
            new(JobSpec.WithGpus("big1", 16) with { Duration = 10 }, 0),
            new(JobSpec.WithGpus("big2", 16) with { Duration = 10 }, 0),
            new(JobSpec.WithGpus("small", 1) with { Duration = 10 }, 0),
        ];

        SimulationResult deep = new Simulator(cluster, new SimulationOptions { Scheduler = new SchedulerOptions() }).Run(jobs, TestContext.Current.CancellationToken);
        SimulationResult shallow = new Simulator(cluster, new SimulationOptions { Scheduler = new SchedulerOptions { ScanDepth = 1 } }).Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(1, deep.Completed);
        Assert.Equal(0, shallow.Completed);
    }

    [Fact]
    public void Simulator_OptionsChangedAfterConstruction_KeepsItsSnapshotDownToTheSchedulerOptions()
    {
        var cluster = ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8);
        var options = new SimulationOptions { Scheduler = new SchedulerOptions { ScanDepth = 3 } };
        var simulator = new Simulator(cluster, options);

        options.Scheduler.ScanDepth = 4;
        options.Scheduler = new SchedulerOptions { ScanDepth = 5 };
        var run = new SimulationRun(simulator.Cluster, simulator.Options);

        Assert.Equal(3, simulator.Options.Scheduler.ScanDepth);
        Assert.Equal(3, run.Scheduler.Options.ScanDepth);
    }

    private static SimulationResult RunOne(ClusterSpec cluster, JobSpec job, SchedulerOptions options) =>
        new Simulator(cluster, new SimulationOptions { Scheduler = options }).Run([new SimulationJob(job, 0)], TestContext.Current.CancellationToken);

    private static bool Same(object? a, object? b) =>
        a is IEnumerable first && b is IEnumerable second && a is not string
            ? first.Cast<object?>().SequenceEqual(second.Cast<object?>())
            : Equals(a, b);

    private sealed class PrivateMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
