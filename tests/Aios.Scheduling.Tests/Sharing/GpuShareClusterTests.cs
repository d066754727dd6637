using Aios.Scheduling.Sharing;

namespace Aios.Scheduling.Tests.Sharing;

public sealed class GpuShareClusterTests
{
    private const long GiB = 1L << 30;

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(-5)]
    public void Fraction_MilliOutsideOneTo999_ThrowsNamingTheRange(int milli)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GpuShareRequest.Fraction(milli));

        Assert.Equal("gpuMilli", error.ParamName);
        Assert.Contains("[1, 999]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_NegativeAmountsOrBadCounts_Throw()
    {
        Assert.Equal("gpuMemoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => GpuShareRequest.Fraction(500, -1)).ParamName);
        Assert.Equal("cpuMilli", Assert.Throws<ArgumentOutOfRangeException>(() => GpuShareRequest.CpuOnly(-1)).ParamName);
        Assert.Equal("memoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => GpuShareRequest.Whole(1, 0, -1)).ParamName);
        Assert.Equal("gpuCount", Assert.Throws<ArgumentOutOfRangeException>(() => GpuShareRequest.Whole(0)).ParamName);
    }

    [Fact]
    public void Mig_UnknownProfile_ThrowsListingTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => GpuShareRequest.Mig("9g.99gb"));

        Assert.Equal("profile", error.ParamName);
        Assert.Contains("3g.20gb", error.Message, StringComparison.Ordinal);
        Assert.Equal("3g.20gb", GpuShareRequest.Mig("3G.20GB").MigProfile);
    }

    [Fact]
    public void MigGpuTypes_MatchTheGuidesPlacementTables()
    {
        MigGpuType a100 = MigGpuType.A100With40GB;

        Assert.Equal(["1g.5gb", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"], a100.Profiles.Select(p => p.Name));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], a100.GetProfile("1g.5gb").Starts);
        Assert.Equal([0, 2, 4, 6], a100.GetProfile("1g.10gb").Starts);
        Assert.Equal([0, 2, 4], a100.GetProfile("2g.10gb").Starts);
        Assert.Equal([0, 4], a100.GetProfile("3g.20gb").Starts);
        Assert.Equal([0], a100.GetProfile("4g.20gb").Starts);
        Assert.Equal(5_000_000_000, a100.GetProfile("1g.5gb").MemoryBytes);
        Assert.Equal(20_000_000_000, MigGpuType.H100With80GB.GetProfile("2g.20gb").MemoryBytes);
        Assert.Equal(7, MigGpuType.A100With80GB.GetProfile("7g.80gb").ComputeSlices);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => a100.GetProfile("3g.40gb")).ParamName);
    }

    [Fact]
    public void Node_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuShareNode("n", GpuShareNode.MaxGpus + 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuShareNode("n", 1, -1, 0));
        Assert.Throws<ArgumentException>(() => new GpuShareNode("", 1, 0, 0));
        Assert.Throws<ArgumentException>(() => new GpuShareCluster([]));
    }

    [Fact]
    public void TryPlace_BestFit_TakesTheTightestGpuThatFits()
    {
        var cluster = new GpuShareCluster([Node("a", 1), Node("b", 1)]);

        Place(cluster, GpuShareRequest.Fraction(600), GpuShareStrategy.BestFit);
        GpuSharePlacement second = Place(cluster, GpuShareRequest.Fraction(300), GpuShareStrategy.BestFit);
        GpuSharePlacement third = Place(cluster, GpuShareRequest.Fraction(500), GpuShareStrategy.BestFit);

        Assert.Equal(900, cluster.GetGpu(second.Node, 0).UsedMilli);
        Assert.NotEqual(second.Node, third.Node);
        Assert.Equal(500, cluster.GetGpu(third.Node, 0).UsedMilli);
    }

    [Fact]
    public void TryPlace_WholeGpus_OnlyOnFullyFreeGpusOfOneNode()
    {
        var cluster = new GpuShareCluster([Node("a", 2), Node("b", 1)]);
        Place(cluster, GpuShareRequest.Fraction(100), GpuShareStrategy.BestFit);

        bool placed = cluster.TryPlace(GpuShareRequest.Whole(2), GpuShareStrategy.BestFit, out _, out GpuShareFailure failure);
        GpuSharePlacement one = Place(cluster, GpuShareRequest.Whole(1), GpuShareStrategy.BestFit);

        Assert.False(placed);
        Assert.Equal(GpuShareFailure.GpuCapacity, failure);
        Assert.Equal(1000, cluster.GetGpu(one.Node, one.Gpus[0]).UsedMilli);
        Assert.Equal(1, cluster.GetGpu(one.Node, one.Gpus[0]).Placements);
    }

    [Fact]
    public void TryPlace_HostResourcesShort_SaysSo()
    {
        var cluster = new GpuShareCluster([new GpuShareNode("a", 1, 1000, GiB)]);

        bool placed = cluster.TryPlace(GpuShareRequest.Fraction(100, 0, 2000), GpuShareStrategy.Random, out _, out GpuShareFailure failure);

        Assert.False(placed);
        Assert.Equal(GpuShareFailure.HostResources, failure);
    }

    [Fact]
    public void TryPlace_GpuMemory_NeverOverCommitted()
    {
        var cluster = new GpuShareCluster([new GpuShareNode("a", 1, 64_000, 64 * GiB) { GpuMemoryBytes = 16 * GiB }]);

        Place(cluster, GpuShareRequest.Fraction(200, 10 * GiB), GpuShareStrategy.BestFit);
        bool second = cluster.TryPlace(GpuShareRequest.Fraction(200, 10 * GiB), GpuShareStrategy.DotProduct, out _, out GpuShareFailure failure);
        Place(cluster, GpuShareRequest.Fraction(200, 6 * GiB), GpuShareStrategy.DotProduct);

        Assert.False(second);
        Assert.Equal(GpuShareFailure.GpuCapacity, failure);
        Assert.Equal(16 * GiB, cluster.GetGpu(0, 0).UsedMemoryBytes);
    }

    [Fact]
    public void TryPlace_MigOnA100_FollowsThePlacementTable()
    {
        var cluster = new GpuShareCluster([new GpuShareNode("a", 1, 64_000, 64 * GiB) { Mig = MigGpuType.A100With40GB }]);

        GpuSharePlacement four = Place(cluster, GpuShareRequest.Mig("4g.20gb"), GpuShareStrategy.BestFit);
        GpuSharePlacement three = Place(cluster, GpuShareRequest.Mig("3g.20gb"), GpuShareStrategy.BestFit);
        bool one = cluster.TryPlace(GpuShareRequest.Mig("1g.5gb"), GpuShareStrategy.BestFit, out _, out GpuShareFailure failure);
        cluster.Release(four);
        GpuSharePlacement twoA = Place(cluster, GpuShareRequest.Mig("2g.10gb"), GpuShareStrategy.BestFit);
        GpuSharePlacement twoB = Place(cluster, GpuShareRequest.Mig("2g.10gb"), GpuShareStrategy.BestFit);
        bool third = cluster.TryPlace(GpuShareRequest.Mig("1g.5gb"), GpuShareStrategy.BestFit, out _, out _);

        Assert.Equal((0, 4), (four.MigStart, three.MigStart));
        Assert.False(one);
        Assert.Equal(GpuShareFailure.MigSlot, failure);
        Assert.Equal((0, 2), (twoA.MigStart, twoB.MigStart));
        Assert.False(third);
        Assert.Equal(0b1111_1111, cluster.GetGpu(0, 0).MigSliceMask);
        Assert.Equal(40_000_000_000, cluster.GetGpu(0, 0).UsedMemoryBytes);
    }

    [Fact]
    public void TryPlace_SevenSmallestInstances_FillSlicesZeroToSix()
    {
        var cluster = new GpuShareCluster([new GpuShareNode("a", 1, 64_000, 64 * GiB) { Mig = MigGpuType.H100With80GB }]);

        int[] starts = Enumerable.Range(0, 7).Select(_ => Place(cluster, GpuShareRequest.Mig("1g.10gb"), GpuShareStrategy.Random).MigStart).Order().ToArray();

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], starts);
        Assert.False(cluster.TryPlace(GpuShareRequest.Mig("1g.10gb"), GpuShareStrategy.BestFit, out _, out _));
        Assert.Equal(0, cluster.GetGpu(0, 0).FreeMilli);
    }

    [Fact]
    public void TryPlace_MigAndFractionsOnOneGpu_Exclusive()
    {
        var cluster = new GpuShareCluster([new GpuShareNode("a", 1, 64_000, 64 * GiB) { Mig = MigGpuType.A100With80GB }]);

        GpuSharePlacement fraction = Place(cluster, GpuShareRequest.Fraction(100), GpuShareStrategy.BestFit);
        bool mig = cluster.TryPlace(GpuShareRequest.Mig("1g.10gb"), GpuShareStrategy.BestFit, out _, out _);
        cluster.Release(fraction);
        Place(cluster, GpuShareRequest.Mig("1g.10gb"), GpuShareStrategy.BestFit);
        bool fractionOnMig = cluster.TryPlace(GpuShareRequest.Fraction(100), GpuShareStrategy.BestFit, out _, out _);
        bool whole = cluster.TryPlace(GpuShareRequest.Whole(1), GpuShareStrategy.BestFit, out _, out _);

        Assert.False(mig);
        Assert.False(fractionOnMig);
        Assert.False(whole);
    }

    [Fact]
    public void TryPlace_MisuseOrUnknownProfileForTheCluster_Throws()
    {
        var cluster = new GpuShareCluster([Node("a", 1)]);

        Assert.Equal("request", Assert.Throws<ArgumentException>(() => cluster.TryPlace(GpuShareRequest.Mig("1g.5gb"), GpuShareStrategy.BestFit, out _, out _)).ParamName);
        Assert.Throws<InvalidOperationException>(() => cluster.TryPlace(GpuShareRequest.Fraction(1), GpuShareStrategy.Fgd, out _, out _));
        Assert.Equal("strategy", Assert.Throws<ArgumentOutOfRangeException>(() => cluster.TryPlace(GpuShareRequest.Fraction(1), (GpuShareStrategy)9, out _, out _)).ParamName);
        Assert.Throws<InvalidOperationException>(() => cluster.NodeFragmentation(0));
    }

    [Fact]
    public void Release_TwiceOrForeign_Throws()
    {
        var cluster = new GpuShareCluster([Node("a", 1)]);
        var other = new GpuShareCluster([Node("a", 1)]);
        GpuSharePlacement placement = Place(cluster, GpuShareRequest.Fraction(10), GpuShareStrategy.BestFit);
        Place(other, GpuShareRequest.Fraction(10), GpuShareStrategy.BestFit);

        Assert.Throws<InvalidOperationException>(() => other.Release(placement));
        cluster.Release(placement);
        Assert.Throws<InvalidOperationException>(() => cluster.Release(placement));
        Assert.True(cluster.GetGpu(0, 0).IsFree);
    }

    [Fact]
    public void Fgd_PrefersTheGpuThatKeepsRoomForTheWorkload_WhereBestFitDoesNot()
    {
        GpuShareWorkload workload = GpuShareWorkload.FromSample([GpuShareRequest.Fraction(500)]);
        var fgd = new GpuShareCluster([Node("a", 2)], workload);
        var bestFit = new GpuShareCluster([Node("a", 2)], workload);

        GpuSharePlacement first = Place(fgd, GpuShareRequest.Fraction(300), GpuShareStrategy.Fgd);
        GpuSharePlacement second = Place(fgd, GpuShareRequest.Fraction(300), GpuShareStrategy.Fgd);
        Place(bestFit, GpuShareRequest.Fraction(300), GpuShareStrategy.BestFit);
        GpuSharePlacement tight = Place(bestFit, GpuShareRequest.Fraction(300), GpuShareStrategy.BestFit);

        Assert.NotEqual(first.Gpus[0], second.Gpus[0]);
        Assert.Equal(0, fgd.Fragmentation);
        Assert.Equal(600, bestFit.GetGpu(0, tight.Gpus[0]).UsedMilli);
        Assert.Equal(400, bestFit.Fragmentation);
    }

    [Fact]
    public void NodeFragmentation_CpuExhausted_AllFreeGpuIsFragment()
    {
        GpuShareWorkload workload = GpuShareWorkload.FromSample([GpuShareRequest.Fraction(100, 0, 1000), GpuShareRequest.CpuOnly(0)]);
        var cluster = new GpuShareCluster([new GpuShareNode("a", 2, 4000, 64 * GiB)], workload);

        double empty = cluster.NodeFragmentation(0);
        Place(cluster, GpuShareRequest.CpuOnly(3500), GpuShareStrategy.Fgd);

        Assert.Equal(0.5 * 2000, empty);
        Assert.Equal(2000, cluster.NodeFragmentation(0));
    }

    [Fact]
    public void Random_SameSeed_SameChoices()
    {
        static string Run(int seed)
        {
            var cluster = new GpuShareCluster(Enumerable.Range(0, 50).Select(i => Node($"n{i}", 4)), null, seed);
            return string.Join(';', Enumerable.Range(0, 100).Select(i => Place(cluster, GpuShareRequest.Fraction(1 + (i * 37 % 900)), GpuShareStrategy.Random)).Select(p => $"{p.Node}/{p.Gpus[0]}"));
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void Random_NodesWithMoreRoom_NotFavoured()
    {
        var cluster = new GpuShareCluster([Node("eight", 8), Node("one", 1)], null, seed: 9);
        int onEight = 0;

        for (int i = 0; i < 4000; i++)
        {
            GpuSharePlacement placement = Place(cluster, GpuShareRequest.Fraction(1), GpuShareStrategy.Random);
            onEight += placement.Node == 0 ? 1 : 0;
            cluster.Release(placement);
        }

        Assert.InRange(onEight, 2000 - 160, 2000 + 160);
    }

    [Fact]
    public void Summarize_CountsFreePartialAndFullGpus()
    {
        var cluster = new GpuShareCluster([Node("a", 4)]);
        Place(cluster, GpuShareRequest.Fraction(250), GpuShareStrategy.BestFit);
        Place(cluster, GpuShareRequest.Whole(1), GpuShareStrategy.BestFit);

        GpuShareSummary summary = cluster.Summarize();

        Assert.Equal(new GpuShareSummary(4, 2, 1, 1, 0, 750, 0, 2750), summary);
        Assert.Equal(2750 / 4000.0, summary.FreeShare);
    }

    private static GpuShareNode Node(string name, int gpus) => new(name, gpus, 64_000, 256 * GiB);

    private static GpuSharePlacement Place(GpuShareCluster cluster, GpuShareRequest request, GpuShareStrategy strategy)
    {
        Assert.True(cluster.TryPlace(request, strategy, out GpuSharePlacement? placement, out GpuShareFailure failure), $"{request} was not placed: {failure}");
        return placement;
    }
}
