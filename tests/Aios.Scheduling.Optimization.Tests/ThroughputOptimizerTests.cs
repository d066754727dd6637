using Aios.Scheduling.Optimization;
using FsCheck.Xunit;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class ThroughputOptimizerTests
{
    private const double Tolerance = 1e-6;

    // Two jobs, k80 (2 GPUs) and v100 (1 GPU); job a runs 4× faster on a v100, job b 2×. Equal share: 2/3 of k80 and
    // 1/3 of v100 each, so throughputs 2 and 4/3. k80 is abundant, so each row is full and the v100 is split:
    // n_a = (1 + 3·b_a) / 2 and n_b = 3/4·(1 + b_b) with b_a + b_b = 1 are equal at b_a = 4/9, b_b = 5/9: n = 7/6.
    private static readonly ThroughputJob[] TwoJobs =
    [
        new("a", new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 4 }),
        new("b", new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 2 }),
    ];

    private static readonly Dictionary<string, int> TwoTypes = new() { ["k80"] = 2, ["v100"] = 1 };

    [Fact]
    public void Solve_MaxMinTwoJobsTwoTypes_MatchesHandSolution()
    {
        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, TwoJobs, TwoTypes);

        Assert.Equal(7.0 / 6, allocation.ObjectiveValue, Tolerance);
        Assert.Equal(["k80", "v100"], allocation.DeviceTypes);
        Assert.Equal(5.0 / 9, allocation.GetFraction("a", "k80"), Tolerance);
        Assert.Equal(4.0 / 9, allocation.GetFraction("a", "v100"), Tolerance);
        Assert.Equal(4.0 / 9, allocation.GetFraction("b", "k80"), Tolerance);
        Assert.Equal(5.0 / 9, allocation.GetFraction("b", "v100"), Tolerance);
        Assert.Equal(7.0 / 3, allocation.EffectiveThroughputs[0], Tolerance);
        Assert.Equal(14.0 / 9, allocation.EffectiveThroughputs[1], Tolerance);
    }

    [Fact]
    public void Solve_MaxMinSingleType_GivesEqualShares()
    {
        ThroughputJob[] jobs = [.. Enumerable.Range(0, 5).Select(index => new ThroughputJob($"j{index}", new Dictionary<string, double> { ["v100"] = 1 + index }))];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, jobs, new Dictionary<string, int> { ["v100"] = 3 });

        Assert.Equal(1, allocation.ObjectiveValue, Tolerance);
        Assert.All(allocation.Fractions, row => Assert.Equal(3.0 / 5, row[0], Tolerance));
    }

    [Fact]
    public void Solve_MaxMinWeightTwo_GetsTwiceTheShare()
    {
        ThroughputJob[] jobs =
        [
            new("heavy", new Dictionary<string, double> { ["v100"] = 1 }) { Weight = 2 },
            new("light", new Dictionary<string, double> { ["v100"] = 1 }),
        ];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, jobs, new Dictionary<string, int> { ["v100"] = 1 });

        Assert.Equal(2.0 / 3, allocation.GetFraction("heavy", "v100"), Tolerance);
        Assert.Equal(1.0 / 3, allocation.GetFraction("light", "v100"), Tolerance);
        Assert.Equal(2.0 / 3, allocation.ObjectiveValue, Tolerance);
    }

    // Two GPUs; "wide" needs both. The equal share gives each job one GPU's worth of time: "narrow" the whole time on
    // one GPU, "wide" half the time on two, and nothing beats it (narrow + 2·wide <= 2).
    [Fact]
    public void Solve_MaxMinScaleFactor_SharesGpuTimeEqually()
    {
        ThroughputJob[] jobs =
        [
            new("narrow", new Dictionary<string, double> { ["v100"] = 1 }),
            new("wide", new Dictionary<string, double> { ["v100"] = 1 }) { ScaleFactor = 2 },
        ];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, jobs, new Dictionary<string, int> { ["v100"] = 2 });

        Assert.Equal(1, allocation.ObjectiveValue, Tolerance);
        Assert.Equal(1, allocation.GetFraction("narrow", "v100"), Tolerance);
        Assert.Equal(0.5, allocation.GetFraction("wide", "v100"), Tolerance);
    }

    [Fact]
    public void Solve_MinimumMakespanOneGpu_IsTheTotalWork()
    {
        ThroughputJob[] jobs =
        [
            new("short", new Dictionary<string, double> { ["v100"] = 1 }) { RemainingSteps = 100 },
            new("long", new Dictionary<string, double> { ["v100"] = 1 }) { RemainingSteps = 300 },
        ];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MinimumMakespan, jobs, new Dictionary<string, int> { ["v100"] = 1 });

        Assert.Equal(400, allocation.ObjectiveValue, 1e-4);
        Assert.Equal(0.25, allocation.GetFraction("short", "v100"), Tolerance);
        Assert.Equal(0.75, allocation.GetFraction("long", "v100"), Tolerance);
    }

    // Job "slow" is as fast on both types and can never exceed 1 step/s (its row sums to 1), so 120 steps take at
    // least 120 s; job "fast" runs 60 steps at 1 step/s on a k80 or 3 on a v100 and must share nothing to finish in
    // time, so the optimum is exactly 120 s.
    [Fact]
    public void Solve_MinimumMakespanHeterogeneous_IsTheSlowestJobsBound()
    {
        ThroughputJob[] jobs =
        [
            new("slow", new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 1 }) { RemainingSteps = 120 },
            new("fast", new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 3 }) { RemainingSteps = 60 },
        ];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MinimumMakespan, jobs, new Dictionary<string, int> { ["k80"] = 1, ["v100"] = 1 });

        Assert.Equal(120, allocation.ObjectiveValue, 1e-4);
        Assert.True(allocation.EffectiveThroughputs[1] >= 0.5 - Tolerance);
    }

    [Fact]
    public void Solve_MaximumTotalThroughput_PutsEachJobWhereItGainsMost()
    {
        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaximumTotalThroughput, TwoJobs, new Dictionary<string, int> { ["k80"] = 1, ["v100"] = 1 });

        Assert.Equal(5, allocation.ObjectiveValue, Tolerance);
        Assert.Equal(1, allocation.GetFraction("a", "v100"), Tolerance);
        Assert.Equal(1, allocation.GetFraction("b", "k80"), Tolerance);
    }

    // With no elapsed time ρ_j = equal-share throughput / throughput, so minimising the largest ρ is max-min fairness:
    // ρ = 1 / (7/6).
    [Fact]
    public void Solve_FinishTimeFairnessWithoutHistory_IsTheInverseOfMaxMin()
    {
        ThroughputJob[] jobs = [.. TwoJobs.Select(job => job with { RemainingSteps = 1000 })];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.FinishTimeFairness, jobs, TwoTypes);

        Assert.Equal(6.0 / 7, allocation.ObjectiveValue, Tolerance);
        Assert.Equal(4.0 / 9, allocation.GetFraction("a", "v100"), 1e-5);
    }

    // One GPU, equal throughputs, 100 steps each; "late" has waited 100 s already while "fresh" has not. Equal share:
    // 1/2 each, isolated finish 200 s. ρ_late = (100 + 100 / x) / 200 and ρ_fresh = (100 / (1 - x)) / 200 are equal at
    // 100 + 100/x = 100/(1-x): x² + x - 1 = 0, x = (√5 - 1) / 2.
    [Fact]
    public void Solve_FinishTimeFairnessWithHistory_FavoursTheJobThatWaited()
    {
        ThroughputJob[] jobs =
        [
            new("late", new Dictionary<string, double> { ["v100"] = 1 }) { RemainingSteps = 100, ElapsedSeconds = 100 },
            new("fresh", new Dictionary<string, double> { ["v100"] = 1 }) { RemainingSteps = 100 },
        ];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.FinishTimeFairness, jobs, new Dictionary<string, int> { ["v100"] = 1 });

        double share = (Math.Sqrt(5) - 1) / 2;
        Assert.Equal(share, allocation.GetFraction("late", "v100"), 1e-6);
        Assert.Equal((100 + (100 / share)) / 200, allocation.ObjectiveValue, 1e-6);
    }

    [Fact]
    public void EqualShare_MoreJobsThanGpus_SplitsEveryTypeEvenly()
    {
        ThroughputAllocation allocation = ThroughputOptimizer.EqualShare(TwoJobs, TwoTypes);

        Assert.Equal(1, allocation.ObjectiveValue, Tolerance);
        Assert.Equal(2.0 / 3, allocation.GetFraction("a", "k80"), Tolerance);
        Assert.Equal(1.0 / 3, allocation.GetFraction("b", "v100"), Tolerance);
    }

    [Fact]
    public void Solve_NoJobs_ReturnsAnEmptyAllocation()
    {
        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, [], TwoTypes);

        Assert.Empty(allocation.Fractions);
        Assert.Equal(0, allocation.ObjectiveValue);
    }

    [Fact]
    public void Solve_ScaleFactorAboveATypesGpus_NeverUsesThatType()
    {
        ThroughputJob[] jobs = [new("wide", new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 10 }) { ScaleFactor = 2 }];

        ThroughputAllocation allocation = ThroughputOptimizer.Solve(OptimizationPolicy.MaximumTotalThroughput, jobs, TwoTypes);

        Assert.Equal(0, allocation.GetFraction("wide", "v100"));
        Assert.Equal(1, allocation.GetFraction("wide", "k80"), Tolerance);
    }

    [Fact]
    public void Solve_NegativeGpus_NamesTheType()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, TwoJobs, new Dictionary<string, int> { ["k80"] = -1 }));

        Assert.Equal("gpusPerType[k80]", exception.ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Solve_BadThroughput_NamesTheJobAndTypeAndRange(double throughput)
    {
        ThroughputJob[] jobs = [new("a", new Dictionary<string, double> { ["k80"] = throughput })];

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, jobs, TwoTypes));

        Assert.Equal("jobs[0].Throughputs[k80]", exception.ParamName);
        Assert.StartsWith("jobs[0].Throughputs[k80] must be a finite number >= 0.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_BadWeightOrScaleFactor_NamesTheField()
    {
        Assert.Equal("jobs[1].Weight", Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, [TwoJobs[0], TwoJobs[1] with { Weight = 0 }], TwoTypes)).ParamName);
        Assert.Equal("jobs[0].ScaleFactor", Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, [TwoJobs[0] with { ScaleFactor = 0 }], TwoTypes)).ParamName);
    }

    [Fact]
    public void Solve_InvalidInput_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, TwoJobs, new Dictionary<string, int>()));
        Assert.Throws<ArgumentException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, [TwoJobs[0], TwoJobs[0]], TwoTypes));
        Assert.Throws<ArgumentException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, [new ThroughputJob("x", new Dictionary<string, double> { ["tpu"] = 1 })], TwoTypes));
        Assert.Throws<ArgumentException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MinimumMakespan, TwoJobs, TwoTypes));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputOptimizer.Solve((OptimizationPolicy)17, TwoJobs, TwoTypes));
        Assert.Throws<ArgumentNullException>(() => ThroughputOptimizer.Solve(OptimizationPolicy.MaxMinFairness, null!, TwoTypes));
    }

    // Every policy on a small random instance: the allocation is feasible, max-min fairness is never below the equal
    // share (which is feasible), finish-time fairness never above it, and no policy's total beats the throughput sum's.
    [Property(MaxTest = 300)]
    public void Solve_RandomInstances_FeasibleAndOrdered(int seed)
    {
        (ThroughputJob[] jobs, Dictionary<string, int> gpus) = RandomInstance(seed);
        ThroughputAllocation equal = ThroughputOptimizer.EqualShare(jobs, gpus);
        ThroughputAllocation[] allocations = [.. Enum.GetValues<OptimizationPolicy>().Select(policy => ThroughputOptimizer.Solve(policy, jobs, gpus))];

        foreach (ThroughputAllocation allocation in allocations.Append(equal))
        {
            AssertFeasible(allocation, jobs, gpus);
        }

        ThroughputAllocation maxMin = allocations[(int)OptimizationPolicy.MaxMinFairness];
        ThroughputAllocation fairness = allocations[(int)OptimizationPolicy.FinishTimeFairness];
        ThroughputAllocation sum = allocations[(int)OptimizationPolicy.MaximumTotalThroughput];
        Assert.True(maxMin.ObjectiveValue >= equal.ObjectiveValue - Tolerance, $"max-min {maxMin.ObjectiveValue} < equal share {equal.ObjectiveValue}");
        Assert.True(fairness.ObjectiveValue <= FinishTimeRatio(jobs, equal) + Tolerance, $"finish-time fairness {fairness.ObjectiveValue} > equal share {FinishTimeRatio(jobs, equal)}");
        foreach (ThroughputAllocation other in allocations.Append(equal))
        {
            Assert.True(sum.ObjectiveValue >= (other.EffectiveThroughputs.Sum() * (1 - Tolerance)) - Tolerance, $"{other.Policy} total {other.EffectiveThroughputs.Sum()} > {sum.ObjectiveValue}");
        }
    }

    private static double FinishTimeRatio(ThroughputJob[] jobs, ThroughputAllocation equal) =>
        jobs.Select((job, index) => (job.ElapsedSeconds + (job.RemainingSteps!.Value / equal.EffectiveThroughputs[index])) / (job.IsolatedElapsedSeconds + (job.RemainingSteps!.Value / equal.EffectiveThroughputs[index]))).Max();

    private static void AssertFeasible(ThroughputAllocation allocation, ThroughputJob[] jobs, Dictionary<string, int> gpus)
    {
        for (int job = 0; job < jobs.Length; job++)
        {
            Assert.All(allocation.Fractions[job], fraction => Assert.InRange(fraction, 0, 1));
            Assert.True(allocation.Fractions[job].Sum() <= 1 + 1e-12, $"{allocation.Policy}: row {job} sums to {allocation.Fractions[job].Sum()}");
        }

        for (int type = 0; type < allocation.DeviceTypes.Count; type++)
        {
            double used = jobs.Select((job, index) => job.ScaleFactor * allocation.Fractions[index][type]).Sum();
            Assert.True(used <= gpus[allocation.DeviceTypes[type]] + 1e-9, $"{allocation.Policy}: {allocation.DeviceTypes[type]} uses {used} of {gpus[allocation.DeviceTypes[type]]}");
        }
    }

    private static (ThroughputJob[] Jobs, Dictionary<string, int> Gpus) RandomInstance(int seed)
    {
        var random = new Random(seed);
        string[] types = ["k80", "p100", "v100"];
        var gpus = new Dictionary<string, int>();
        foreach (string type in types.Take(random.Next(1, 4)))
        {
            gpus[type] = random.Next(0, 5);
        }

        gpus[types[0]] = Math.Max(gpus[types[0]], 2);
        var jobs = new ThroughputJob[random.Next(1, 8)];
        for (int job = 0; job < jobs.Length; job++)
        {
            var throughputs = new Dictionary<string, double> { [types[0]] = 0.1 + (random.NextDouble() * 5) };
            foreach (string type in gpus.Keys.Skip(1))
            {
                throughputs[type] = random.Next(4) == 0 ? 0 : random.NextDouble() * 10;
            }

            jobs[job] = new ThroughputJob($"j{job}", throughputs)
            {
                ScaleFactor = random.Next(1, 3),
                Weight = 0.5 + random.NextDouble(),
                RemainingSteps = 1 + (random.NextDouble() * 1000),
                ElapsedSeconds = random.Next(2) == 0 ? 0 : random.NextDouble() * 500,
                IsolatedElapsedSeconds = random.NextDouble() * 300,
            };
        }

        return (jobs, gpus);
    }
}
