using Aios.Queueing.Simulation;

namespace Aios.Queueing.Tests.Simulation;

public sealed class EstimateTests
{
    [Theory]
    [InlineData(10.0, true)]
    [InlineData(9.5, true)]
    [InlineData(10.5, true)]
    [InlineData(9.49, false)]
    [InlineData(10.51, false)]
    [InlineData(double.NaN, false)]
    public void Contains_Value_IsTrueInsideTheClosedInterval(double value, bool expected)
    {
        var estimate = new Estimate(10, 0.5, 0.95);

        Assert.Equal(expected, estimate.Contains(value));
    }

    [Fact]
    public void Bounds_MeanAndHalfWidth_AreMeanMinusAndPlusHalfWidth()
    {
        var estimate = new Estimate(4, 1, 0.99);

        Assert.Equal(3, estimate.Lower);
        Assert.Equal(5, estimate.Upper);
        Assert.Equal(0.25, estimate.RelativeHalfWidth);
    }

    [Fact]
    public void Contains_NoData_IsFalse()
    {
        var estimate = new Estimate(double.NaN, double.PositiveInfinity, 0.95);

        Assert.False(estimate.Contains(0));
    }

    [Theory]
    [InlineData(-1.0, 0.95, "halfWidth")]
    [InlineData(double.NaN, 0.95, "halfWidth")]
    [InlineData(1.0, 1.0, "confidenceLevel")]
    [InlineData(1.0, 0.0, "confidenceLevel")]
    public void Constructor_InvalidArgument_ThrowsNamingIt(double halfWidth, double level, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Estimate(1, halfWidth, level));

        Assert.Equal(parameter, exception.ParamName);
    }
}
