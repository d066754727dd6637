using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Engine;

public sealed class SchedulerOptionsTests
{
    [Fact]
    public void Setters_InvalidValues_ThrowNamingTheProperty()
    {
        var options = new SchedulerOptions();

        Assert.Equal("AgingIntervalSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => options.AgingIntervalSeconds = 0).ParamName);
        Assert.Equal("AgingIntervalSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => options.AgingIntervalSeconds = -5).ParamName);
        Assert.Equal("AgingIntervalSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => options.AgingIntervalSeconds = double.NaN).ParamName);
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
    public void AgingIntervalSeconds_Infinite_IsAccepted()
    {
        var options = new SchedulerOptions { AgingIntervalSeconds = double.PositiveInfinity };

        Assert.Equal(double.PositiveInfinity, options.AgingIntervalSeconds);
    }

    [Fact]
    public void Setters_InvalidValues_MessagesGiveTheValidRange()
    {
        var options = new SchedulerOptions();

        Assert.Contains("1", Assert.Throws<ArgumentOutOfRangeException>(() => options.ScanDepth = 0).Message, StringComparison.Ordinal);
        Assert.Equal("ScanDepth", Assert.Throws<ArgumentOutOfRangeException>(() => options.ScanDepth = 0).ParamName);
        Assert.Equal("HeterogeneityTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => options.HeterogeneityTolerance = 0).ParamName);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => options.HeterogeneityTolerance = 1.5).Message, StringComparison.Ordinal);
        Assert.Contains(">= 0", Assert.Throws<ArgumentOutOfRangeException>(() => options.StarvationFactor = -1).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheduler_OptionsChangedAfterConstruction_KeepsItsSnapshot()
    {
        var queues = new List<QueueSpec> { new("a") };
        var thresholds = new List<double> { 10, 20 };
        var options = new SchedulerOptions
        {
            Policy = SchedulingPolicy.LeastAttainedService,
            Queues = queues,
            AttainedServiceThresholds = thresholds,
            ScanDepth = 9,
            HeterogeneityTolerance = 0.7,
            StarvationFactor = 2,
            RetainEndedJobs = true,
        };
        var scheduler = new Scheduler(ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), options);

        options.Policy = SchedulingPolicy.Fifo;
        options.ScanDepth = 1;
        options.HeterogeneityTolerance = 1;
        options.StarvationFactor = 0;
        options.AgingIntervalSeconds = 1;
        options.AttainedServiceThresholds = [1];
        options.RetainEndedJobs = false;
        queues.Add(new QueueSpec("b") { Parent = "ghost" });
        thresholds[0] = 1;

        SchedulerOptions snapshot = scheduler.Options;
        Assert.NotSame(options, snapshot);
        Assert.Equal(SchedulingPolicy.LeastAttainedService, scheduler.Policy);
        Assert.Equal(SchedulingPolicy.LeastAttainedService, snapshot.Policy);
        Assert.Equal(9, snapshot.ScanDepth);
        Assert.Equal(0.7, snapshot.HeterogeneityTolerance);
        Assert.Equal(2, snapshot.StarvationFactor);
        Assert.Equal(3_600, snapshot.AgingIntervalSeconds);
        Assert.Equal([10.0, 20.0], snapshot.AttainedServiceThresholds);
        Assert.Equal(["a"], snapshot.Queues.Select(q => q.Name));
        Assert.True(snapshot.RetainEndedJobs);
        scheduler.Submit(JobSpec.WithGpus("j", 1));
        scheduler.Finish("j");
        Assert.True(scheduler.TryGetJob("j", out JobStatus? ended));
        Assert.Equal(JobPhase.Finished, ended.Phase);
    }
}
