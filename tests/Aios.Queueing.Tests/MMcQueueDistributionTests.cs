using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MMcQueueDistributionTests
{
    // Quantiles from mpmath at 40 digits: Wq from C·e^(−θt) = 1 − p; T by root-finding on a numerically integrated
    // convolution of the waiting-time law with the exponential service (independent of the closed form under test).
    // (2, 1, 3) has θ = μ and exercises the equal-rates limit of the hypoexponential tail.
    [Theory]
    [InlineData(9, 5, 4, 0.5, 0, 0.15100353475003001)]
    [InlineData(9, 5, 4, 0.9, 0.022820047885073422, 0.47977725810132486)]
    [InlineData(9, 5, 4, 0.99, 0.23214596542998657, 0.94131667078495499)]
    [InlineData(19.5, 1, 20, 0.5, 1.1139204754871653, 2.1922716828186555)]
    [InlineData(19.5, 1, 20, 0.9, 4.3327963003553665, 5.6682545111355842)]
    [InlineData(19.5, 1, 20, 0.99, 8.9379664863434556, 10.319349217239829)]
    [InlineData(1.9, 2, 1, 0.5, 6.4185388617239416, 6.9314718055994469)]
    [InlineData(1.9, 2, 1, 0.99, 45.538768916005359, 46.051701859880864)]
    [InlineData(2, 1, 3, 0.5, 0, 1.087412886223167)]
    [InlineData(2, 1, 3, 0.9, 1.4916548767777171, 3.1844048967349278)]
    [InlineData(2, 1, 3, 0.99, 3.7942399697717617, 5.891174416603238)]
    public void Quantiles_HighPrecisionReference_MatchToTwelveDigits(double arrivalRate, double serviceRate, int servers, double probability, double waitQuantile, double responseQuantile)
    {
        var queue = new MMcQueue(arrivalRate, serviceRate, servers);

        Tolerance.AssertClose(waitQuantile, queue.WaitingTimeQuantile(probability), relative: 1e-12, what: "Wq quantile");
        Tolerance.AssertClose(responseQuantile, queue.ResponseTimeQuantile(probability), relative: 1e-12, what: "T quantile");
    }

    [Theory]
    [InlineData(9, 5, 4, 0.1, 0.042785134296074049, 0.63584271244766276)]
    [InlineData(9, 5, 4, 1.0, 2.1467305100362772e-6, 0.0074578688066754196)]
    [InlineData(19.5, 1, 20, 1.0, 0.52930685834429267, 0.78441148189605718)]
    [InlineData(2, 1, 3, 0.1, 0.40214996357153759, 0.94505241439311333)]
    [InlineData(2, 1, 3, 1.0, 0.16350197385397437, 0.53138141502541669)]
    public void ExceedanceProbabilities_HighPrecisionReference_MatchToTwelveDigits(double arrivalRate, double serviceRate, int servers, double time, double waitExceedance, double responseExceedance)
    {
        var queue = new MMcQueue(arrivalRate, serviceRate, servers);

        Tolerance.AssertClose(waitExceedance, queue.WaitingTimeExceedanceProbability(time), relative: 1e-12, what: "P(Wq > t)");
        Tolerance.AssertClose(1 - waitExceedance, queue.ServiceLevel(time), relative: 1e-12, what: "P(Wq <= t)");
        Tolerance.AssertClose(responseExceedance, queue.ResponseTimeExceedanceProbability(time), relative: 1e-12, what: "P(T > t)");
    }

    [Fact]
    public void Distribution_UnstableQueue_PutsAllMassAtInfinity()
    {
        var queue = new MMcQueue(10, 1, 10);

        Assert.False(queue.IsStable);
        Assert.Equal(0, queue.ServiceLevel(1e6));
        Assert.Equal(1, queue.WaitingTimeExceedanceProbability(1e6));
        Assert.Equal(double.PositiveInfinity, queue.WaitingTimeQuantile(0.5));
        Assert.Equal(double.PositiveInfinity, queue.ResponseTimeQuantile(0.5));
        Assert.Equal(double.PositiveInfinity, queue.Evaluate().MeanWaitingTime);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Quantiles_InvalidProbability_ThrowNamingIt(double probability)
    {
        var queue = new MMcQueue(1, 1, 2);

        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => queue.WaitingTimeQuantile(probability)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => queue.ResponseTimeQuantile(probability)).ParamName);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ServiceLevel_InvalidTime_ThrowsNamingIt(double time)
    {
        var queue = new MMcQueue(1, 1, 2);

        Assert.Equal("time", Assert.Throws<ArgumentOutOfRangeException>(() => queue.ServiceLevel(time)).ParamName);
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public void WaitingTimeQuantile_InvertsTheExceedanceProbability(StableQueue input)
    {
        var queue = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers);
        double waiting = queue.ProbabilityOfWaiting;
        if (waiting < 1e-6)
        {
            return;
        }

        double probability = 1 - waiting / 2;
        double quantile = queue.WaitingTimeQuantile(probability);

        Tolerance.AssertClose(1 - probability, queue.WaitingTimeExceedanceProbability(quantile), relative: 1e-9, what: "P(Wq > quantile(p))");
        Assert.Equal(0, queue.WaitingTimeQuantile(Math.Max(0, 1 - waiting * 1.01)));
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public void ResponseTimeQuantile_InvertsTheExceedanceProbability(StableQueue input)
    {
        var queue = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers);
        double quantile = queue.ResponseTimeQuantile(0.9);

        Tolerance.AssertClose(0.1, queue.ResponseTimeExceedanceProbability(quantile), relative: 1e-9, what: "P(T > q90)");
        Assert.True(quantile >= queue.WaitingTimeQuantile(0.9));
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ServiceLevel_LongerThreshold_IsNeverLower(StableQueue input)
    {
        var queue = new MMcQueue(input.ArrivalRate, input.ServiceRate, input.Servers);
        double time = 1 / input.ServiceRate;
        return queue.ServiceLevel(2 * time) >= queue.ServiceLevel(time) && queue.ServiceLevel(0) >= 0;
    }
}
