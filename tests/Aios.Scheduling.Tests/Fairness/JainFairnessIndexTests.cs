using Aios.Scheduling.Fairness;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Fairness;

public sealed class JainFairnessIndexTests
{
    [Theory]
    [InlineData(new[] { 5.0, 5.0, 5.0, 5.0 }, 1.0)]
    [InlineData(new[] { 1.0, 0.0, 0.0, 0.0 }, 0.25)]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 36.0 / 42.0)]
    [InlineData(new[] { 0.0, 0.0 }, 1.0)]
    [InlineData(new[] { 1e300, 1e300 }, 1.0)]
    [InlineData(new[] { 1e-300, 3e-300 }, 16.0 / 20.0)]
    public void Compute_KnownValues_MatchTheDefinition(double[] values, double expected)
    {
        Assert.Equal(expected, JainFairnessIndex.Compute(values), 14);
    }

    [Fact]
    public void Compute_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => JainFairnessIndex.Compute([]));
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => JainFairnessIndex.Compute([1, -1])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => JainFairnessIndex.Compute([double.NaN])).ParamName);
    }

    [Property(MaxTest = 5000)]
    public bool Compute_AnyValues_LiesBetweenOneOverNAndOne(NonEmptyArray<NonNegativeInt> input)
    {
        double[] values = input.Get.Select(x => (double)x.Get).ToArray();
        double index = JainFairnessIndex.Compute(values);
        return index >= 1.0 / values.Length - 1e-15 && index <= 1;
    }
}
