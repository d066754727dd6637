using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class ErlangBTests
{
    // B(c, a) = P(X = c)/P(X ≤ c), X ~ Poisson(a), computed with mpmath at 40 digits
    // (exp(c ln a − a − lnΓ(c+1)) / gammainc(c+1, a, ∞, regularized)). Values below double range are 0.
    [Theory]
    [InlineData(1, 0.5, 0.33333333333333333)]
    [InlineData(5, 3, 0.11005434782608696)]
    [InlineData(31, 30, 0.11362203789350764)]
    [InlineData(31, 25.5, 0.046609730037154572)]
    [InlineData(50, 45.3, 0.056813862670351547)]
    [InlineData(100, 150, 0.34537343497184039)]
    [InlineData(100, 80, 0.0039920286045531975)]
    [InlineData(1000, 999.5, 0.024504822170982473)]
    [InlineData(1000, 900, 5.9298626701462239e-5)]
    [InlineData(5000, 4759.241120160582, 1.4135241603157629e-5)]
    [InlineData(1_000_000, 900_000, 0)]
    [InlineData(1_000_000, 999_000, 0.00028742137577686792)]
    [InlineData(1_000_000, 1_000_000, 0.00079746030685556101)]
    [InlineData(1_000_000, 1_100_000, 0.090918179819240987)]
    [InlineData(1_000_000, 999_999.5, 0.00079714236248973987)]
    [InlineData(10_000_000, 10_000_000, 0.00025227081591994751)]
    [InlineData(10_000_000, 9_990_000, 8.4786654261983157e-7)]
    [InlineData(10_000_000, 10_010_000, 0.0010849330401546585)]
    [InlineData(10_000_000, 9_900_000, 3.1266256509883126e-223)]
    public void BlockingProbability_HighPrecisionReference_MatchesToTwelveDigits(int servers, double load, double expected)
    {
        double actual = ErlangB.BlockingProbability(servers, load);

        Tolerance.AssertClose(expected, actual, relative: 1e-12, what: $"B({servers}, {load})");
    }

    [Fact]
    public void BlockingProbability_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        foreach (var testCase in ReferenceCases.Load("erlang-b"))
        {
            if (testCase.Has("solve"))
            {
                continue;
            }

            double load = testCase.Number("arrivalRate") / testCase.Number("serviceRate");
            testCase.Check("blockingProbability", ErlangB.BlockingProbability(testCase.Integer("servers"), load), failures, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 5, 1)]
    [InlineData(3, 0, 0)]
    [InlineData(1, 1e7, 0.99999990000001)]
    [InlineData(40, 1e300, 1.0)]
    [InlineData(1_000_000, 1e300, 1.0)]
    public void BlockingProbability_EdgeCases_HaveDocumentedValues(int servers, double load, double expected)
    {
        Tolerance.AssertClose(expected, ErlangB.BlockingProbability(servers, load), relative: 1e-14);
    }

    [Theory]
    [InlineData(-1, 1.0, "servers")]
    [InlineData(1, -1.0, "offeredLoad")]
    [InlineData(1, double.NaN, "offeredLoad")]
    [InlineData(1, double.PositiveInfinity, "offeredLoad")]
    public void BlockingProbability_InvalidArgument_ThrowsNamingIt(int servers, double load, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.BlockingProbability(servers, load));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter, exception.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 5000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool BlockingProbability_AnyServersAndLoad_IsAProbability(ServersAndLoad input)
    {
        double blocking = ErlangB.BlockingProbability(input.Servers, input.Load);
        return blocking >= 0 && blocking <= 1;
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool BlockingProbability_MoreServers_NeverBlocksMore(ServersAndLoad input)
    {
        return ErlangB.BlockingProbability(input.Servers + 1, input.Load) <= ErlangB.BlockingProbability(input.Servers, input.Load);
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool BlockingProbability_MoreLoad_NeverBlocksLess(ServersAndLoad input)
    {
        return ErlangB.BlockingProbability(input.Servers, input.Load * 1.01) >= ErlangB.BlockingProbability(input.Servers, input.Load);
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public void BlockingProbability_LargeServerMethods_AgreeWithTheContractiveRecursion(ServersAndLoad input)
    {
        int servers = Math.Min(input.Servers, 5_000);
        double load = input.Load * servers / input.Servers;
        double recursion = 1;
        for (int n = 1; n <= servers; n++)
        {
            recursion = load * recursion / (n + load * recursion);
        }

        double actual = ErlangB.BlockingProbability(servers, load);

        // Deep in the tail B = exp(−d) with d up to ~700: the exponent's own rounding (a few ulps of d) becomes a
        // relative error of about 4e-15·|ln B| in B, in either method; 1e-12 holds wherever |ln B| is below ~250.
        double relative = 1e-12 + 4e-15 * Math.Abs(Math.Log(Math.Max(recursion, double.Epsilon)));
        Tolerance.AssertClose(recursion, actual, relative: relative, absolute: 1e-300, what: $"B({servers}, {load:R})");
    }
}
