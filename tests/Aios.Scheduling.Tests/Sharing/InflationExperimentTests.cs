using Aios.Scheduling.Sharing;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Sharing;

public sealed class InflationExperimentTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Run_SameSeed_SameResultAndACurvePointPerTenthOfCapacity()
    {
        GpuShareNode[] nodes = Enumerable.Range(0, 20).Select(i => new GpuShareNode($"n{i}", 1 + (i % 4), 32_000, 128 * GiB)).ToArray();
        GpuShareRequest[] pods = [GpuShareRequest.Fraction(250, 0, 4000), GpuShareRequest.Fraction(600, 0, 2000), GpuShareRequest.Whole(1, 8000), GpuShareRequest.Whole(2, 8000), GpuShareRequest.CpuOnly(4000)];

        InflationResult first = InflationExperiment.Run(nodes, pods, GpuShareStrategy.Random, 5);
        InflationResult second = InflationExperiment.Run(nodes, pods, GpuShareStrategy.Random, 5);

        Assert.Equal(first.Curve, second.Curve);
        Assert.Equal((first.Submitted, first.Failed, first.Final), (second.Submitted, second.Failed, second.Final));
        Assert.Equal(10, first.Curve.Count);
        Assert.All(first.Curve, p => Assert.InRange(p.UnallocatedShare, 1 - p.ArrivedShare - (2000 / 50_000.0), 1 - p.ArrivedShare + 1));
        Assert.Equal(first.Curve.Select(p => p.UnallocatedShare).OrderDescending(), first.Curve.Select(p => p.UnallocatedShare));
        Assert.True(first.FirstFailure is null || first.UnallocatedShareAtFirstFailure >= first.Final.FreeShare);
        Assert.Equal(first.FirstFailure is null, first.FirstRefused is null);
        Assert.NotEqual(GpuShareKind.None, first.FirstRefused?.Kind);
    }

    [Fact]
    public void Run_BadArguments_Throw()
    {
        GpuShareNode[] nodes = [new("n", 1, 1000, GiB)];

        Assert.Equal("arrivedLimit", Assert.Throws<ArgumentOutOfRangeException>(() => InflationExperiment.Run(nodes, [GpuShareRequest.Whole(1)], GpuShareStrategy.BestFit, 1, 0)).ParamName);
        Assert.Equal("curveStep", Assert.Throws<ArgumentOutOfRangeException>(() => InflationExperiment.Run(nodes, [GpuShareRequest.Whole(1)], GpuShareStrategy.BestFit, 1, 1, 2)).ParamName);
        Assert.Equal("pods", Assert.Throws<ArgumentException>(() => InflationExperiment.Run(nodes, [GpuShareRequest.CpuOnly(1)], GpuShareStrategy.BestFit, 1)).ParamName);
    }

    [Fact]
    public void Run_AlibabaTrace_FgdLeavesLessUnallocatedThanEveryBaseline()
    {
        IReadOnlyList<GpuShareNode> nodes = AlibabaGpuTrace.ReadNodes(SharedData.RequireFile("traces/alibaba-v2023/openb_node_list_gpu_node.csv"));
        var pods = AlibabaGpuTrace.ReadPods(SharedData.RequireFile("traces/alibaba-v2023/openb_pod_list_default.csv")).Select(p => p.ToRequest()).ToList();

        InflationResult fgd = InflationExperiment.Run(nodes, pods, GpuShareStrategy.Fgd, 1);
        InflationResult[] baselines = [.. new[] { GpuShareStrategy.BestFit, GpuShareStrategy.DotProduct, GpuShareStrategy.Random }.Select(s => InflationExperiment.Run(nodes, pods, s, 1))];

        Assert.All(baselines, b => Assert.True(fgd.Final.FreeShare < b.Final.FreeShare, $"FGD {fgd.Final.FreeShare:P1} vs {b.Strategy} {b.Final.FreeShare:P1}"));
        Assert.All(baselines, b => Assert.True(fgd.UnallocatedShareAtFirstFailure < b.UnallocatedShareAtFirstFailure, $"FGD {fgd.UnallocatedShareAtFirstFailure:P1} vs {b.Strategy} {b.UnallocatedShareAtFirstFailure:P1}"));
    }
}
