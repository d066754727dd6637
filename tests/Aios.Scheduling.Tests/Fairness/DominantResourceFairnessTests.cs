using Aios.Scheduling.Fairness;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Fairness;

public sealed class DominantResourceFairnessTests
{
    // Ghodsi et al., NSDI 2011, §4 (Figure 3): ⟨9 CPUs, 18 GB⟩, user A ⟨1 CPU, 4 GB⟩, user B ⟨3 CPUs, 1 GB⟩ → A 3 tasks, B 2.
    [Fact]
    public void Allocate_PaperExample_GivesThreeAndTwoTasks()
    {
        int[] tasks = DominantResourceFairness.Allocate([9, 18], [[1, 4], [3, 1]]);

        Assert.Equal([3, 2], tasks);
    }

    // The second example of ANCHORS.md: ⟨100, 10000⟩, A ⟨2, 300⟩, B ⟨6, 100⟩ → A 20, B 10 (dominant shares 0.6 each).
    [Fact]
    public void Allocate_SecondExample_EqualisesDominantShares()
    {
        int[] tasks = DominantResourceFairness.Allocate([100, 10_000], [[2, 300], [6, 100]]);

        Assert.Equal([20, 10], tasks);
        Assert.Equal(0.6, DominantResourceFairness.DominantShare([100, 10_000], [40, 6000]), 12);
        Assert.Equal(0.6, DominantResourceFairness.DominantShare([100, 10_000], [60, 1000]), 12);
    }

    [Fact]
    public void Allocate_DoubleWeight_GetsTwiceTheDominantShare()
    {
        int[] tasks = DominantResourceFairness.Allocate([12, 12], [[1, 0], [0, 1], [1, 1]], weights: [1, 1, 2], maximumTasks: [100, 100, 4]);

        Assert.Equal(4, tasks[2]);
        Assert.Equal([8, 8, 4], tasks);
    }

    [Fact]
    public void Allocate_TaskLimits_LetOthersUseTheRest()
    {
        int[] tasks = DominantResourceFairness.Allocate([10], [[1], [1]], maximumTasks: [2, 100]);

        Assert.Equal([2, 8], tasks);
    }

    [Fact]
    public void Allocate_RepeatedDecimalDemands_FillTheCapacityExactly()
    {
        int[] tasks = DominantResourceFairness.Allocate([1], [[0.1]]);

        Assert.Equal([10], tasks);
    }

    [Fact]
    public void Allocate_InvalidInput_ThrowsNamingTheParameter()
    {
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => DominantResourceFairness.Allocate([0], [[1]])).ParamName);
        Assert.Equal("demands", Assert.Throws<ArgumentException>(() => DominantResourceFairness.Allocate([1, 1], [[0, 0]])).ParamName);
        Assert.Equal("demands", Assert.Throws<ArgumentException>(() => DominantResourceFairness.Allocate([1, 1], [[1]])).ParamName);
        Assert.Equal("demands", Assert.Throws<ArgumentOutOfRangeException>(() => DominantResourceFairness.Allocate([1], [[double.NaN]])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentOutOfRangeException>(() => DominantResourceFairness.Allocate([1], [[1]], weights: [0])).ParamName);
        Assert.Equal("maximumTasks", Assert.Throws<ArgumentOutOfRangeException>(() => DominantResourceFairness.Allocate([1], [[1]], maximumTasks: [-1])).ParamName);
    }

    /// <summary>A random problem: 1–4 resources, 1–6 users with whole-number demands (so sums are exact).</summary>
    public sealed record Problem(double[] Capacity, double[][] Demands, double[] Weights);

    public static class Problems
    {
        public static Arbitrary<Problem> Arbitrary() =>
            Gen.Choose(1, 4).SelectMany(resources =>
                Gen.Choose(1, 6).SelectMany(users =>
                    Gen.Choose(10, 200).ArrayOf(resources).SelectMany(capacity =>
                        Gen.Choose(0, 12).ArrayOf(resources).Where(d => d.Any(x => x > 0)).ArrayOf(users).SelectMany(demands =>
                            Gen.Choose(1, 4).ArrayOf(users).Select(weights => new Problem(
                                capacity.Select(c => (double)c).ToArray(),
                                demands.Select(d => d.Select(x => (double)x).ToArray()).ToArray(),
                                weights.Select(w => (double)w).ToArray()))))))
            .ToArbitrary();
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(Problems) })]
    public bool Allocate_AnyProblem_NeverExceedsCapacityAndLeavesNoRoomForAnotherTask(Problem problem)
    {
        int[] tasks = DominantResourceFairness.Allocate(problem.Capacity, problem.Demands, problem.Weights);

        var used = new double[problem.Capacity.Length];
        for (int u = 0; u < tasks.Length; u++)
        {
            for (int r = 0; r < used.Length; r++)
            {
                used[r] += tasks[u] * problem.Demands[u][r];
            }
        }

        bool withinCapacity = used.Select((amount, r) => amount <= problem.Capacity[r]).All(x => x);
        bool maximal = problem.Demands.All(demand => demand.Select((amount, r) => used[r] + amount > problem.Capacity[r]).Any(x => x));
        return withinCapacity && maximal;
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(Problems) })]
    public bool Allocate_AnyProblem_NoUserCouldHaveBeenServedBeforeALargerShareWasGrown(Problem problem)
    {
        // Progressive filling: when user v received its last task, its weighted share before that task was the smallest
        // among users whose next task still fitted. So a user u that can still fit a task now... can't exist (maximality);
        // and any user u whose weighted share is more than one step below v's final-minus-one share must have been blocked.
        int[] tasks = DominantResourceFairness.Allocate(problem.Capacity, problem.Demands, problem.Weights);
        double Share(int user, int count) => count * problem.Demands[user].Select((d, r) => d / problem.Capacity[r]).Max() / problem.Weights[user];

        for (int v = 0; v < tasks.Length; v++)
        {
            if (tasks[v] == 0)
            {
                continue;
            }

            double beforeLast = Share(v, tasks[v] - 1);
            for (int u = 0; u < tasks.Length; u++)
            {
                if (u != v && Share(u, tasks[u]) < beforeLast - 1e-12 && Fits(problem, tasks, u, excludingOneTaskOf: v))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether user u's next task would fit if user v had one task fewer (the state when v got its last task, or later).</summary>
    private static bool Fits(Problem problem, int[] tasks, int u, int excludingOneTaskOf)
    {
        for (int r = 0; r < problem.Capacity.Length; r++)
        {
            double used = 0;
            for (int w = 0; w < tasks.Length; w++)
            {
                used += (tasks[w] - (w == excludingOneTaskOf ? 1 : 0)) * problem.Demands[w][r];
            }

            if (used + problem.Demands[u][r] > problem.Capacity[r])
            {
                return false;
            }
        }

        return true;
    }
}
