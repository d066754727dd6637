using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Tests.Traces;

public sealed class TraceJobTests
{
    [Fact]
    public void Constructor_RequiredFields_LeavesDefaults()
    {
        var job = new TraceJob("a", 0, 1);

        Assert.Equal(1, job.Priority);
        Assert.Equal(1, job.ScaleFactor);
        Assert.Null(job.Duration);
        Assert.Null(job.TotalSteps);
        Assert.Empty(job.Throughputs);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadSubmitTime_Throws(double submit)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", submit, 1));

        Assert.Equal("SubmitTime", exception.ParamName);
    }

    [Fact]
    public void Init_InvalidValues_ThrowNamingTheProperty()
    {
        Assert.Equal("Gpus", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 0)).ParamName);
        Assert.Equal("Id", Assert.Throws<ArgumentException>(() => new TraceJob("", 0, 1)).ParamName);
        Assert.Equal("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 1) { Duration = 0 }).ParamName);
        Assert.Equal("Priority", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 1) { Priority = -1 }).ParamName);
        Assert.Equal("TotalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 1) { TotalSteps = 0 }).ParamName);
        Assert.Equal("ScaleFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 1) { ScaleFactor = 0 }).ParamName);
        Assert.Equal("Queue", Assert.Throws<ArgumentException>(() => new TraceJob("a", 0, 1) { Queue = "" }).ParamName);
        Assert.Equal("JobType", Assert.Throws<ArgumentException>(() => new TraceJob("a", 0, 1) { JobType = "" }).ParamName);
        Assert.Equal("Throughputs", Assert.Throws<ArgumentException>(() => new TraceJob("a", 0, 1) { Throughputs = new Dictionary<string, double> { ["v100"] = 0 } }).ParamName);
    }

    [Fact]
    public void TryGetDurationOn_StepsAndThroughput_DividesThem()
    {
        var job = new TraceJob("a", 0, 1) { TotalSteps = 1000, Throughputs = new Dictionary<string, double> { ["v100"] = 4 } };

        Assert.True(job.TryGetDurationOn("v100", out double seconds));
        Assert.Equal(250, seconds);
        Assert.False(job.TryGetDurationOn("k80", out _));
        Assert.False((job with { TotalSteps = null }).TryGetDurationOn("v100", out _));
    }

    [Fact]
    public void Equals_SameThroughputsInAnotherMap_IsEqual()
    {
        var first = new TraceJob("a", 0, 1) { Throughputs = new Dictionary<string, double> { ["v100"] = 4, ["k80"] = 1 } };
        var second = new TraceJob("a", 0, 1) { Throughputs = new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 4 } };

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, second with { Throughputs = new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 5 } });
        Assert.NotEqual(first, second with { Queue = "q" });
    }

    [Theory]
    [InlineData(1.0000001e11)]
    [InlineData(1.7e12)]
    public void Constructor_SubmitTimeBeyondMaxSeconds_Throws(double submitTime)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", submitTime, 1));
    }

    [Fact]
    public void Duration_BeyondMaxSeconds_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJob("a", 0, 1) { Duration = 2e11 });
    }

    [Fact]
    public void Constructor_SubmitTimeAtMaxSeconds_IsKept()
    {
        Assert.Equal(TraceJob.MaxSeconds, new TraceJob("a", TraceJob.MaxSeconds, 1) { Duration = TraceJob.MaxSeconds }.SubmitTime);
    }

    [Fact]
    public void RebaseSubmitTimes_Jobs_EarliestArrivesAtZeroAndOrderIsKept()
    {
        TraceJob[] jobs = [new("b", 500, 1), new("a", 200, 2), new("c", 900, 1)];

        List<TraceJob> rebased = TraceJob.RebaseSubmitTimes(jobs);

        Assert.Equal(["b", "a", "c"], rebased.Select(j => j.Id));
        Assert.Equal([300.0, 0.0, 700.0], rebased.Select(j => j.SubmitTime));
        Assert.Empty(TraceJob.RebaseSubmitTimes([]));
    }
}
