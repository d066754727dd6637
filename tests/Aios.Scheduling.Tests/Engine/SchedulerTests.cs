using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    private static ClusterSpec TwoNodes() => ClusterSpec.FromGpuCounts([new("a100", 16)], gpusPerNode: 8);

    [Fact]
    public void Submit_FitsFreeNode_StartsWithBestFitPlacement()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 6));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("b", 2));

        SchedulingDecision start = Assert.Single(decisions);
        Assert.Equal(DecisionKind.Start, start.Kind);
        Assert.Equal(new PlacementSlice("a100-0", "a100", 2, 1), Assert.Single(start.Placement));
    }

    [Fact]
    public void Fifo_HeadBlocked_LaterJobsWaitBehindIt()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Submit(JobSpec.WithGpus("a", 6));
        scheduler.Submit(JobSpec.WithGpus("b", 6));

        IReadOnlyList<SchedulingDecision> big = scheduler.Submit(JobSpec.WithGpus("c", 8));
        IReadOnlyList<SchedulingDecision> small = scheduler.Submit(JobSpec.WithGpus("d", 1));

        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(big).Reason);
        Assert.Equal(WaitReason.BehindBlockedJob, Assert.Single(small).Reason);
        IReadOnlyList<SchedulingDecision> afterFinish = scheduler.Finish("a");
        Assert.Equal(["c", "d"], afterFinish.Where(d => d.Kind == DecisionKind.Start).Select(d => d.JobId));
    }

    [Fact]
    public void Priority_HigherPriorityArrives_PreemptsFewestLowerJobs()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new Scheduler(TwoNodes(), new SchedulerOptions { Policy = SchedulingPolicy.Priority, TimeProvider = clock });
        for (int i = 0; i < 8; i++)
        {
            scheduler.Submit(JobSpec.WithGpus($"low{i}", 2) with { Priority = 0 });
        }

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("high", 4) with { Priority = 5 });

        Assert.Equal(2, decisions.Count(d => d.Kind == DecisionKind.Preempt));
        Assert.All(decisions.Where(d => d.Kind == DecisionKind.Preempt), d => Assert.Equal("high", d.CauseJobId));
        Assert.Equal("high", decisions.Single(d => d.Kind == DecisionKind.Start).JobId);
    }

    [Fact]
    public void FairShare_DrfPaperExample_ThreeAndTwoTasks()
    {
        var node = new NodeSpec("n", new Dictionary<string, int>()) { CpuCores = 9, MemoryBytes = 18 };
        var scheduler = new Scheduler(new ClusterSpec([node]), new SchedulerOptions { Policy = SchedulingPolicy.DominantResourceFairness });
        var jobs = new List<JobSpec>();
        for (int i = 0; i < 10; i++)
        {
            jobs.Add(new JobSpec($"a{i}", 1, new ReplicaRequest(0) { CpuCores = 1, MemoryBytes = 4 }) { Queue = "A" });
            jobs.Add(new JobSpec($"b{i}", 1, new ReplicaRequest(0) { CpuCores = 3, MemoryBytes = 1 }) { Queue = "B" });
        }

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany(jobs);

        Assert.Equal(3, decisions.Count(d => d.Kind == DecisionKind.Start && d.JobId.StartsWith('a')));
        Assert.Equal(2, decisions.Count(d => d.Kind == DecisionKind.Start && d.JobId.StartsWith('b')));
    }
}
