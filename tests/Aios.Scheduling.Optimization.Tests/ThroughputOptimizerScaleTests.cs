using System.Diagnostics;
using System.Globalization;
using Aios.Scheduling.Optimization;

namespace Aios.Scheduling.Optimization.Tests;

// Issue 16's goal is under 1 s of LP per round at 1,000 active jobs on three device types. The time is written to the
// test output, never asserted (conventions §15); the assertions are that every policy solves such an instance.
public sealed class ThroughputOptimizerScaleTests
{
    [Fact]
    public void Solve_ThousandJobsOnGavelsCluster_SolvesEveryPolicyAndReportsTheTime()
    {
        (ThroughputJob[] jobs, Dictionary<string, int> gpus) = GavelLikeInstance(1000, seed: 16);
        ThroughputOptimizer.Solve(OptimizationPolicy.MaximumTotalThroughput, jobs[..10], gpus);

        foreach (OptimizationPolicy policy in Enum.GetValues<OptimizationPolicy>())
        {
            var times = new List<double>();
            ThroughputAllocation? allocation = null;
            for (int repeat = 0; repeat < 3; repeat++)
            {
                long start = Stopwatch.GetTimestamp();
                allocation = ThroughputOptimizer.Solve(policy, jobs, gpus);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            Assert.NotNull(allocation);
            Assert.Equal(1000, allocation.Fractions.Count);
            Assert.True(double.IsFinite(allocation.ObjectiveValue) && allocation.ObjectiveValue > 0);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{policy}: 1000 jobs x 3 types, objective {allocation.ObjectiveValue:G6}, solve {times.Min():F0} ms best / {times.Max():F0} ms worst of 3"));
        }
    }

    // Gavel's Fig. 9 cluster (36 K80, 36 P100, 36 V100) and jobs whose speed-ups from K80 to P100 to V100 span the
    // ranges of Gavel's throughput table; scale factors 1, 2, 4, 8 in roughly the shares of its generator.
    private static (ThroughputJob[] Jobs, Dictionary<string, int> Gpus) GavelLikeInstance(int count, int seed)
    {
        var random = new Random(seed);
        var gpus = new Dictionary<string, int> { ["k80"] = 36, ["p100"] = 36, ["v100"] = 36 };
        var jobs = new ThroughputJob[count];
        for (int job = 0; job < count; job++)
        {
            double k80 = 0.5 + (random.NextDouble() * 20);
            double p100 = k80 * (1.2 + (random.NextDouble() * 3));
            double v100 = p100 * (1.1 + (random.NextDouble() * 1.5));
            double draw = random.NextDouble();
            jobs[job] = new ThroughputJob($"job{job}", new Dictionary<string, double> { ["k80"] = k80, ["p100"] = p100, ["v100"] = v100 })
            {
                ScaleFactor = draw < 0.7 ? 1 : draw < 0.8 ? 2 : draw < 0.95 ? 4 : 8,
                RemainingSteps = 1000 + (random.NextDouble() * 1e6),
                ElapsedSeconds = random.NextDouble() * 3600,
                IsolatedElapsedSeconds = random.NextDouble() * 3600,
            };
        }

        return (jobs, gpus);
    }
}
