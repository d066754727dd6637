using Aios.Scheduling.Optimization;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class ThroughputAllocationTests
{
    private static readonly ThroughputAllocation Sample = ThroughputOptimizer.EqualShare(
        [new ThroughputJob("a", new Dictionary<string, double> { ["k80"] = 1 })],
        new Dictionary<string, int> { ["k80"] = 1 });

    [Fact]
    public void GetFraction_UnknownJobOrType_ThrowsKeyNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => Sample.GetFraction("b", "k80"));
        Assert.Throws<KeyNotFoundException>(() => Sample.GetFraction("a", "v100"));
    }

    [Fact]
    public void Fractions_CannotBeChangedByTheCaller()
    {
        Assert.Throws<NotSupportedException>(() => ((IList<double>)Sample.Fractions[0])[0] = 0.5);
    }

    [Fact]
    public void ToString_NamesPolicyAndObjective()
    {
        Assert.Equal("ThroughputAllocation { Policy = MaxMinFairness, ObjectiveValue = 1, DeviceTypes = [k80], Jobs = 1 }", Sample.ToString());
    }
}
