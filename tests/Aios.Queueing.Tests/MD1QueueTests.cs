using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MD1QueueTests
{
    private static readonly Arbitrary<(double ArrivalRate, double ServiceRate)> StableCases = Arb.From(
        from utilization in Gen.Choose(0, 999_999).Select(x => x / 1e6)
        from serviceRate in Gen.Choose(-2000, 2000).Select(x => Math.Pow(10, x / 1000.0))
        select (utilization * serviceRate, serviceRate));

    [Fact]
    public void Evaluate_ReferenceModel_MatchesDeterministicMG1Reference()
    {
        // Reference s0-85 is M/G/1 with SCV 0 at λ = 0.9, μ = 1: Wq = 0.9/(2·0.1), to the rounding of 0.9 (mpmath, 50 digits).
        QueueMetrics metrics = new MD1Queue(0.9, 1).Evaluate();
        Tolerance.AssertClose(4.500000000000001, metrics.MeanWaitingTime, 1e-15);
        Tolerance.AssertClose(4.050000000000001, metrics.MeanQueueLength, 1e-15);
        Tolerance.AssertClose(4.950000000000001, metrics.MeanNumberInSystem, 1e-15);
        Assert.Equal(0.9, metrics.ProbabilityOfWaiting);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, "arrivalRate")]
    [InlineData(-1.0, 1.0, "arrivalRate")]
    [InlineData(double.PositiveInfinity, 1.0, "arrivalRate")]
    [InlineData(0.5, 0.0, "serviceRate")]
    [InlineData(0.5, -1.0, "serviceRate")]
    [InlineData(0.5, double.NaN, "serviceRate")]
    public void Constructor_InvalidArgument_ThrowsNamingParameter(double arrivalRate, double serviceRate, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MD1Queue(arrivalRate, serviceRate));
        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void Evaluate_AtSaturation_IsUnstableWithInfiniteWaits()
    {
        var queue = new MD1Queue(3, 3);
        QueueMetrics metrics = queue.Evaluate();
        Assert.False(queue.IsStable);
        Assert.False(metrics.IsStable);
        Assert.Equal(double.PositiveInfinity, metrics.MeanWaitingTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanNumberInSystem);
    }

    [Property(MaxTest = 3000)]
    public Property Evaluate_AnyStableSystem_WaitsHalfAsLongAsMM1() => Prop.ForAll(StableCases, testCase =>
    {
        QueueMetrics deterministic = new MD1Queue(testCase.ArrivalRate, testCase.ServiceRate).Evaluate();
        QueueMetrics exponential = new MM1Queue(testCase.ArrivalRate, testCase.ServiceRate).Evaluate();
        double tolerance = MG1QueueTests.SaturationTolerance(testCase.ArrivalRate, testCase.ServiceRate);
        Tolerance.AssertClose(exponential.MeanWaitingTime / 2, deterministic.MeanWaitingTime, tolerance, 0, $"Wq {testCase}");
        Tolerance.AssertClose(exponential.MeanQueueLength / 2, deterministic.MeanQueueLength, tolerance, 0, $"Lq {testCase}");
    });

    [Property(MaxTest = 2000)]
    public Property Evaluate_AnySystem_EqualsMG1WithZeroScv() => Prop.ForAll(StableCases, testCase =>
    {
        var queue = new MD1Queue(testCase.ArrivalRate, testCase.ServiceRate);
        Assert.Equal(new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, 0), queue.AsMG1());
        Assert.Equal(queue.AsMG1().Evaluate(), queue.Evaluate());
        Assert.Equal(testCase.ArrivalRate / testCase.ServiceRate, queue.Utilization);
    });
}
