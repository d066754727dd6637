using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    private static (int Running, int Waiting, string Pools) StateOf(Scheduler scheduler) =>
        (scheduler.RunningCount, scheduler.WaitingCount, string.Join(";", scheduler.GetPools()));

    [Fact]
    public void Submit_DuplicateId_ThrowsAndLeavesStateUnchanged()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 4));
        scheduler.Submit(JobSpec.WithGpus("b", 16));
        var before = StateOf(scheduler);

        var error = Assert.Throws<ArgumentException>(() => scheduler.Submit(JobSpec.WithGpus("a", 1)));

        Assert.Equal("job", error.ParamName);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
    }

    [Fact]
    public void Submit_QueueWithChildren_ThrowsAndLeavesStateUnchanged()
    {
        var scheduler = new Scheduler(TwoNodes(), new SchedulerOptions { Queues = [new QueueSpec("org"), new QueueSpec("team") { Parent = "org" }] });
        var before = StateOf(scheduler);

        var error = Assert.Throws<ArgumentException>(() => scheduler.Submit(JobSpec.WithGpus("a", 1) with { Queue = "org" }));

        Assert.Contains("leaf", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
        Assert.False(scheduler.TryGetJob("a", out _));
    }

    [Fact]
    public void FinishAndCancel_UnknownJob_ThrowNamingTheJobAndLeaveStateUnchanged()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 4));
        var before = StateOf(scheduler);

        var finish = Assert.Throws<ArgumentException>(() => scheduler.Finish("nope"));
        var cancel = Assert.Throws<ArgumentException>(() => scheduler.Cancel("nope"));

        Assert.Equal(("jobId", "jobId"), (finish.ParamName, cancel.ParamName));
        Assert.Contains("'nope'", finish.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
    }

    [Fact]
    public void Finish_JobAlreadyFinished_Throws()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 4));
        scheduler.Finish("a");

        Assert.Throws<ArgumentException>(() => scheduler.Finish("a"));
    }

    [Fact]
    public void NodeEvents_UnknownOrDuplicateNode_ThrowAndLeaveStateUnchanged()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 4));
        var before = StateOf(scheduler);

        var remove = Assert.Throws<ArgumentException>(() => scheduler.RemoveNode("nope"));
        var health = Assert.Throws<ArgumentException>(() => scheduler.SetNodeHealth("nope", healthy: false));
        var add = Assert.Throws<ArgumentException>(() => scheduler.AddNode(new NodeSpec("a100-0", new Dictionary<string, int> { ["a100"] = 8 })));

        Assert.Equal(("nodeName", "nodeName"), (remove.ParamName, health.ParamName));
        Assert.Contains("'nope'", remove.Message, StringComparison.Ordinal);
        Assert.Contains("'a100-0'", add.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
    }

    [Fact]
    public void Constructor_QueueWithUnknownParent_ThrowsNamingIt()
    {
        var options = new SchedulerOptions { Queues = [new QueueSpec("team") { Parent = "ghost" }] };

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(TwoNodes(), options));

        Assert.Equal("Queues", error.ParamName);
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_QueueCycle_ThrowsSayingCycle()
    {
        var options = new SchedulerOptions { Queues = [new QueueSpec("a") { Parent = "b" }, new QueueSpec("b") { Parent = "a" }] };

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(TwoNodes(), options));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateQueueName_Throws()
    {
        var options = new SchedulerOptions { Queues = [new QueueSpec("a"), new QueueSpec("a")] };

        var error = Assert.Throws<ArgumentException>(() => new Scheduler(TwoNodes(), options));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_Null_ThrowArgumentNullException()
    {
        var scheduler = new Scheduler(TwoNodes());

        Assert.Throws<ArgumentNullException>(() => new Scheduler(null!));
        Assert.Throws<ArgumentNullException>(() => scheduler.Submit(null!));
        Assert.Throws<ArgumentNullException>(() => scheduler.SubmitMany(null!));
        Assert.Throws<ArgumentNullException>(() => scheduler.AddNode(null!));
        Assert.Throws<ArgumentNullException>(() => scheduler.Finish(null!));
        Assert.Throws<ArgumentNullException>(() => scheduler.RemoveNode(null!));
    }
}
