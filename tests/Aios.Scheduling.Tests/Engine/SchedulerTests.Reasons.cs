using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    public static TheoryData<string> AllPolicies() => [.. SchedulingPolicy.Names];

    [Theory]
    [MemberData(nameof(AllPolicies))]
    public void Submit_TooLargeForTheClusterBehindABlockedJob_WaitsWithExceedsCluster(string policy)
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Parse(policy), TimeProvider = new FakeTimeProvider() });
        scheduler.Submit(JobSpec.WithGpus("running", 6) with { Preemptible = false });
        scheduler.Submit(JobSpec.WithGpus("blocked", 4));

        SchedulingDecision tooLarge = Assert.Single(scheduler.Submit(JobSpec.WithGpus("sixteen", 16)));
        SchedulingDecision wrongType = Assert.Single(scheduler.Submit(new JobSpec("h100", 1, new ReplicaRequest(1) { DeviceTypes = ["h100"] })));
        SchedulingDecision tooManyCores = Assert.Single(scheduler.Submit(new JobSpec("cores", 1, new ReplicaRequest(1) { CpuCores = 1 })));

        Assert.Equal((DecisionKind.Wait, WaitReason.ExceedsCluster), (tooLarge.Kind, tooLarge.Reason));
        Assert.Equal(WaitReason.ExceedsCluster, wrongType.Reason);
        Assert.Equal(WaitReason.ExceedsCluster, tooManyCores.Reason);
        Assert.True(scheduler.TryGetJob("sixteen", out JobStatus? status));
        Assert.Equal(WaitReason.ExceedsCluster, status.Reason);
    }

    [Fact]
    public void Submit_TooLargeGangBehindABlockedJob_WaitsWithExceedsClusterUntilANodeMakesItFit()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]));
        scheduler.Submit(JobSpec.WithGpus("running", 6));
        scheduler.Submit(JobSpec.WithGpus("blocked", 4));

        SchedulingDecision gang = Assert.Single(scheduler.Submit(new JobSpec("gang", 2, new ReplicaRequest(8))));
        scheduler.AddNode(GpuNode("n1", "a100", 8));

        Assert.Equal(WaitReason.ExceedsCluster, gang.Reason);
        Assert.True(scheduler.TryGetJob("gang", out JobStatus? status));
        Assert.NotEqual(WaitReason.ExceedsCluster, status.Reason);
    }
}
