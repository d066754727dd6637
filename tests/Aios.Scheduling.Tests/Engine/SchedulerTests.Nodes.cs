using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    private static NodeSpec GpuNode(string name, int gpus, string? group = null, string type = "a100") =>
        new(name, new Dictionary<string, int> { [type] = gpus }) { TopologyGroup = group };

    private static Scheduler Over(SchedulingPolicy policy, params NodeSpec[] nodes) =>
        new(new ClusterSpec(nodes), new SchedulerOptions { Policy = policy });

    private static JobSpec OnNodes(string id, int replicas, int gpus, params string[] nodes) =>
        new(id, replicas, new ReplicaRequest(gpus) { Nodes = nodes });

    private static string[] NodesOf(IReadOnlyList<SchedulingDecision> decisions, string jobId) =>
        [.. decisions.Single(d => d.Kind == DecisionKind.Start && d.JobId == jobId).Placement.Select(s => s.Node).Order(StringComparer.Ordinal)];

    [Fact]
    public void Submit_NodesUnderBinPack_PlacesOnAListedNodeOverABetterFit()
    {
        var scheduler = Over(SchedulingPolicy.Fifo, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(JobSpec.WithGpus("a", 6));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("b", 1, 2, "n1"));

        Assert.Equal(["n1"], NodesOf(decisions, "b"));
    }

    [Fact]
    public void Submit_NodesUnderSpread_SpreadsOverTheListedNodesOnly()
    {
        var scheduler = Over(SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Spread }, GpuNode("n0", 8), GpuNode("n1", 8), GpuNode("n2", 8));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("a", 3, 1, "n0", "n2"));

        Assert.Equal(["n0", "n2"], NodesOf(decisions, "a"));
        Assert.Equal(3, decisions.Single().Placement.Sum(s => s.Replicas));
    }

    [Fact]
    public void Submit_NodesUnderTopology_TakesOneNodeOrTheGroupOfListedNodes()
    {
        var policy = SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Topology };
        NodeSpec[] nodes = [GpuNode("n0", 4, "g0"), GpuNode("n1", 4, "g0"), GpuNode("n2", 4, "g1"), GpuNode("n3", 4, "g1")];

        IReadOnlyList<SchedulingDecision> oneNode = Over(policy, nodes).Submit(OnNodes("a", 1, 4, "n3"));
        IReadOnlyList<SchedulingDecision> unrestricted = Over(policy, nodes).Submit(new JobSpec("b", 2, new ReplicaRequest(4)));
        IReadOnlyList<SchedulingDecision> group = Over(policy, nodes).Submit(OnNodes("c", 2, 4, "n2", "n3", "n0"));
        IReadOnlyList<SchedulingDecision> acrossGroups = Over(policy, nodes).Submit(OnNodes("d", 2, 4, "n1", "n2"));

        Assert.Equal(["n3"], NodesOf(oneNode, "a"));
        Assert.Equal(["n0", "n1"], NodesOf(unrestricted, "b"));
        Assert.Equal(["n2", "n3"], NodesOf(group, "c"));
        Assert.Equal(["n1", "n2"], NodesOf(acrossGroups, "d"));
    }

    [Theory]
    [InlineData(PlacementStrategy.BinPack)]
    [InlineData(PlacementStrategy.Spread)]
    [InlineData(PlacementStrategy.Topology)]
    public void Submit_NodesWithoutDevices_PlacesOnTheListedNodes(PlacementStrategy strategy)
    {
        NodeSpec Cpu(string name) => new(name, new Dictionary<string, int>()) { CpuCores = 8, MemoryBytes = 64 };
        var scheduler = Over(SchedulingPolicy.Fifo with { Placement = strategy }, Cpu("n0"), Cpu("n1"), Cpu("n2"));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(new JobSpec("a", 5, new ReplicaRequest(0) { CpuCores = 2, Nodes = ["n1", "n2"] }));

        Assert.All(decisions.Single().Placement, slice => Assert.Contains(slice.Node, (string[])["n1", "n2"]));
        Assert.Equal(5, decisions.Single().Placement.Sum(s => s.Replicas));
    }

    [Fact]
    public void Submit_EmptyNodes_WaitsExceedsCluster()
    {
        var scheduler = new Scheduler(TwoNodes());

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("a", 1, 1));

        Assert.Equal(WaitReason.ExceedsCluster, Assert.Single(decisions).Reason);
    }

    [Fact]
    public void Submit_NodeNamesTheClusterLacks_AreIgnoredUntilSuchANodeIsAdded()
    {
        var scheduler = Over(SchedulingPolicy.Fifo with { WorkConserving = true }, GpuNode("n0", 8));

        IReadOnlyList<SchedulingDecision> ghostOnly = scheduler.Submit(OnNodes("a", 1, 2, "ghost"));
        IReadOnlyList<SchedulingDecision> ghostAndReal = scheduler.Submit(OnNodes("b", 1, 2, "ghost", "n0"));
        IReadOnlyList<SchedulingDecision> added = scheduler.AddNode(GpuNode("ghost", 8));

        Assert.Equal(WaitReason.ExceedsCluster, Assert.Single(ghostOnly).Reason);
        Assert.Equal(["n0"], NodesOf(ghostAndReal, "b"));
        Assert.Equal(["ghost"], NodesOf(added, "a"));
    }

    [Fact]
    public void Submit_SameShapeOtherNodes_FitOnTheEmptyClusterDecidedPerNodeSet()
    {
        var restrictedFirst = Over(SchedulingPolicy.Fifo with { WorkConserving = true }, GpuNode("n0", 8), GpuNode("n1", 8));
        var unrestrictedFirst = Over(SchedulingPolicy.Fifo with { WorkConserving = true }, GpuNode("n0", 8), GpuNode("n1", 8));

        WaitReason restricted = restrictedFirst.Submit(OnNodes("a", 2, 8, "n0")).Single().Reason;
        DecisionKind unrestricted = restrictedFirst.Submit(new JobSpec("b", 2, new ReplicaRequest(8))).Single().Kind;
        DecisionKind unrestrictedAgain = unrestrictedFirst.Submit(new JobSpec("b", 2, new ReplicaRequest(8))).Single().Kind;
        unrestrictedFirst.Finish("b");
        WaitReason restrictedAgain = unrestrictedFirst.Submit(OnNodes("a", 2, 8, "n0")).Single().Reason;

        Assert.Equal((WaitReason.ExceedsCluster, DecisionKind.Start), (restricted, unrestricted));
        Assert.Equal((DecisionKind.Start, WaitReason.ExceedsCluster), (unrestrictedAgain, restrictedAgain));
    }

    [Fact]
    public void Submit_ListedNodesBusyOthersFree_WaitsForResourcesNotExceedsCluster()
    {
        var scheduler = Over(SchedulingPolicy.Fifo, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(OnNodes("a", 1, 8, "n0"));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("b", 1, 4, "n0"));

        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(decisions).Reason);
        Assert.Equal((8L, 16L), scheduler.Gpus);
    }

    [Fact]
    public void Finish_WaitingJobsOfOneShapeOnOtherNodes_EachGroupTriedOnItsOwn()
    {
        var scheduler = Over(SchedulingPolicy.Fifo with { WorkConserving = true }, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(OnNodes("big0", 1, 8, "n0"));
        scheduler.Submit(OnNodes("big1", 1, 8, "n1"));
        scheduler.Submit(OnNodes("a", 1, 4, "n0"));
        scheduler.Submit(OnNodes("b", 1, 4, "n1"));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Finish("big1");

        Assert.Equal(["n1"], NodesOf(decisions, "b"));
        Assert.True(scheduler.TryGetJob("a", out JobStatus? a) && a.Phase == JobPhase.Waiting);
    }

    [Fact]
    public void Priority_SingleReplicaWithNodes_PreemptsOnAListedNodeOnly()
    {
        var scheduler = Over(SchedulingPolicy.Priority, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(OnNodes("low0", 1, 8, "n0") with { Priority = 0 });
        scheduler.Submit(OnNodes("low1", 1, 8, "n1") with { Priority = 1 });

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("high", 1, 8, "n1") with { Priority = 5 });

        SchedulingDecision preempt = Assert.Single(decisions, d => d.Kind == DecisionKind.Preempt);
        Assert.Equal(("low1", "high"), (preempt.JobId, preempt.CauseJobId));
        Assert.Equal(["n1"], NodesOf(decisions, "high"));
    }

    [Fact]
    public void Priority_GangWithNodes_PreemptsOnListedNodesOnly()
    {
        var scheduler = Over(SchedulingPolicy.Priority, GpuNode("n0", 8), GpuNode("n1", 8), GpuNode("n2", 8));
        var placedOn = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < 6; i++)
        {
            string node = $"n{i / 2}";
            SchedulingDecision start = scheduler.Submit(OnNodes($"low{i}", 1, 4, node) with { Priority = node == "n0" ? 0 : 1 }).Single();
            placedOn[start.JobId] = start.Placement.Single().Node;
        }

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("high", 2, 4, "n1", "n2") with { Priority = 5 });

        string[] victims = [.. decisions.Where(d => d.Kind == DecisionKind.Preempt).Select(d => d.JobId)];
        Assert.Equal(2, victims.Length);
        Assert.All(victims, victim => Assert.NotEqual("n0", placedOn[victim]));
        Assert.All(NodesOf(decisions, "high"), node => Assert.NotEqual("n0", node));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 4)]
    public void Priority_VictimsOnlyOnOtherNodes_NothingPreempted(int replicas, int gpus)
    {
        var scheduler = Over(SchedulingPolicy.Priority, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(OnNodes("pinned", 1, 8, "n0") with { Preemptible = false });
        scheduler.Submit(OnNodes("low", 1, 8, "n1"));

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(OnNodes("high", replicas, gpus, "n0") with { Priority = 5 });

        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(decisions).Reason);
        Assert.True(scheduler.TryGetJob("low", out JobStatus? low) && low.Phase == JobPhase.Running);
    }

    [Fact]
    public void Backfill_ReservationOnNodes_OnlyJobsTakingThoseNodesCanDelayIt()
    {
        var scheduler = Over(SchedulingPolicy.Fifo with { Backfill = true }, GpuNode("n0", 8), GpuNode("n1", 8));
        scheduler.Submit(OnNodes("running", 1, 6, "n0") with { Duration = 100 });
        IReadOnlyList<SchedulingDecision> blocked = scheduler.Submit(OnNodes("blocked", 1, 8, "n0") with { Duration = 10 });

        IReadOnlyList<SchedulingDecision> onReserved = scheduler.Submit(OnNodes("onReserved", 1, 2, "n0") with { Duration = 1000 });
        IReadOnlyList<SchedulingDecision> elsewhere = scheduler.Submit(OnNodes("elsewhere", 1, 2, "n1") with { Duration = 1000 });
        IReadOnlyList<SchedulingDecision> placedOnReserved = scheduler.Submit(JobSpec.WithGpus("placedOnReserved", 2) with { Duration = 1000 });
        IReadOnlyList<SchedulingDecision> placedElsewhere = scheduler.Submit(JobSpec.WithGpus("placedElsewhere", 4) with { Duration = 1000 });

        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(blocked).Reason);
        Assert.Equal(WaitReason.WouldDelayReservation, Assert.Single(onReserved).Reason);
        Assert.Equal(["n1"], NodesOf(elsewhere, "elsewhere"));
        Assert.Equal(WaitReason.WouldDelayReservation, Assert.Single(placedOnReserved).Reason);
        Assert.Equal(["n1"], NodesOf(placedElsewhere, "placedElsewhere"));
    }

    [Property(MaxTest = 3000)]
    public Property Events_JobsWithNodes_NoReplicaOutsideItsNodesAndExceedsClusterExactlyWhenTheNodesCannotHoldIt() => Prop.ForAll(
        SchedulerGenerators.Scenario(SchedulerGenerators.Policy(), nodeSets: true).ToArbitrary(),
        scenario =>
        {
            var audit = new SchedulerAudit(scenario);
            audit.AfterEvent.Add(CheckPriorityVictims);
            audit.AfterEvent.Add(CheckExceedsCluster);

            audit.Run();

            return audit.LiveJobs.Values.All(job => !audit.FitsEmptyCluster(job));
        });

    [Property(MaxTest = 2000)]
    public Property Events_EveryJobListingEveryNode_SameDecisionsAsWithoutNodes() => Prop.ForAll(
        SchedulerGenerators.Scenario(SchedulerGenerators.Policy()).ToArbitrary(),
        scenario =>
        {
            string[] everyNode = [.. scenario.Nodes.Concat(scenario.SpareNodes).Select(n => n.Name)];
            SchedulerScenario listed = scenario with { Jobs = [.. scenario.Jobs.Select(j => j with { Request = j.Request with { Nodes = everyNode } })] };
            var without = new SchedulerAudit(scenario);
            var with = new SchedulerAudit(listed);

            without.Run();
            with.Run();

            return without.Transcript.SequenceEqual(with.Transcript);
        });

    /// <summary>A waiting job waits with ExceedsCluster exactly when its usable nodes cannot hold it even empty.</summary>
    private static void CheckExceedsCluster(SchedulerAudit audit)
    {
        foreach (JobSpec job in audit.LiveJobs.Values)
        {
            if (!audit.Running.ContainsKey(job.Id) && audit.Scheduler.TryGetJob(job.Id, out JobStatus? status))
            {
                bool fits = audit.FitsEmptyClusterResources(job);
                audit.Check(fits == (status.Reason != WaitReason.ExceedsCluster), $"{job.Id} waits with {status.Reason}; its nodes {(fits ? "hold" : "cannot hold")} it on the empty cluster");
            }
        }
    }
}
