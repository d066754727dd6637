using Aios.Scheduling.Engine;
using Aios.Scheduling.Fairness;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    private static NodeSpec GpuNode(string name, string type, int gpus, string? group = null) =>
        new(name, new Dictionary<string, int> { [type] = gpus }) { TopologyGroup = group };

    private static int StartsOf(IEnumerable<SchedulingDecision> decisions, char prefix) =>
        decisions.Count(d => d.Kind == DecisionKind.Start && d.JobId[0] == prefix);

    // Ghodsi et al., NSDI 2011, §4: ⟨100 CPUs, 10,000 GB⟩, A ⟨2, 300⟩, B ⟨6, 100⟩ → A 20 tasks, B 10.
    [Fact]
    public void FairShare_DrfSecondExample_TwentyAndTenTasks()
    {
        var node = new NodeSpec("n", new Dictionary<string, int>()) { CpuCores = 100, MemoryBytes = 10_000 };
        var scheduler = new Scheduler(new ClusterSpec([node]), new SchedulerOptions { Policy = SchedulingPolicy.DominantResourceFairness });
        var jobs = new List<JobSpec>();
        for (int i = 0; i < 40; i++)
        {
            jobs.Add(new JobSpec($"a{i}", 1, new ReplicaRequest(0) { CpuCores = 2, MemoryBytes = 300 }) { Queue = "A" });
            jobs.Add(new JobSpec($"b{i}", 1, new ReplicaRequest(0) { CpuCores = 6, MemoryBytes = 100 }) { Queue = "B" });
        }

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany(jobs);

        Assert.Equal(20, StartsOf(decisions, 'a'));
        Assert.Equal(10, StartsOf(decisions, 'b'));
    }

    /// <summary>A DRF problem with power-of-two capacities and weights, so shares are exact and ties agree bit for bit.</summary>
    public sealed record DrfProblem(int Cpu, int Memory, int Gpus, int[][] Demands, int[] Weights, int Tasks)
    {
        public override string ToString() =>
            $"⟨{Cpu} CPU, {Memory} memory, {Gpus} GPUs⟩, demands {string.Join(" ", Demands.Select(d => $"⟨{string.Join(",", d)}⟩"))}, weights {string.Join(",", Weights)}, {Tasks} tasks each";
    }

    [Property(MaxTest = 2000)]
    public Property FairShare_RandomDrfProblem_AgreesWithProgressiveFilling() => Prop.ForAll(
        (from cpu in Gen.Elements(8, 16, 32, 64)
         from memory in Gen.Elements(16, 64, 256)
         from gpus in Gen.Elements(4, 8, 16)
         from users in Gen.Choose(1, 4)
         from demands in Gen.Choose(0, 4).ArrayOf(3).Where(d => d[0] + d[1] > 0).ArrayOf(users)
         from weights in Gen.Elements(1, 2, 4).ArrayOf(users)
         from tasks in Gen.Choose(1, 24)
         select new DrfProblem(cpu, memory, gpus, demands, weights, tasks)).ToArbitrary(),
        problem =>
        {
            var node = new NodeSpec("n", new Dictionary<string, int> { ["g"] = problem.Gpus }) { CpuCores = problem.Cpu, MemoryBytes = problem.Memory };
            QueueSpec[] queues = [.. problem.Weights.Select((w, u) => new QueueSpec($"u{u}") { Weight = w })];
            var scheduler = new Scheduler(new ClusterSpec([node]), new SchedulerOptions { Policy = SchedulingPolicy.DominantResourceFairness, Queues = queues });
            var jobs = new List<JobSpec>();
            for (int t = 0; t < problem.Tasks; t++)
            {
                for (int u = 0; u < problem.Demands.Length; u++)
                {
                    int[] d = problem.Demands[u];
                    jobs.Add(new JobSpec($"u{u}-{t}", 1, new ReplicaRequest(d[2]) { CpuCores = d[0], MemoryBytes = d[1] }) { Queue = $"u{u}" });
                }
            }

            IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany(jobs);
            int[] expected = DominantResourceFairness.Allocate(
                [problem.Cpu, problem.Memory, problem.Gpus],
                [.. problem.Demands.Select(d => (IReadOnlyList<double>)[d[0], d[1], d[2]])],
                [.. problem.Weights.Select(w => (double)w)],
                [.. problem.Demands.Select(_ => problem.Tasks)]);

            int[] actual = [.. Enumerable.Range(0, problem.Demands.Length).Select(u => decisions.Count(d => d.Kind == DecisionKind.Start && d.JobId.StartsWith($"u{u}-", StringComparison.Ordinal)))];
            return actual.SequenceEqual(expected).Label($"scheduler [{string.Join(",", actual)}], DRF [{string.Join(",", expected)}]");
        });

    [Fact]
    public void Backfill_BlockedHeadWithReservation_OnlyJobsThatDoNotDelayItStart()
    {
        var clock = new FakeTimeProvider();
        var cluster = new ClusterSpec([GpuNode("n0", "a100", 8)]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Backfill = true }, TimeProvider = clock });
        scheduler.Submit(JobSpec.WithGpus("running", 2) with { Duration = 100 });
        scheduler.Submit(JobSpec.WithGpus("head", 8));

        IReadOnlyList<SchedulingDecision> shortJob = scheduler.Submit(JobSpec.WithGpus("short", 2) with { Duration = 50 });
        IReadOnlyList<SchedulingDecision> longJob = scheduler.Submit(JobSpec.WithGpus("long", 2) with { Duration = 500 });

        Assert.Equal(DecisionKind.Start, Assert.Single(shortJob).Kind);
        Assert.Equal(WaitReason.WouldDelayReservation, Assert.Single(longJob).Reason);
    }

    [Fact]
    public void Backfill_LongJobOnSpareDevicesAtShadowTime_StartsOnceThenSpareIsUsedUp()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Backfill = true }, TimeProvider = new FakeTimeProvider() });
        scheduler.Submit(JobSpec.WithGpus("running", 4) with { Duration = 100 });
        scheduler.Submit(JobSpec.WithGpus("head", 6));

        IReadOnlyList<SchedulingDecision> spare = scheduler.Submit(JobSpec.WithGpus("spare", 2) with { Duration = 1_000 });
        IReadOnlyList<SchedulingDecision> more = scheduler.Submit(JobSpec.WithGpus("more", 2) with { Duration = 1_000 });

        Assert.Equal(DecisionKind.Start, Assert.Single(spare).Kind);
        Assert.Equal(WaitReason.WouldDelayReservation, Assert.Single(more).Reason);
    }

    [Fact]
    public void Backfill_SpareBeyondTheReservation_LongJobStarts()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8), GpuNode("n1", "a100", 8)]), new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Backfill = true }, TimeProvider = new FakeTimeProvider() });
        scheduler.Submit(JobSpec.WithGpus("r0", 8) with { Duration = 100 });
        scheduler.Submit(JobSpec.WithGpus("r1", 6) with { Duration = 100 });
        scheduler.Submit(new JobSpec("head", 2, new ReplicaRequest(6)));

        IReadOnlyList<SchedulingDecision> spare = scheduler.Submit(JobSpec.WithGpus("spare", 2) with { Duration = 1_000 });

        Assert.Equal(DecisionKind.Start, Assert.Single(spare).Kind);
    }

    [Fact]
    public void Fifo_WithoutBackfill_ShortLongAndSpareJobsAllWait()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]), new SchedulerOptions { TimeProvider = new FakeTimeProvider() });
        scheduler.Submit(JobSpec.WithGpus("running", 6) with { Duration = 100 });
        scheduler.Submit(JobSpec.WithGpus("head", 7));

        IReadOnlyList<SchedulingDecision>[] later = [.. new[] { 50.0, 500, 1_000 }.Select((d, i) => scheduler.Submit(JobSpec.WithGpus($"j{i}", 1) with { Duration = d }))];

        Assert.All(later, decisions => Assert.Equal(WaitReason.BehindBlockedJob, Assert.Single(decisions).Reason));
    }

    private static Scheduler TwoGuaranteedQueues(long? borrowingLimitB = null, long? lendingLimitA = null) =>
        new(ClusterSpec.FromGpuCounts([new("a100", 16)], gpusPerNode: 8), new SchedulerOptions
        {
            Policy = SchedulingPolicy.DominantResourceFairness,
            Queues = [new QueueSpec("A") { GuaranteedGpus = 8, LendingLimit = lendingLimitA }, new QueueSpec("B") { GuaranteedGpus = 8, BorrowingLimit = borrowingLimitB }],
            TimeProvider = new FakeTimeProvider(),
        });

    [Fact]
    public void Reclaim_OwnerBelowGuarantee_EvictsExactlyWhatItNeedsOnOneNode()
    {
        Scheduler scheduler = TwoGuaranteedQueues();
        scheduler.SubmitMany([.. Enumerable.Range(0, 16).Select(i => JobSpec.WithGpus($"b{i}", 1) with { Queue = "B" })]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("a", 4) with { Queue = "A" });

        SchedulingDecision[] preempted = [.. decisions.Where(d => d.Kind == DecisionKind.Preempt)];
        Assert.Equal(4, preempted.Length);
        Assert.All(preempted, d => Assert.Equal("a", d.CauseJobId));
        SchedulingDecision start = Assert.Single(decisions, d => d.Kind == DecisionKind.Start);
        Assert.Equal("a", start.JobId);
        Assert.Equal(4, Assert.Single(start.Placement).Count);
        Assert.Equal(12, scheduler.GetPools().Sum(p => p.Allocated) - 4);
    }

    [Fact]
    public void Reclaim_QueueAtItsGuarantee_IsNeverPreempted()
    {
        var scheduler = new Scheduler(ClusterSpec.FromGpuCounts([new("a100", 16)], gpusPerNode: 8), new SchedulerOptions
        {
            Policy = SchedulingPolicy.DominantResourceFairness,
            Queues = [new QueueSpec("A") { GuaranteedGpus = 8 }, new QueueSpec("B") { GuaranteedGpus = 4 }, new QueueSpec("C") { GuaranteedGpus = 4 }],
        });
        scheduler.SubmitMany([.. Enumerable.Range(0, 4).Select(i => JobSpec.WithGpus($"b{i}", 1) with { Queue = "B" })]);
        scheduler.SubmitMany([.. Enumerable.Range(0, 12).Select(i => JobSpec.WithGpus($"c{i}", 1) with { Queue = "C" })]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("a", 8) with { Queue = "A" });

        SchedulingDecision[] preempted = [.. decisions.Where(d => d.Kind == DecisionKind.Preempt)];
        Assert.Equal(8, preempted.Length);
        Assert.All(preempted, d => Assert.StartsWith("c", d.JobId, StringComparison.Ordinal));
        Assert.Equal("a", Assert.Single(decisions, d => d.Kind == DecisionKind.Start).JobId);
    }

    [Fact]
    public void Quota_BorrowingLimit_WaitsWithQuotaExceeded()
    {
        Scheduler scheduler = TwoGuaranteedQueues(borrowingLimitB: 2);
        scheduler.SubmitMany([.. Enumerable.Range(0, 10).Select(i => JobSpec.WithGpus($"b{i}", 1) with { Queue = "B" })]);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Submit(JobSpec.WithGpus("b-over", 1) with { Queue = "B" });

        Assert.Equal(WaitReason.QuotaExceeded, Assert.Single(decisions).Reason);
        Assert.Equal(10, scheduler.Gpus.Allocated);
    }

    [Fact]
    public void Quota_LendingLimitOfAnIdleQueue_OthersBorrowOnlyWhatItLends()
    {
        Scheduler scheduler = TwoGuaranteedQueues(lendingLimitA: 2);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SubmitMany([.. Enumerable.Range(0, 12).Select(i => JobSpec.WithGpus($"b{i}", 1) with { Queue = "B" })]);

        Assert.Equal(10, decisions.Count(d => d.Kind == DecisionKind.Start));
        Assert.True(scheduler.TryGetJob("b10", out JobStatus? status));
        Assert.Equal(WaitReason.QuotaProtected, status.Reason);
    }

    [Fact]
    public void Topology_GangFitsOneNode_StaysOnIt()
    {
        var cluster = new ClusterSpec([GpuNode("n0", "a100", 8, "r0"), GpuNode("n1", "a100", 8, "r1"), GpuNode("n2", "a100", 8, "r1")]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Topology } });
        scheduler.Submit(JobSpec.WithGpus("x", 2));

        SchedulingDecision start = Assert.Single(scheduler.Submit(new JobSpec("gang", 4, new ReplicaRequest(2))));

        Assert.Equal(4, Assert.Single(start.Placement).Replicas);
    }

    [Fact]
    public void Topology_GangNeedsTwoNodes_StaysInOneGroup()
    {
        var cluster = new ClusterSpec([GpuNode("n0", "a100", 8, "r0"), GpuNode("n1", "a100", 8, "r1"), GpuNode("n2", "a100", 8, "r0"), GpuNode("n3", "a100", 8, "r1")]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Topology } });
        scheduler.Submit(JobSpec.WithGpus("x", 4));

        SchedulingDecision start = Assert.Single(scheduler.Submit(new JobSpec("gang", 6, new ReplicaRequest(2))));

        string[] nodes = [.. start.Placement.Select(s => s.Node).Order()];
        Assert.Equal(["n0", "n2"], nodes);
    }

    [Fact]
    public void Spread_FourReplicasFourNodes_OnePerNode()
    {
        var scheduler = new Scheduler(ClusterSpec.FromGpuCounts([new("a100", 32)], gpusPerNode: 8), new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Spread } });

        SchedulingDecision start = Assert.Single(scheduler.Submit(new JobSpec("gang", 4, new ReplicaRequest(1))));

        Assert.Equal(4, start.Placement.Select(s => s.Node).Distinct().Count());
    }

    [Fact]
    public void Heterogeneous_ThroughputMatrix_PutsJobOnItsFastestType()
    {
        var cluster = new ClusterSpec([GpuNode("n0", "k80", 8), GpuNode("n1", "v100", 8), GpuNode("n2", "p100", 8)]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Heterogeneous });
        JobSpec job = JobSpec.WithGpus("j", 2) with { TotalWork = 100, Throughputs = new Dictionary<string, double> { ["k80"] = 1, ["v100"] = 4, ["p100"] = 2 } };

        SchedulingDecision start = Assert.Single(scheduler.Submit(job));

        Assert.Equal("v100", Assert.Single(start.Placement).DeviceType);
    }

    [Fact]
    public void LeastAttainedService_JobCrossesThreshold_WaitingClassZeroJobPreemptsItAtNextWakeUp()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 4)]), new SchedulerOptions { Policy = SchedulingPolicy.LeastAttainedService, TimeProvider = clock, AttainedServiceThresholds = [400] });
        scheduler.Submit(JobSpec.WithGpus("old", 4));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(scheduler.Submit(JobSpec.WithGpus("new", 4))).Reason);
        DateTimeOffset wake = scheduler.NextWakeUp!.Value;
        Assert.Equal(clock.GetUtcNow().AddSeconds(90), wake);
        clock.SetUtcNow(wake);

        IReadOnlyList<SchedulingDecision> decisions = scheduler.Tick();

        Assert.Equal(("old", "new"), (decisions.Single(d => d.Kind == DecisionKind.Preempt).JobId, decisions.Single(d => d.Kind == DecisionKind.Preempt).CauseJobId));
        Assert.Equal("new", decisions.Single(d => d.Kind == DecisionKind.Start).JobId);
    }

    [Fact]
    public void SetNodeHealth_NodeFails_WholeGangPreemptedWithoutCauseAndRestartsElsewhere()
    {
        var cluster = new ClusterSpec([GpuNode("n0", "a100", 4), GpuNode("n1", "a100", 4), GpuNode("n2", "a100", 8)]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Placement = PlacementStrategy.Spread } });
        scheduler.Submit(JobSpec.WithGpus("big", 8));
        SchedulingDecision first = Assert.Single(scheduler.Submit(new JobSpec("gang", 2, new ReplicaRequest(2))));
        Assert.Equal(["n0", "n1"], first.Placement.Select(s => s.Node).Order());
        scheduler.Finish("big");

        IReadOnlyList<SchedulingDecision> decisions = scheduler.SetNodeHealth("n0", healthy: false);

        SchedulingDecision preempt = decisions[0];
        Assert.Equal((DecisionKind.Preempt, "gang", (string?)null), (preempt.Kind, preempt.JobId, preempt.CauseJobId));
        SchedulingDecision restart = decisions[1];
        Assert.Equal(DecisionKind.Start, restart.Kind);
        Assert.DoesNotContain(restart.Placement, s => s.Node == "n0");
        Assert.Equal(2, restart.Placement.Sum(s => s.Replicas));
    }

    [Fact]
    public void Submit_JobExceedsCluster_WaitsWithoutBlockingAndStartsAfterAddNode()
    {
        var scheduler = new Scheduler(new ClusterSpec([GpuNode("n0", "a100", 8)]));

        IReadOnlyList<SchedulingDecision> huge = scheduler.Submit(JobSpec.WithGpus("huge", 12));
        IReadOnlyList<SchedulingDecision> small = scheduler.Submit(JobSpec.WithGpus("small", 2));
        scheduler.Finish("small");
        IReadOnlyList<SchedulingDecision> added = scheduler.AddNode(GpuNode("n1", "a100", 16));

        Assert.Equal(WaitReason.ExceedsCluster, Assert.Single(huge).Reason);
        Assert.Equal(DecisionKind.Start, Assert.Single(small).Kind);
        Assert.Equal(("huge", "n1"), (Assert.Single(added).JobId, Assert.Single(Assert.Single(added).Placement).Node));
    }
}
