using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Tests.Engine;

public sealed class SchedulingPolicyTests
{
    [Theory]
    [InlineData("fifo", JobOrdering.Fifo, PreemptionRule.None, false, false)]
    [InlineData("PRIORITY", JobOrdering.Priority, PreemptionRule.LowerRank, false, false)]
    [InlineData("drf", JobOrdering.FairShare, PreemptionRule.Reclaim, false, false)]
    [InlineData("las", JobOrdering.LeastAttainedService, PreemptionRule.LowerRank, true, false)]
    [InlineData("srtf", JobOrdering.ShortestRemainingTime, PreemptionRule.LowerRank, true, false)]
    [InlineData("ftf", JobOrdering.FinishTimeFairness, PreemptionRule.None, true, false)]
    [InlineData("Hetero", JobOrdering.LeastAttainedService, PreemptionRule.LowerRank, true, true)]
    public void Parse_KnownName_ReturnsItsPreset(string name, JobOrdering ordering, PreemptionRule preemption, bool workConserving, bool heterogeneityAware)
    {
        SchedulingPolicy policy = SchedulingPolicy.Parse(name);

        Assert.Equal((ordering, preemption, workConserving, heterogeneityAware, false, PlacementStrategy.BinPack), (policy.Ordering, policy.Preemption, policy.WorkConserving, policy.HeterogeneityAware, policy.Backfill, policy.Placement));
    }

    [Fact]
    public void Parse_UnknownName_ThrowsListingTheNames()
    {
        var exception = Assert.Throws<ArgumentException>(() => SchedulingPolicy.Parse("gandiva"));

        Assert.Equal("name", exception.ParamName);
        Assert.Contains("fifo, priority, drf, las, srtf, ftf, hetero", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_EveryName_Parses()
    {
        Assert.All(SchedulingPolicy.Names, name => Assert.NotNull(SchedulingPolicy.Parse(name)));
    }
}
