using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    [Fact]
    public void Adopt_ThenSubmit_AdoptedCapacityIsTaken()
    {
        var scheduler = new Scheduler(TwoNodes());

        scheduler.Adopt(JobSpec.WithGpus("a", 8), [new PlacementSlice("a100-0", "a100", 8, 1)]);
        IReadOnlyList<SchedulingDecision> fits = scheduler.Submit(JobSpec.WithGpus("b", 8));
        IReadOnlyList<SchedulingDecision> waits = scheduler.Submit(JobSpec.WithGpus("c", 1));

        Assert.True(scheduler.TryGetJob("a", out JobStatus? a));
        Assert.Equal((JobPhase.Running, new PlacementSlice("a100-0", "a100", 8, 1)), (a.Phase, Assert.Single(a.Placement)));
        Assert.Equal(["a100-1"], NodesOf(fits, "b"));
        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(waits).Reason);
        Assert.Equal((16L, 16L), scheduler.Gpus);
    }

    [Fact]
    public void Adopt_HigherPrioritySubmitted_PreemptsTheAdoptedJob()
    {
        var scheduler = new Scheduler(TwoNodes(), new SchedulerOptions { Policy = SchedulingPolicy.Priority });
        scheduler.Adopt(JobSpec.WithGpus("adopted", 8), [new PlacementSlice("a100-0", "a100", 8, 1)]);
        scheduler.Adopt(JobSpec.WithGpus("pinned", 8) with { Preemptible = false }, [new PlacementSlice("a100-1", "a100", 8, 1)]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("high", 8) with { Priority = 5 });

        SchedulingDecision preempt = Assert.Single(decisions, d => d.Kind == DecisionKind.Preempt);
        Assert.Equal(("adopted", "high"), (preempt.JobId, preempt.CauseJobId));
        Assert.Equal(["a100-0"], NodesOf(decisions, "high"));
    }

    [Fact]
    public void Finish_AdoptedJob_FreesItsCapacity()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Adopt(new JobSpec("a", 2, new ReplicaRequest(4)), [new PlacementSlice("a100-0", "a100", 4, 1), new PlacementSlice("a100-1", "a100", 4, 1)]);
        scheduler.Submit(new JobSpec("big", 2, new ReplicaRequest(8)));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Finish("a");

        Assert.Equal("big", Assert.Single(decisions, d => d.Kind == DecisionKind.Start).JobId);
        Assert.Equal((16L, 16L), scheduler.Gpus);
    }

    [Fact]
    public void Adopt_NoPassRuns_TickDecidesAfterwards()
    {
        var clock = new FakeTimeProvider();
        var options = new SchedulerOptions { Policy = SchedulingPolicy.LeastAttainedService, TimeProvider = clock, AttainedServiceThresholds = [100] };
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", 8), GpuNode("n1", 4)]), options);
        scheduler.Adopt(JobSpec.WithGpus("old", 8), [new PlacementSlice("n0", "a100", 8, 1)]);
        scheduler.Submit(JobSpec.WithGpus("new", 8));
        clock.Advance(TimeSpan.FromSeconds(20));

        scheduler.Adopt(JobSpec.WithGpus("other", 4), [new PlacementSlice("n1", "a100", 4, 1)]);
        bool oldStillRuns = scheduler.TryGetJob("old", out JobStatus? old) && old.Phase == JobPhase.Running;
        IReadOnlyList<SchedulingDecision> tick = scheduler.Tick();

        Assert.True(oldStillRuns);
        Assert.Equal(("old", "new"), (tick.Single(d => d.Kind == DecisionKind.Preempt).JobId, tick.Single(d => d.Kind == DecisionKind.Start).JobId));
    }

    [Fact]
    public void Adopt_AttainedService_RanksTheJobUnderLeastAttainedService()
    {
        var options = new SchedulerOptions { Policy = SchedulingPolicy.LeastAttainedService, TimeProvider = new FakeTimeProvider(), AttainedServiceThresholds = [100] };
        var served = new Scheduler(new ClusterSpec([GpuNode("n0", 8)]), options);
        var fresh = new Scheduler(new ClusterSpec([GpuNode("n0", 8)]), options);
        served.Adopt(JobSpec.WithGpus("a", 8), [new PlacementSlice("n0", "a100", 8, 1)], attainedService: 500);
        fresh.Adopt(JobSpec.WithGpus("a", 8), [new PlacementSlice("n0", "a100", 8, 1)]);

        IReadOnlyList<SchedulingDecision> afterServed = served.Submit(JobSpec.WithGpus("b", 8));
        IReadOnlyList<SchedulingDecision> afterFresh = fresh.Submit(JobSpec.WithGpus("b", 8));

        Assert.Equal("a", afterServed.Single(d => d.Kind == DecisionKind.Preempt).JobId);
        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(afterFresh).Reason);
        Assert.True(fresh.TryGetJob("a", out JobStatus? a) && a.AttainedService == 0);
    }

    [Fact]
    public void Adopt_QueueUsage_CountsTowardTheDominantShare()
    {
        var scheduler = new Scheduler(TwoNodes(), new SchedulerOptions { Policy = SchedulingPolicy.DominantResourceFairness });
        scheduler.Adopt(JobSpec.WithGpus("a1", 8) with { Queue = "A" }, [new PlacementSlice("a100-0", "a100", 8, 1)]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany([JobSpec.WithGpus("a2", 8) with { Queue = "A" }, JobSpec.WithGpus("b1", 8) with { Queue = "B" }]);

        Assert.Equal("b1", Assert.Single(decisions, d => d.Kind == DecisionKind.Start).JobId);
    }

    [Fact]
    public void SetNodeHealth_AdoptedJobOnTheNode_IsPreempted()
    {
        var scheduler = new Scheduler(TwoNodes());
        scheduler.Adopt(JobSpec.WithGpus("a", 8), [new PlacementSlice("a100-0", "a100", 8, 1)]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SetNodeHealth("a100-0", healthy: false);

        SchedulingDecision preempt = decisions[0];
        Assert.Equal((DecisionKind.Preempt, "a", (string?)null), (preempt.Kind, preempt.JobId, preempt.CauseJobId));
        Assert.Equal(["a100-1"], NodesOf(decisions, "a"));
    }

    [Fact]
    public void Adopt_NonGangOnFewerReplicas_RunsWithThose()
    {
        var scheduler = new Scheduler(TwoNodes());

        scheduler.Adopt(new JobSpec("a", 4, new ReplicaRequest(2)) { Gang = false }, [new PlacementSlice("a100-1", "a100", 2, 1), new PlacementSlice("a100-1", "a100", 4, 2)]);

        Assert.True(scheduler.TryGetJob("a", out JobStatus? a));
        Assert.Equal(new PlacementSlice("a100-1", "a100", 6, 3), Assert.Single(a.Placement));
        Assert.Equal((6L, 16L), scheduler.Gpus);
    }

    public static TheoryData<string> AdoptErrors() =>
    [
        "duplicate id", "queue with children", "no slice", "unknown node", "no replica", "count not replicas × gpus",
        "node not listed", "type not on the node", "type unknown", "type not accepted", "type without throughput",
        "mixed types", "gang short of replicas", "too many replicas", "too few free devices", "too little CPU",
        "too little memory", "two slices on one node over capacity", "unhealthy node", "valid then invalid slice",
    ];

    [Theory]
    [MemberData(nameof(AdoptErrors))]
    public void Adopt_InvalidPlacement_ThrowsNamingTheProblemAndChangesNothing(string error)
    {
        var n0 = new NodeSpec("n0", new Dictionary<string, int> { ["a100"] = 8, ["v100"] = 4 }) { CpuCores = 16, MemoryBytes = 100 };
        var n1 = new NodeSpec("n1", new Dictionary<string, int> { ["a100"] = 8 }) { CpuCores = 16, MemoryBytes = 100 };
        var n2 = new NodeSpec("n2", new Dictionary<string, int> { ["a100"] = 8 }) { CpuCores = 16, MemoryBytes = 100 };
        var scheduler = new Scheduler(new ClusterSpec([n0, n1, n2]), new SchedulerOptions { Queues = [new QueueSpec("org"), new QueueSpec("team") { Parent = "org" }] });
        scheduler.SetNodeHealth("n2", healthy: false);
        scheduler.Adopt(new JobSpec("held", 1, new ReplicaRequest(6) { CpuCores = 4, MemoryBytes = 10 }), [new PlacementSlice("n0", "a100", 6, 1)]);
        var before = StateOf(scheduler);
        JobSpec one = JobSpec.WithGpus("job", 2);
        JobSpec two = new("job", 2, new ReplicaRequest(2));
        PlacementSlice onN1 = new("n1", "a100", 2, 1);
        (JobSpec Job, PlacementSlice[] Placement, Type Exception, string Message) Case(JobSpec job, PlacementSlice[] placement, Type exception, string message) => (job, placement, exception, message);
        (JobSpec job, PlacementSlice[] placement, Type exception, string message) = error switch
        {
            "duplicate id" => Case(one with { Id = "held" }, [onN1], typeof(InvalidOperationException), "'held' is already"),
            "queue with children" => Case(one with { Queue = "org" }, [onN1], typeof(ArgumentException), "leaf"),
            "no slice" => Case(one, [], typeof(ArgumentException), "at least one slice"),
            "unknown node" => Case(one, [onN1 with { Node = "ghost" }], typeof(ArgumentException), "'ghost', which is not in the cluster"),
            "no replica" => Case(one, [onN1 with { Count = 0, Replicas = 0 }], typeof(ArgumentException), "at least 1"),
            "count not replicas × gpus" => Case(one, [onN1 with { Count = 3 }], typeof(ArgumentException), "must take 2"),
            "node not listed" => Case(one with { Request = new ReplicaRequest(2) { Nodes = ["n0"] } }, [onN1], typeof(ArgumentException), "not among the request's nodes"),
            "type not on the node" => Case(one, [onN1 with { DeviceType = "v100" }], typeof(ArgumentException), "no devices of that type"),
            "type unknown" => Case(one, [onN1 with { DeviceType = "h100" }], typeof(ArgumentException), "no devices of that type"),
            "type not accepted" => Case(one with { Request = new ReplicaRequest(2) { DeviceTypes = ["a100"] } }, [new PlacementSlice("n0", "v100", 2, 1)], typeof(ArgumentException), "does not accept"),
            "type without throughput" => Case(one with { TotalWork = 10, Throughputs = new Dictionary<string, double> { ["v100"] = 1 } }, [onN1], typeof(ArgumentException), "does not accept"),
            "mixed types" => Case(two, [new PlacementSlice("n0", "v100", 2, 1), onN1], typeof(ArgumentException), "mixes device types"),
            "gang short of replicas" => Case(two, [onN1], typeof(ArgumentException), "places 1 replicas; it must place its 2"),
            "too many replicas" => Case(two with { Gang = false }, [onN1 with { Count = 6, Replicas = 3 }], typeof(ArgumentException), "it must place 1 to its 2"),
            "too few free devices" => Case(JobSpec.WithGpus("job", 4), [new PlacementSlice("n0", "a100", 4, 1)], typeof(InvalidOperationException), "'n0' has 2 free devices"),
            "too little CPU" => Case(one with { Request = new ReplicaRequest(2) { CpuCores = 12.5 } }, [onN1 with { Node = "n0" }], typeof(InvalidOperationException), "12 free CPU cores"),
            "too little memory" => Case(one with { Request = new ReplicaRequest(0) { MemoryBytes = 91 } }, [new PlacementSlice("n0", "cpu", 0, 1)], typeof(InvalidOperationException), "90 free bytes"),
            "two slices on one node over capacity" => Case(new JobSpec("job", 2, new ReplicaRequest(5)), [onN1 with { Count = 5 }, onN1 with { Count = 5 }], typeof(InvalidOperationException), "'n1' has 8 free devices"),
            "unhealthy node" => Case(one, [onN1 with { Node = "n2" }], typeof(InvalidOperationException), "'n2' is unhealthy"),
            "valid then invalid slice" => Case(two, [onN1, onN1 with { Node = "ghost" }], typeof(ArgumentException), "'ghost'"),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error, "no such case"),
        };

        Exception thrown = Assert.Throws(exception, () => scheduler.Adopt(job, placement));

        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
        Assert.Equal(exception == typeof(ArgumentException) && error != "queue with children" ? "placement" : (exception == typeof(ArgumentException) ? "job" : null), (thrown as ArgumentException)?.ParamName);
        Assert.Equal(before, StateOf(scheduler));
        Assert.Equal(error == "duplicate id", scheduler.TryGetJob(job.Id, out _));
    }

    [Fact]
    public void Adopt_InvalidArguments_Throw()
    {
        var scheduler = new Scheduler(TwoNodes());
        PlacementSlice[] placement = [new("a100-0", "a100", 1, 1)];

        Assert.Throws<ArgumentNullException>(() => scheduler.Adopt(null!, placement));
        Assert.Throws<ArgumentNullException>(() => scheduler.Adopt(JobSpec.WithGpus("a", 1), null!));
        Assert.Equal("attainedService", Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Adopt(JobSpec.WithGpus("a", 1), placement, -1)).ParamName);
        Assert.Equal("attainedService", Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Adopt(JobSpec.WithGpus("a", 1), placement, double.NaN)).ParamName);
        Assert.Equal("attainedService", Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Adopt(JobSpec.WithGpus("a", 1), placement, double.PositiveInfinity)).ParamName);
        Assert.Equal((0L, 16L), scheduler.Gpus);
    }

    [Property(MaxTest = 2000)]
    public Property Adopt_RunningJobsOfOneSchedulerIntoAFreshOne_SameFreeCapacity() => AdoptRoundTrip(fractions: false);

    [Property(MaxTest = 1000)]
    public Property Adopt_RunningJobsWithSharesIntoAFreshOne_SameDevicesAndShares() => AdoptRoundTrip(fractions: true);

    private static Property AdoptRoundTrip(bool fractions) => Prop.ForAll(
        SchedulerGenerators.Scenario(SchedulerGenerators.Policy(), nodeEvents: false, nodeSets: true, fractions: fractions).ToArbitrary(),
        scenario =>
        {
            var audit = new SchedulerAudit(scenario);
            foreach (StreamEvent step in scenario.Steps)
            {
                audit.RunStep(step);
            }

            var fresh = new Scheduler(new ClusterSpec(scenario.Nodes), new SchedulerOptions { Policy = scenario.Policy, Queues = scenario.Queues, TimeProvider = new FakeTimeProvider() });
            foreach ((string id, PlacementSlice[] placement) in audit.Running.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                Assert.True(audit.Scheduler.TryGetJob(id, out JobStatus? status));
                fresh.Adopt(audit.LiveJobs[id], placement, status.AttainedService);
            }

            bool same = fresh.GetPools().SequenceEqual(audit.Scheduler.GetPools()) && fresh.Gpus == audit.Scheduler.Gpus && fresh.RunningCount == audit.Running.Count;
            foreach ((string id, PlacementSlice[] placement) in audit.Running)
            {
                same &= fresh.TryGetJob(id, out JobStatus? adopted) && adopted.Phase == JobPhase.Running && adopted.Placement.SequenceEqual(placement);
            }

            bool tickDecidesNothing = fresh.Tick().Count == 0;
            foreach (string id in audit.Running.Keys)
            {
                fresh.Finish(id);
            }

            return (same && tickDecidesNothing && fresh.Gpus.Allocated == 0).Label($"pools {string.Join(";", fresh.GetPools())} vs {string.Join(";", audit.Scheduler.GetPools())}");
        });
}
