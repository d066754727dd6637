using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Tests.Engine;

public sealed class SchedulerOptionsTests
{
    [Fact]
    public void Setters_InvalidValues_ThrowNamingTheProperty()
    {
        var options = new SchedulerOptions();

        Assert.Equal("AgingInterval", Assert.Throws<ArgumentOutOfRangeException>(() => options.AgingInterval = TimeSpan.Zero).ParamName);
        Assert.Equal("AgingInterval", Assert.Throws<ArgumentOutOfRangeException>(() => options.AgingInterval = TimeSpan.FromSeconds(-5)).ParamName);
        Assert.Equal("AttainedServiceThresholds", Assert.Throws<ArgumentException>(() => options.AttainedServiceThresholds = []).ParamName);
        Assert.Equal("AttainedServiceThresholds", Assert.Throws<ArgumentException>(() => options.AttainedServiceThresholds = [10, 5]).ParamName);
        Assert.Equal("AttainedServiceThresholds", Assert.Throws<ArgumentException>(() => options.AttainedServiceThresholds = [0]).ParamName);
        Assert.Equal("StarvationFactor", Assert.Throws<ArgumentOutOfRangeException>(() => options.StarvationFactor = -1).ParamName);
        Assert.Equal("StarvationFactor", Assert.Throws<ArgumentOutOfRangeException>(() => options.StarvationFactor = double.NaN).ParamName);
        Assert.Equal("Policy", Assert.Throws<ArgumentNullException>(() => options.Policy = null!).ParamName);
        Assert.Equal("Queues", Assert.Throws<ArgumentNullException>(() => options.Queues = null!).ParamName);
        Assert.Equal("TimeProvider", Assert.Throws<ArgumentNullException>(() => options.TimeProvider = null!).ParamName);
    }

    [Fact]
    public void AgingInterval_Infinite_IsAccepted()
    {
        var options = new SchedulerOptions { AgingInterval = Timeout.InfiniteTimeSpan };

        Assert.Equal(Timeout.InfiniteTimeSpan, options.AgingInterval);
    }
}
