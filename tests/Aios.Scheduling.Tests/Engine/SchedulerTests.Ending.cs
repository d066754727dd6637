using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    [Fact]
    public void Finish_WaitingJob_ThrowsNamingTheJobAndItsPhaseAndLeavesItWaiting()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(new JobSpec("big", 2, new ReplicaRequest(8)));
        scheduler.Submit(JobSpec.WithGpus("waiting", 4));
        var before = StateOf(scheduler);

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Finish("waiting"));

        Assert.Contains("'waiting'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Waiting", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cancel", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
        Assert.True(scheduler.TryGetJob("waiting", out JobStatus? status));
        Assert.Equal(JobPhase.Waiting, status.Phase);
    }

    [Fact]
    public void Finish_PreemptedJob_ThrowsInvalidOperation()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Priority, TimeProvider = new FakeTimeProvider() });
        scheduler.Submit(JobSpec.WithGpus("low", 8));
        scheduler.Submit(JobSpec.WithGpus("high", 8) with { Priority = 5 });

        Assert.Throws<InvalidOperationException>(() => scheduler.Finish("low"));
        Assert.Equal(1, scheduler.WaitingCount);
    }

    [Fact]
    public void TryFinish_RunningJob_FinishesAndReturnsTheDecisions()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(new JobSpec("a", 2, new ReplicaRequest(8)));
        scheduler.Submit(JobSpec.WithGpus("b", 8));

        bool finished = scheduler.TryFinish("a", out IReadOnlyList<SchedulingDecision> decisions);

        Assert.True(finished);
        Assert.Equal("b", Assert.Single(decisions).JobId);
        Assert.Equal(DecisionKind.Start, decisions[0].Kind);
        Assert.False(scheduler.TryGetJob("a", out _));
    }

    [Fact]
    public void TryFinish_UnknownEndedOrWaitingJob_ReturnsFalseAndChangesNothing()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(new JobSpec("a", 2, new ReplicaRequest(8)));
        scheduler.Submit(JobSpec.WithGpus("done", 0));
        scheduler.Finish("done");
        scheduler.Submit(JobSpec.WithGpus("waiting", 8));
        var before = StateOf(scheduler);

        Assert.False(scheduler.TryFinish("nope", out IReadOnlyList<SchedulingDecision> unknown));
        Assert.False(scheduler.TryFinish("done", out IReadOnlyList<SchedulingDecision> ended));
        Assert.False(scheduler.TryFinish("waiting", out IReadOnlyList<SchedulingDecision> waiting));

        Assert.Empty(unknown);
        Assert.Empty(ended);
        Assert.Empty(waiting);
        Assert.Equal(before, StateOf(scheduler));
        Assert.Throws<ArgumentNullException>(() => scheduler.TryFinish(null!, out _));
    }

    [Fact]
    public void TryCancel_WaitingOrRunningJob_CancelsIt()
    {
        var scheduler = new Scheduler(TwoNodes(), new SchedulerOptions { RetainEndedJobs = true });
        scheduler.Submit(new JobSpec("a", 2, new ReplicaRequest(8)));
        scheduler.Submit(JobSpec.WithGpus("waiting", 8));

        Assert.True(scheduler.TryCancel("waiting", out IReadOnlyList<SchedulingDecision> waitingDecisions));
        Assert.True(scheduler.TryCancel("a", out IReadOnlyList<SchedulingDecision> runningDecisions));

        Assert.Empty(waitingDecisions);
        Assert.Empty(runningDecisions);
        Assert.True(scheduler.TryGetJob("waiting", out JobStatus? cancelled));
        Assert.Equal(JobPhase.Cancelled, cancelled.Phase);
        Assert.Equal((0, 0), (scheduler.RunningCount, scheduler.WaitingCount));
        Assert.Equal((0L, 16L), scheduler.Gpus);
    }

    [Fact]
    public void TryCancel_UnknownOrEndedJob_ReturnsFalseAndChangesNothing()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 4));
        scheduler.Cancel("a");
        scheduler.Submit(JobSpec.WithGpus("b", 4));
        var before = StateOf(scheduler);

        Assert.False(scheduler.TryCancel("a", out IReadOnlyList<SchedulingDecision> ended));
        Assert.False(scheduler.TryCancel("nope", out IReadOnlyList<SchedulingDecision> unknown));

        Assert.Empty(ended);
        Assert.Empty(unknown);
        Assert.Equal(before, StateOf(scheduler));
        Assert.Throws<ArgumentNullException>(() => scheduler.TryCancel(null!, out _));
    }
}
