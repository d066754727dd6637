using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MMcQueuePropertyTests
{
    [Property(MaxTest = 5000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public void Evaluate_StableQueue_ObeysLittlesLaw(StableQueue input)
    {
        QueueMetrics metrics = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers).Evaluate();

        Assert.True(metrics.IsStable);
        Tolerance.AssertClose(metrics.MeanQueueLength, input.ArrivalRate * metrics.MeanWaitingTime, relative: 1e-12, absolute: 1e-300, what: "Lq = λWq");
        Tolerance.AssertClose(metrics.MeanNumberInSystem, input.ArrivalRate * metrics.MeanResponseTime, relative: 1e-12, what: "L = λW");
    }

    [Property(MaxTest = 5000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool Evaluate_StableQueue_HasFiguresWithinTheirBounds(StableQueue input)
    {
        var queue = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers);
        QueueMetrics metrics = queue.Evaluate();
        return metrics.Utilization is > 0 and < 1
            && metrics.ProbabilityOfWaiting is >= 0 and <= 1
            && metrics.MeanWaitingTime >= 0 && double.IsFinite(metrics.MeanWaitingTime)
            && metrics.MeanResponseTime >= 1 / input.ServiceRate
            && metrics.MeanNumberInSystem >= queue.OfferedLoad;
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool Evaluate_OneMoreServer_NeverWaitsLonger(StableQueue input)
    {
        double wait = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers).Evaluate().MeanWaitingTime;
        double fewer = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers + 1).Evaluate().MeanWaitingTime;
        return fewer <= wait;
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool Evaluate_MoreTraffic_NeverWaitsLess(StableQueue input)
    {
        double wait = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers).Evaluate().MeanWaitingTime;
        var busier = new MMcQueue(input.ArrivalRate * 1.001, input.ServiceRate, input.Servers);
        return !busier.IsStable || busier.Evaluate().MeanWaitingTime >= wait;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 1, 4)]
    [InlineData(5, 1, 4)]
    [InlineData(1e9, 1, 1000)]
    public void Evaluate_LoadAtOrAboveCapacity_ReportsUnstableWithInfiniteWaits(double arrivalRate, double serviceRate, int servers)
    {
        QueueMetrics metrics = new MMcQueue(arrivalRate, serviceRate, servers).Evaluate();

        Assert.False(metrics.IsStable);
        Assert.True(metrics.Utilization >= 1);
        Assert.Equal(double.PositiveInfinity, metrics.MeanWaitingTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanResponseTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanQueueLength);
        Assert.Equal(double.PositiveInfinity, metrics.MeanNumberInSystem);
    }

    [Theory]
    [InlineData(0.999999999, 1.0)]
    [InlineData(0.9999999999999, 1.0)]
    [InlineData(2.999999, 3.0)]
    public void Evaluate_SingleServerNearSaturation_KeepsFullPrecision(double arrivalRate, double serviceRate)
    {
        // μ − λ is exact in double here (Sterbenz), so λ/(μ(μ − λ)) is the M/M/1 wait to within two roundings.
        double expected = arrivalRate / (serviceRate * (serviceRate - arrivalRate));

        QueueMetrics metrics = new MMcQueue(arrivalRate, serviceRate, 1).Evaluate();

        Tolerance.AssertClose(expected, metrics.MeanWaitingTime, relative: 1e-14, what: "Wq near saturation");
    }

    [Fact]
    public void Evaluate_NoTraffic_HasNoWaiting()
    {
        QueueMetrics metrics = new MMcQueue(0, 2, 3).Evaluate();

        Assert.True(metrics.IsStable);
        Assert.Equal(0, metrics.MeanWaitingTime);
        Assert.Equal(0.5, metrics.MeanResponseTime);
    }

    [Theory]
    [InlineData(-1, 1, 1, "arrivalRate")]
    [InlineData(double.NaN, 1, 1, "arrivalRate")]
    [InlineData(double.PositiveInfinity, 1, 1, "arrivalRate")]
    [InlineData(1, 0, 1, "serviceRate")]
    [InlineData(1, -2, 1, "serviceRate")]
    [InlineData(1, double.NaN, 1, "serviceRate")]
    [InlineData(1, 1, 0, "servers")]
    public void Constructor_InvalidArgument_ThrowsNamingItAndItsRange(double arrivalRate, double serviceRate, int servers, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MMcQueue(arrivalRate, serviceRate, servers));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains("must be", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MM1Queue_Evaluate_MatchesTheTextbookFormulas()
    {
        QueueMetrics metrics = new MM1Queue(0.5, 1).Evaluate();

        Tolerance.AssertClose(1.0, metrics.MeanWaitingTime, relative: 1e-15);
        Tolerance.AssertClose(2.0, metrics.MeanResponseTime, relative: 1e-15);
        Tolerance.AssertClose(0.5, metrics.MeanQueueLength, relative: 1e-15);
        Tolerance.AssertClose(1.0, metrics.MeanNumberInSystem, relative: 1e-15);
    }

    [Fact]
    public void MMInfiniteQueue_Evaluate_HasNoWaitAndPoissonCount()
    {
        var queue = new MMInfiniteQueue(6, 2);
        QueueMetrics metrics = queue.Evaluate();

        Assert.Equal(0, metrics.MeanWaitingTime);
        Tolerance.AssertClose(3.0, metrics.MeanNumberInSystem, relative: 1e-15);
        Tolerance.AssertClose(0.22404180765538775, queue.ProbabilityOfCount(3), relative: 1e-14, what: "e^-3 3^3/3!");
        Tolerance.AssertClose(0.0008101511794681433, queue.ProbabilityOfCount(10), relative: 1e-14, what: "e^-3 3^10/10!");
    }
}
