// <snippet:scheduling-optimization>
using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;
// </snippet:scheduling-optimization>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The Aios.Scheduling.Optimization code of docs/scheduling.md.</summary>
public sealed class OptimizationSnippets
{
    [Fact]
    public void SchedulingDoc_GavelAllocationAndRounds()
    {
        // <snippet:scheduling-optimization>
        // Gavel's heterogeneity-aware max-min fairness: how much of its time each job should spend on each GPU type.
        var resnet = new Dictionary<string, double> { ["v100"] = 4.0, ["k80"] = 1.0 };   // steps/s: 4× faster on a V100
        var lstm = new Dictionary<string, double> { ["v100"] = 2.0, ["k80"] = 1.5 };     // only 1.33× faster
        ThroughputAllocation allocation = ThroughputOptimizer.Solve(
            OptimizationPolicy.MaxMinFairness,
            [new ThroughputJob("resnet", resnet), new ThroughputJob("lstm", lstm)],
            new Dictionary<string, int> { ["v100"] = 1, ["k80"] = 1 });
        double resnetOnV100 = allocation.GetFraction("resnet", "v100");                  // the V100 goes mostly to resnet

        // Gavel's round-based mechanism turns allocations into placements, 360-s round by round, on a cluster.
        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("v100", 4), new("k80", 4)], gpusPerNode: 4);
        RoundJob[] jobs =
        [
            .. Enumerable.Range(0, 8).Select(i => new RoundJob($"resnet-{i}", SubmitTime: 600 * i, ScaleFactor: 1, TotalSteps: 40_000, resnet)),
            .. Enumerable.Range(0, 8).Select(i => new RoundJob($"lstm-{i}", SubmitTime: 600 * i, ScaleFactor: 1, TotalSteps: 20_000, lstm)),
        ];
        RoundSimulationResult aware = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLas }).Run(jobs);
        RoundSimulationResult agnostic = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLasAgnostic }).Run(jobs);
        // </snippet:scheduling-optimization>

        Assert.True(resnetOnV100 > 0.5, $"resnet's V100 share {resnetOnV100:F3}");
        Assert.True(allocation.GetFraction("lstm", "k80") > 0.5, $"lstm's K80 share {allocation.GetFraction("lstm", "k80"):F3}");
        Assert.Equal(16, aware.Completed);
        Assert.Equal(16, agnostic.Completed);
        Assert.True(aware.MeanJct < agnostic.MeanJct, $"aware {aware.MeanJct:N0} s vs agnostic {agnostic.MeanJct:N0} s");
    }
}
