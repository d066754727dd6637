using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    [Fact]
    public void Priority_PreemptionFreesMoreThanThePreemptorTakes_LaterJobOfTheVictimsPriorityWaitsBehindTheVictim()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Priority, TimeProvider = clock });
        scheduler.Submit(JobSpec.WithGpus("victim", 8));
        clock.Advance(TimeSpan.FromSeconds(1));
        scheduler.Submit(JobSpec.WithGpus("later", 4));
        clock.Advance(TimeSpan.FromSeconds(1));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("urgent", 4) with { Priority = 5 });

        Assert.Equal(["Preempt victim", "Start urgent"], decisions.Select(d => $"{d.Kind} {d.JobId}"));
        Assert.True(scheduler.TryGetJob("later", out JobStatus? later));
        Assert.Equal((JobPhase.Waiting, WaitReason.BehindBlockedJob), (later.Phase, later.Reason));
        Assert.True(scheduler.TryGetJob("victim", out JobStatus? victim));
        Assert.Equal((JobPhase.Waiting, WaitReason.InsufficientResources), (victim.Phase, victim.Reason));
    }

    [Fact]
    public void Priority_PreemptionFreesMoreThanThePreemptorTakes_JobRankedAboveTheVictimStillStarts()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Priority, TimeProvider = clock });
        scheduler.Submit(JobSpec.WithGpus("victim", 8));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany([JobSpec.WithGpus("urgent", 4) with { Priority = 5 }, JobSpec.WithGpus("middle", 4) with { Priority = 2 }]);

        Assert.Equal(["Preempt victim", "Start urgent", "Start middle"], decisions.Select(d => $"{d.Kind} {d.JobId}"));
    }
}
