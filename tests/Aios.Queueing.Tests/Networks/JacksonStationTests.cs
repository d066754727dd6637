using Aios.Queueing.Networks;

namespace Aios.Queueing.Tests.Networks;

public sealed class JacksonStationTests
{
    [Fact]
    public void Constructor_ValidArguments_KeepsThem()
    {
        var station = new JacksonStation(servers: 3, serviceRate: 2.5, externalArrivalRate: 0);

        Assert.Equal(3, station.Servers);
        Assert.Equal(2.5, station.ServiceRate);
        Assert.Equal(0, station.ExternalArrivalRate);
        Assert.Equal("Station(c=3, μ=2.5, γ=0)", station.ToString());
    }

    [Theory]
    [InlineData(0, 1.0, 1.0, "servers")]
    [InlineData(1, 0.0, 1.0, "serviceRate")]
    [InlineData(1, double.NaN, 1.0, "serviceRate")]
    [InlineData(1, double.PositiveInfinity, 1.0, "serviceRate")]
    [InlineData(1, 1.0, -1.0, "externalArrivalRate")]
    [InlineData(1, 1.0, double.NaN, "externalArrivalRate")]
    [InlineData(1, 1.0, double.PositiveInfinity, "externalArrivalRate")]
    public void Constructor_InvalidArgument_ThrowsNamingIt(int servers, double serviceRate, double externalArrivalRate, string parameter)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new JacksonStation(servers, serviceRate, externalArrivalRate));

        Assert.Equal(parameter, error.ParamName);
    }
}
