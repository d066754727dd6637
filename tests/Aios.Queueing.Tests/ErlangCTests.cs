using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class ErlangCTests
{
    // C(c, a) = c·B/(c − a + a·B), B from mpmath at 40 digits (see ErlangBTests).
    [Theory]
    [InlineData(1, 0.5, 0.5)]
    [InlineData(5, 3, 0.23615160349854227)]
    [InlineData(31, 30, 0.79894622548631328)]
    [InlineData(50, 45.3, 0.39054479001955191)]
    [InlineData(100, 80, 0.019646426634359511)]
    [InlineData(1000, 999.5, 0.98048429618881579)]
    [InlineData(1000, 900, 0.00059266996637878122)]
    [InlineData(5000, 4759.241120160582, 0.00029347397355195484)]
    [InlineData(1_000_000, 999_000, 0.22330339029134409)]
    [InlineData(1_000_000, 999_999.5, 0.99937365202507103)]
    [InlineData(10_000_000, 9_990_000, 0.00084714899160252425)]
    [InlineData(10_000_000, 9_900_000, 3.1266256509883126e-221)]
    public void ProbabilityOfWaiting_HighPrecisionReference_MatchesToTwelveDigits(int servers, double load, double expected)
    {
        Tolerance.AssertClose(expected, ErlangC.ProbabilityOfWaiting(servers, load), relative: 1e-12, what: $"C({servers}, {load})");
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(4, 4.0)]
    [InlineData(10, 25.0)]
    [InlineData(1_000_000, 1e7)]
    public void ProbabilityOfWaiting_Unstable_IsOne(int servers, double load)
    {
        Assert.Equal(1.0, ErlangC.ProbabilityOfWaiting(servers, load));
    }

    [Theory]
    [InlineData(0, 1.0, "servers")]
    [InlineData(1, -0.5, "offeredLoad")]
    [InlineData(1, double.NaN, "offeredLoad")]
    public void ProbabilityOfWaiting_InvalidArgument_ThrowsNamingIt(int servers, double load, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ProbabilityOfWaiting(servers, load));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Property(MaxTest = 5000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ProbabilityOfWaiting_AnyServersAndLoad_IsAtLeastErlangB(ServersAndLoad input)
    {
        double waiting = ErlangC.ProbabilityOfWaiting(input.Servers, input.Load);
        double blocking = ErlangB.BlockingProbability(input.Servers, input.Load);
        return waiting >= blocking && waiting <= 1;
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ProbabilityOfWaiting_MoreServers_NeverWaitsMore(ServersAndLoad input)
    {
        return ErlangC.ProbabilityOfWaiting(input.Servers + 1, input.Load) <= ErlangC.ProbabilityOfWaiting(input.Servers, input.Load);
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ProbabilityOfWaiting_MoreLoad_NeverWaitsLess(ServersAndLoad input)
    {
        return ErlangC.ProbabilityOfWaiting(input.Servers, input.Load * 1.01) >= ErlangC.ProbabilityOfWaiting(input.Servers, input.Load);
    }
}
