using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class JobSpecTests
{
    [Fact]
    public void Constructor_InvalidValues_ThrowNamingTheParameter()
    {
        var request = new ReplicaRequest(1);

        Assert.Equal("Id", Assert.Throws<ArgumentException>(() => new JobSpec("", 1, request)).ParamName);
        Assert.Equal("Id", Assert.Throws<ArgumentNullException>(() => new JobSpec(null!, 1, request)).ParamName);
        Assert.Equal("Replicas", Assert.Throws<ArgumentOutOfRangeException>(() => new JobSpec("j", 0, request)).ParamName);
        Assert.Equal("Request", Assert.Throws<ArgumentNullException>(() => new JobSpec("j", 1, null!)).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Init_NonPositiveOrNonFiniteLengths_ThrowNamingTheProperty(double value)
    {
        JobSpec job = JobSpec.WithGpus("j", 1);

        Assert.Equal("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => job with { Duration = value }).ParamName);
        Assert.Equal("TotalWork", Assert.Throws<ArgumentOutOfRangeException>(() => job with { TotalWork = value }).ParamName);
    }

    [Fact]
    public void Init_InvalidQueueOrRestartOverhead_ThrowsNamingTheProperty()
    {
        JobSpec job = JobSpec.WithGpus("j", 1);

        Assert.Equal("Queue", Assert.Throws<ArgumentException>(() => job with { Queue = "" }).ParamName);
        Assert.Equal("RestartOverhead", Assert.Throws<ArgumentOutOfRangeException>(() => job with { RestartOverhead = -1 }).ParamName);
        Assert.Equal("RestartOverhead", Assert.Throws<ArgumentOutOfRangeException>(() => job with { RestartOverhead = double.NaN }).ParamName);
    }
}
