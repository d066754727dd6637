using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    private const long GiB = 1L << 30;

    private static JobSpec Share(string id, int milli, int replicas = 1, long gpuMemory = 0) =>
        new(id, replicas, new ReplicaRequest(1) { GpuMilli = milli, GpuMemoryBytes = gpuMemory });

    private static Scheduler OneNode(int gpus, long? deviceMemory = null, SchedulingPolicy? policy = null) =>
        new(new ClusterSpec([new NodeSpec("n", new Dictionary<string, int> { ["a100"] = gpus })
        {
            DeviceMemoryBytes = deviceMemory is { } bytes ? new Dictionary<string, long> { ["a100"] = bytes } : null,
        }]), new SchedulerOptions { Policy = policy ?? SchedulingPolicy.Fifo });

    private static PlacementSlice StartOf(IReadOnlyList<SchedulingDecision> decisions, string id) =>
        Assert.Single(decisions.Single(d => d.Kind == DecisionKind.Start && d.JobId == id).Placement);

    [Fact]
    public void Fractions_TwoHalvesShareOneDevice_ThirdOpensAnother()
    {
        var scheduler = OneNode(2);

        PlacementSlice a = StartOf(scheduler.Submit(Share("a", 500)), "a");
        PlacementSlice b = StartOf(scheduler.Submit(Share("b", 500)), "b");
        PlacementSlice c = StartOf(scheduler.Submit(Share("c", 500)), "c");

        Assert.Equal(new PlacementSlice("n", "a100", 0, 1) { SharedDevice = 0 }, a);
        Assert.Equal(0, b.SharedDevice);
        Assert.Equal(1, c.SharedDevice);
        Assert.Equal((2L, 2L), scheduler.Gpus);
    }

    [Fact]
    public void Fractions_OneDeviceFull_ThirdHalfWaits()
    {
        var scheduler = OneNode(1);
        scheduler.Submit(Share("a", 500));
        scheduler.Submit(Share("b", 500));

        SchedulingDecision wait = Assert.Single(scheduler.Submit(Share("c", 500)));

        Assert.Equal((DecisionKind.Wait, WaitReason.InsufficientResources), (wait.Kind, wait.Reason));
        Assert.Equal(0, StartOf(scheduler.Finish("a"), "c").SharedDevice);
    }

    [Fact]
    public void Fractions_BestFit_ShareGoesToTheDeviceItLeavesFullest()
    {
        var scheduler = OneNode(2);
        scheduler.Submit(Share("a", 300));
        scheduler.Submit(Share("b", 800));   // 300 + 800 > 1000: opens device 1
        Assert.Equal(1, scheduler.TryGetJob("b", out JobStatus? b) ? b.Placement[0].SharedDevice : null);

        PlacementSlice c = StartOf(scheduler.Submit(Share("c", 200)), "c");

        Assert.Equal(1, c.SharedDevice);   // 1000 − 800 − 200 = 0 left there, 500 on device 0
    }

    [Theory]
    [InlineData(PlacementStrategy.BinPack, "small")]
    [InlineData(PlacementStrategy.Topology, "small")]
    [InlineData(PlacementStrategy.Spread, "large")]
    public void Fractions_OpeningADevice_FewestFreeUnlessSpread(PlacementStrategy strategy, string node)
    {
        var cluster = new ClusterSpec(
        [
            new NodeSpec("large", new Dictionary<string, int> { ["a100"] = 4 }),
            new NodeSpec("small", new Dictionary<string, int> { ["a100"] = 2 }),
        ]);
        var scheduler = new Scheduler(cluster, new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Placement = strategy } });

        PlacementSlice first = StartOf(scheduler.Submit(Share("a", 600)), "a");
        PlacementSlice second = StartOf(scheduler.Submit(Share("b", 300)), "b");

        Assert.Equal((node, 0), (first.Node, first.SharedDevice!.Value));
        Assert.Equal((node, 0), (second.Node, second.SharedDevice!.Value));   // shares are packed best fit under every strategy
    }

    [Fact]
    public void Fractions_WholeGpuJob_NeverLandsOnAPartlyUsedDevice()
    {
        var scheduler = OneNode(2);
        scheduler.Submit(Share("a", 100));

        PlacementSlice whole = StartOf(scheduler.Submit(JobSpec.WithGpus("w", 1)), "w");
        SchedulingDecision two = Assert.Single(scheduler.Submit(JobSpec.WithGpus("w2", 1)));

        Assert.Equal((1, (int?)null), (whole.Count, whole.SharedDevice));
        Assert.Equal(WaitReason.InsufficientResources, two.Reason);
        Assert.Equal((2L, 2L), scheduler.Gpus);
        scheduler.Cancel("w2");   // FIFO: the blocked head would hold the share back
        Assert.Equal(0, StartOf(scheduler.Submit(Share("b", 900)), "b").SharedDevice);   // shares device 0 with a
    }

    [Fact]
    public void Fractions_ReleaseOfTheLastShare_ReturnsTheDeviceToWholeGpuUse()
    {
        var scheduler = OneNode(1);
        scheduler.Submit(Share("a", 400));
        scheduler.Submit(Share("b", 400));
        Assert.Equal(WaitReason.InsufficientResources, Assert.Single(scheduler.Submit(JobSpec.WithGpus("w", 1))).Reason);

        Assert.DoesNotContain(scheduler.Finish("a"), d => d.Kind == DecisionKind.Start);
        IReadOnlyList<SchedulingDecision> last = scheduler.Finish("b");

        Assert.Equal(new PlacementSlice("n", "a100", 1, 1), StartOf(last, "w"));
        Assert.Equal((1L, 1L), scheduler.Gpus);
    }

    [Fact]
    public void Fractions_GpuMemory_RespectedAndUnknownMemoryNeverFits()
    {
        var known = OneNode(1, deviceMemory: 40 * GiB);
        known.Submit(Share("a", 200, gpuMemory: 30 * GiB));

        SchedulingDecision memoryShort = Assert.Single(known.Submit(Share("b", 200, gpuMemory: 20 * GiB)));
        known.Cancel("b");   // FIFO: the blocked head would hold the next share back
        PlacementSlice fits = StartOf(known.Submit(Share("c", 200, gpuMemory: 10 * GiB)), "c");
        SchedulingDecision unknown = Assert.Single(OneNode(1).Submit(Share("d", 200, gpuMemory: 1)));
        SchedulingDecision tooBig = Assert.Single(OneNode(4, deviceMemory: 40 * GiB).Submit(Share("e", 100, gpuMemory: 41 * GiB)));

        Assert.Equal(WaitReason.InsufficientResources, memoryShort.Reason);
        Assert.Equal(0, fits.SharedDevice);
        Assert.Equal(WaitReason.ExceedsCluster, unknown.Reason);
        Assert.Equal(WaitReason.ExceedsCluster, tooBig.Reason);
    }

    [Fact]
    public void Fractions_GangOfShares_PlacesAllOrNone()
    {
        var scheduler = OneNode(2);
        scheduler.Submit(Share("a", 600));

        PlacementSlice[] gang = [.. scheduler.Submit(Share("g", 400, replicas: 3)).Single(d => d.Kind == DecisionKind.Start).Placement];
        SchedulingDecision tooMany = Assert.Single(scheduler.Submit(Share("h", 500, replicas: 2)));

        Assert.Equal(3, gang.Sum(s => s.Replicas));
        Assert.Equal([(0, 1), (1, 2)], gang.Select(s => (s.SharedDevice!.Value, s.Replicas)).Order());
        Assert.Equal(WaitReason.InsufficientResources, tooMany.Reason);
        Assert.Equal(WaitReason.ExceedsCluster, Assert.Single(OneNode(1).Submit(Share("big", 300, replicas: 4))).Reason);
    }

    [Fact]
    public void Fractions_NeverPreemptedNorPreempting()
    {
        var scheduler = OneNode(1, policy: SchedulingPolicy.Priority);
        scheduler.Submit(Share("low", 600) with { Priority = 0 });

        SchedulingDecision high = Assert.Single(scheduler.Submit(JobSpec.WithGpus("high", 1) with { Priority = 9 }));
        var other = OneNode(1, policy: SchedulingPolicy.Priority);
        other.Submit(JobSpec.WithGpus("w", 1) with { Priority = 0 });
        SchedulingDecision share = Assert.Single(other.Submit(Share("s", 100) with { Priority = 9 }));

        Assert.Equal((DecisionKind.Wait, "high"), (high.Kind, high.JobId));
        Assert.Equal((DecisionKind.Wait, "s"), (share.Kind, share.JobId));
    }

    [Fact]
    public void Fractions_Validation_NamesTheParameterAndRange()
    {
        var milli = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(1) { GpuMilli = 1000 });
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(1) { GpuMilli = -1 });
        var twoGpus = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(2) { GpuMilli = 500 });
        var laterGpus = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(1) { GpuMilli = 500 } with { Gpus = 2 });
        var memory = Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(1) { GpuMemoryBytes = -1 });
        var memoryWithoutShare = Assert.Throws<ArgumentOutOfRangeException>(() => new JobSpec("j", 1, new ReplicaRequest(1) { GpuMemoryBytes = GiB }));
        var deviceMemory = Assert.Throws<ArgumentOutOfRangeException>(() => new NodeSpec("n", new Dictionary<string, int>()) { DeviceMemoryBytes = new Dictionary<string, long> { ["a100"] = -1 } });

        Assert.Equal(["GpuMilli", "GpuMilli", "GpuMilli", "Gpus", "GpuMemoryBytes", "Request", "DeviceMemoryBytes"], new[] { milli, negative, twoGpus, laterGpus, memory, memoryWithoutShare, deviceMemory }.Select(e => e.ParamName));
        Assert.Contains("0–999", milli.Message, StringComparison.Ordinal);
        Assert.Contains("Gpus 1", twoGpus.Message, StringComparison.Ordinal);
        Assert.Equal(999, ReplicaRequest.MaxGpuMilli);
        Assert.Contains("GpuMilli = 250, GpuMemoryBytes = 7", (new ReplicaRequest(1) { GpuMilli = 250, GpuMemoryBytes = 7 }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fractions_Adopt_TakesTheNamedDevicesShares()
    {
        var scheduler = OneNode(2, deviceMemory: 40 * GiB);

        scheduler.Adopt(Share("a", 600, gpuMemory: 10 * GiB), [new PlacementSlice("n", "a100", 0, 1) { SharedDevice = 1 }]);
        scheduler.Adopt(Share("b", 300, replicas: 2), [new PlacementSlice("n", "a100", 0, 1) { SharedDevice = 1 }, new PlacementSlice("n", "a100", 0, 1) { SharedDevice = 0 }]);

        Assert.Equal((2L, 2L), scheduler.Gpus);   // both devices in use
        Assert.True(scheduler.TryGetJob("b", out JobStatus? b));
        Assert.Equal([0, 1], b.Placement.Select(slice => slice.SharedDevice!.Value).Order());

        // Device 1 holds 900 thousandths, device 0 holds 300: a 500 share fits device 0 only, then a 300 share none.
        Assert.Equal(0, StartOf(scheduler.Submit(Share("c", 500)), "c").SharedDevice);
        SchedulingDecision wait = Assert.Single(scheduler.Submit(Share("d", 300)));
        Assert.Equal(DecisionKind.Wait, wait.Kind);

        // a's 600 leave device 1: d goes there (700 free), then a 100 share to device 0 (200 free: the tightest).
        Assert.Equal(1, StartOf(scheduler.Finish("a"), "d").SharedDevice);
        Assert.Equal(0, StartOf(scheduler.Submit(Share("e", 100)), "e").SharedDevice);
    }

    public static TheoryData<string> ShareAdoptErrors() =>
    [
        "no shared device", "whole devices", "device out of range", "over 1000 thousandths", "over device memory",
        "memory unknown", "no fully free device", "two slices on one device over 1000",
    ];

    [Theory]
    [MemberData(nameof(ShareAdoptErrors))]
    public void Fractions_Adopt_InvalidShares_ThrowAndChangeNothing(string error)
    {
        var scheduler = new Scheduler(new ClusterSpec(
        [
            new NodeSpec("n", new Dictionary<string, int> { ["a100"] = 2 }) { DeviceMemoryBytes = new Dictionary<string, long> { ["a100"] = 40 * GiB } },
            new NodeSpec("m", new Dictionary<string, int> { ["v100"] = 1 }),
        ]));
        scheduler.Adopt(Share("held", 700), [new PlacementSlice("n", "a100", 0, 1) { SharedDevice = 0 }]);
        scheduler.Adopt(JobSpec.WithGpus("whole", 1), [new PlacementSlice("n", "a100", 1, 1)]);
        var before = StateOf(scheduler);
        PlacementSlice device0 = new("n", "a100", 0, 1) { SharedDevice = 0 };
        (JobSpec job, PlacementSlice[] placement, Type exception, string message) = error switch
        {
            "no shared device" => (Share("s", 100), new[] { device0 with { SharedDevice = null } }, typeof(ArgumentException), "shared device none"),
            "whole devices" => (Share("s", 100), [device0 with { Count = 1 }], typeof(ArgumentException), "1 whole devices"),
            "device out of range" => (Share("s", 100), [device0 with { SharedDevice = 2 }], typeof(ArgumentException), "numbered 0–1"),
            "over 1000 thousandths" => (Share("s", 400), [device0], typeof(InvalidOperationException), "holds 700 thousandths"),
            "over device memory" => (Share("s", 100, gpuMemory: 41 * GiB), [device0], typeof(InvalidOperationException), "42949672960 bytes of memory"),
            "memory unknown" => (Share("s", 100, gpuMemory: GiB), [new PlacementSlice("m", "v100", 0, 1) { SharedDevice = 0 }], typeof(InvalidOperationException), "unknown memory"),
            "no fully free device" => (Share("s", 100), [device0 with { SharedDevice = 1 }], typeof(InvalidOperationException), "0 fully free devices"),
            "two slices on one device over 1000" => (Share("s", 200, replicas: 2), [device0, device0], typeof(InvalidOperationException), "adds 2 × 200"),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error, "no such case"),
        };

        Exception thrown = Assert.Throws(exception, () => scheduler.Adopt(job, placement));

        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateOf(scheduler));
        Assert.False(scheduler.TryGetJob("s", out _));
    }

    [Fact]
    public void Fractions_Simulator_CountsASharedReplicaAsItsShareOfAGpu()
    {
        var cluster = new ClusterSpec([new NodeSpec("n", new Dictionary<string, int> { ["a100"] = 1 })]);
        SimulationJob[] jobs = [new(Share("a", 250) with { Duration = 100 }, 0), new(Share("b", 250) with { Duration = 100 }, 0)];

        SimulationResult result = new Simulator(cluster).Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal((2L, 2L), (result.Jobs, result.Completed));
        Assert.Equal(100, result.Makespan, 6);
        Assert.Equal(0.5, result.Utilization, 6);
    }
}
