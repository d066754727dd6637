using Aios.Scheduling.Engine;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Theory]
    [InlineData("fifo")]
    [InlineData("PRIORITY")]
    [InlineData("Drf")]
    [InlineData("las")]
    [InlineData("srtf")]
    [InlineData("ftf")]
    [InlineData("hetero")]
    public void TryParse_KnownName_ReturnsTheParsedPreset(string name)
    {
        bool parsed = SchedulingPolicy.TryParse(name, out SchedulingPolicy? policy);

        Assert.True(parsed);
        Assert.Same(SchedulingPolicy.Parse(name), policy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("fifo ")]
    [InlineData(" las")]
    [InlineData("gandiva")]
    [InlineData("minio")]
    [InlineData("fi fo")]
    [InlineData("fifo,las")]
    public void TryParse_UnknownName_ReturnsFalseAndNull(string? name)
    {
        bool parsed = SchedulingPolicy.TryParse(name, out SchedulingPolicy? policy);

        Assert.False(parsed);
        Assert.Null(policy);
    }

    [Property(MaxTest = 5000)]
    public Property TryParse_AnyText_FailsExactlyWhenParseThrows() =>
        Prop.ForAll(
            Gen.OneOf(
                    ArbMap.Default.GeneratorFor<string>(),
                    Gen.Elements(SchedulingPolicy.Names.ToArray()).Select(name => name.ToUpperInvariant()),
                    Gen.ArrayOf(Gen.Elements("f", "i", "o", "l", "a", "s", "d", "r", "t", "hetero", "FIFO", " ", "-")).Select(string.Concat))
                .ToArbitrary(),
            text =>
            {
                bool parsed = SchedulingPolicy.TryParse(text, out SchedulingPolicy? policy);
                try
                {
                    SchedulingPolicy parsedByParse = SchedulingPolicy.Parse(text!);
                    return parsed && ReferenceEquals(policy, parsedByParse);
                }
                catch (Exception exception) when (exception is ArgumentException or FormatException)
                {
                    return !parsed && policy is null;
                }
            });

    [Fact]
    public void ToString_Preset_PrintsItsSettings()
    {
        Assert.Equal(
            "SchedulingPolicy { Ordering = LeastAttainedService, Placement = BinPack, Preemption = LowerRank, Backfill = False, HeterogeneityAware = True, WorkConserving = True }",
            SchedulingPolicy.Heterogeneous.ToString());
    }
}
