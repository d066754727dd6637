using Aios.Queueing.Networks;

namespace Aios.Queueing.Tests.Networks;

public sealed class ClosedStationTests
{
    [Fact]
    public void Factories_ValidArguments_SetKindDemandAndOneServer()
    {
        ClosedStation queueing = ClosedStation.Queueing("gpu", 0.5);
        ClosedStation delay = ClosedStation.Delay("users", 3);

        Assert.Equal(new ClosedStation("gpu", ClosedStationKind.Queueing, 0.5, 1), queueing);
        Assert.Equal(new ClosedStation("users", ClosedStationKind.Delay, 3), delay);
        Assert.Equal(1, delay.Servers);
        Assert.Equal(3, delay.ServiceDemand);
        Assert.Equal("users", delay.Name);
        Assert.Equal(ClosedStationKind.Delay, delay.Kind);
        Assert.Equal("gpu(queueing, D=0.5, c=1)", queueing.ToString());
        Assert.Equal("users(delay, Z=3)", delay.ToString());
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_InvalidDemand_ThrowsNamingTheDemand(double demand)
    {
        Assert.Equal("serviceDemand", Assert.Throws<ArgumentOutOfRangeException>(() => ClosedStation.Queueing("a", demand)).ParamName);
        Assert.Equal("serviceDemand", Assert.Throws<ArgumentOutOfRangeException>(() => new ClosedStation("a", ClosedStationKind.Queueing, demand, 2)).ParamName);
        Assert.Equal("thinkTime", Assert.Throws<ArgumentOutOfRangeException>(() => ClosedStation.Delay("z", demand)).ParamName);
    }

    [Fact]
    public void Constructor_InvalidArguments_ThrowNamingTheParameter()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => ClosedStation.Queueing(null!, 1)).ParamName);
        Assert.Equal("servers", Assert.Throws<ArgumentOutOfRangeException>(() => new ClosedStation("a", ClosedStationKind.Queueing, 1, 0)).ParamName);
        ArgumentOutOfRangeException delayServers = Assert.Throws<ArgumentOutOfRangeException>(() => new ClosedStation("z", ClosedStationKind.Delay, 1, 2));
        Assert.Equal("servers", delayServers.ParamName);
        Assert.Contains("delay", delayServers.Message, StringComparison.Ordinal);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new ClosedStation("a", (ClosedStationKind)7, 1)).ParamName);
    }
}
