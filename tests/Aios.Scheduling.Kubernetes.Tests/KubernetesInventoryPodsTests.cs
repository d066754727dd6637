using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class KubernetesInventoryPodsTests
{
    private static V1Pod Pod(string name, string? group = null, string gpus = "1", string scheduler = "aios", string? node = null, string? phase = "Pending", Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null, int? priority = null, string resource = "nvidia.com/gpu")
    {
        var allLabels = labels ?? [];
        if (group is not null)
        {
            allLabels[KubernetesInventory.PodGroupLabel] = group;
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ml", Labels = allLabels, Annotations = annotations },
            Spec = new V1PodSpec
            {
                SchedulerName = scheduler,
                NodeName = node,
                Priority = priority,
                Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { [resource] = new(gpus) }, Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4") } } }],
            },
            Status = new V1PodStatus { Phase = phase },
        };
    }

    private static InventoryNode[] Nodes()
    {
        var inventory = new KubernetesInventory();
        return
        [
            inventory.ReadNode(new V1Node { Metadata = new V1ObjectMeta { Name = "a", Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "A100" } }, Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8") } } }),
            inventory.ReadNode(new V1Node { Metadata = new V1ObjectMeta { Name = "h", Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "H100" } }, Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8") } } }),
        ];
    }

    [Fact]
    public void GroupPods_GangLabelSinglesAndOthers_OneJobPerGangOrPod_OnlyOurPendingUnboundPods()
    {
        V1Pod[] pods =
        [
            Pod("train-1", group: "train"), Pod("train-0", group: "train"), Pod("solo", gpus: "2", priority: 7),
            Pod("theirs", scheduler: "default-scheduler"), Pod("bound", node: "a"), Pod("done", phase: "Succeeded"),
        ];

        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods, Nodes());

        Assert.Equal(["ml/solo", "ml/train"], jobs.Select(j => j.Id));
        PodJob gang = jobs[1];
        Assert.Equal(["ml/train-0", "ml/train-1"], gang.PodNames);
        Assert.Equal(2, gang.Job!.Replicas);
        Assert.True(gang.Job.Gang);
        Assert.Equal(["A100", "H100"], gang.Job.Request.DeviceTypes);
        Assert.Equal(4, gang.Job.Request.CpuCores);
        Assert.Equal(7, jobs[0].Job!.Priority);
        Assert.Equal(2, jobs[0].Job!.Request.Gpus);
    }

    [Fact]
    public void GroupPods_QueueFromAiosOrKueueLabel_DurationFromAnnotation()
    {
        V1Pod[] pods =
        [
            Pod("a", labels: new() { [KubernetesInventory.QueueLabel] = "research" }, annotations: new() { [KubernetesInventory.DurationAnnotation] = "3600" }),
            Pod("b", labels: new() { ["kueue.x-k8s.io/queue-name"] = "prod" }),
            Pod("c"),
        ];

        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods, Nodes());

        Assert.Equal(["research", "prod", "default"], jobs.Select(j => j.Job!.Queue));
        Assert.Equal(3600, jobs[0].Job!.Duration);
        Assert.Null(jobs[1].Job!.Duration);
    }

    private static V1Pod SharePod(string name, Dictionary<string, string> annotations, string? group = null, string? node = null)
    {
        V1Pod pod = Pod(name, group: group, node: node, annotations: annotations);
        pod.Spec.Containers[0].Resources.Limits = null;
        return pod;
    }

    [Fact]
    public void GroupPods_SharesOfAGpu_FromAiosOrKaiAnnotations_OnEveryWholeGpuType()
    {
        V1Pod[] pods =
        [
            SharePod("half", new() { [KubernetesInventory.GpuMilliAnnotation] = "500", [KubernetesInventory.GpuMemoryAnnotation] = "8192" }),
            SharePod("kai", new() { ["gpu-fraction"] = "0.25" }),
            SharePod("g-0", new() { [KubernetesInventory.GpuMilliAnnotation] = "300" }, group: "team"),
            SharePod("g-1", new() { [KubernetesInventory.GpuMilliAnnotation] = "300" }, group: "team"),
        ];

        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods, Nodes());

        ReplicaRequest half = jobs.Single(j => j.Id == "ml/half").Job!.Request;
        Assert.Equal((1, 500, 8L << 30, 4.0), (half.Gpus, half.GpuMilli, half.GpuMemoryBytes, half.CpuCores));
        Assert.Equal(["A100", "H100"], half.DeviceTypes);
        Assert.Equal(250, jobs.Single(j => j.Id == "ml/kai").Job!.Request.GpuMilli);
        JobSpec gang = jobs.Single(j => j.Id == "ml/team").Job!;
        Assert.Equal((2, 300), (gang.Replicas, gang.Request.GpuMilli));
    }

    public static TheoryData<string, string, string> BadShares() => new()
    {
        { KubernetesInventory.GpuMilliAnnotation, "1000", "1–999" },
        { KubernetesInventory.GpuMilliAnnotation, "0", "1–999" },
        { KubernetesInventory.GpuMilliAnnotation, "half", "1–999" },
        { KubernetesInventory.GpuMilliAnnotation, "-5", "1–999" },
        { "gpu-fraction", "1.5", "0.001–0.999" },
        { "gpu-fraction", "0.0005", "0.001–0.999" },
        { "gpu-fraction", "NaN", "0.001–0.999" },
        { KubernetesInventory.GpuMemoryAnnotation, "8192", "needs aios.dev/gpu-milli" },
    };

    [Theory]
    [MemberData(nameof(BadShares))]
    public void GroupPods_BadShare_ExplainedWithTheRange(string annotation, string value, string expected)
    {
        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods([SharePod("p", new() { [annotation] = value })], Nodes());

        PodJob job = Assert.Single(jobs);
        Assert.Null(job.Job);
        Assert.Contains(expected, job.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupPods_ShareAndWholeGpus_OrMixedGang_Explained()
    {
        V1Pod both = Pod("both", annotations: new() { [KubernetesInventory.GpuMilliAnnotation] = "500" });
        V1Pod[] pods = [both, SharePod("g-0", new() { [KubernetesInventory.GpuMilliAnnotation] = "300" }, group: "m"), SharePod("g-1", new() { [KubernetesInventory.GpuMilliAnnotation] = "400" }, group: "m")];

        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods, Nodes());

        Assert.Contains("ask for one or the other", jobs.Single(j => j.Id == "ml/both").Problem, StringComparison.Ordinal);
        Assert.Contains("different resources", jobs.Single(j => j.Id == "ml/m").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void GetUsage_SharesCountTheirGpusOnce_AShareNamingNoGpuCountsAGpuOfItsOwn()
    {
        V1Pod[] pods =
        [
            SharePod("a", new() { [KubernetesInventory.GpuMilliAnnotation] = "500", [KubernetesInventory.GpuShareDeviceAnnotation] = "3" }, node: "a"),
            SharePod("b", new() { [KubernetesInventory.GpuMilliAnnotation] = "500", [KubernetesInventory.GpuShareDeviceAnnotation] = "3", [KubernetesInventory.GpuShareTypeAnnotation] = "A100" }, node: "a"),
            SharePod("c", new() { [KubernetesInventory.GpuMilliAnnotation] = "100" }, node: "a"),
            SharePod("d", new() { [KubernetesInventory.GpuMilliAnnotation] = "100", [KubernetesInventory.GpuShareDeviceAnnotation] = "8" }, node: "a"),
            Pod("whole", gpus: "2", node: "a"),
        ];
        foreach (V1Pod pod in pods)
        {
            pod.Status.Phase = "Running";
        }

        IReadOnlyDictionary<string, NodeUsage> usage = KubernetesInventory.GetUsage(Nodes(), pods);

        // GPU 3 once; c and d (device 8 is not one of the node's 8 GPUs) a GPU each; the whole-GPU pod 2.
        Assert.Equal(1 + 1 + 1 + 2, usage["a"].Devices["A100"]);
        Assert.Equal(0, usage["h"].Devices["H100"]);
    }

    [Fact]
    public void ReadNode_GpuMemoryLabel_SetsEachGpusMemory()
    {
        InventoryNode node = new KubernetesInventory().ReadNode(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n", Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "A100", [KubernetesInventory.GpuMemoryLabel] = "81920" } },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8"), ["nvidia.com/mig-1g.10gb"] = new("7") } },
        });

        Assert.Equal(new Dictionary<string, long> { ["A100"] = 80L << 30 }, node.Spec.DeviceMemoryBytes);
    }

    [Fact]
    public void GroupPods_BadPods_ExplainedNeverThrown()
    {
        V1Pod[] pods =
        [
            Pod("g-0", group: "mixed", gpus: "1"), Pod("g-1", group: "mixed", gpus: "2"),
            Pod("half", gpus: "500m"),
            Pod("late", annotations: new() { [KubernetesInventory.DurationAnnotation] = "soon" }),
            Pod("mig", resource: "nvidia.com/mig-1g.10gb"),
        ];

        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods, Nodes());

        Assert.Contains("different resources", jobs.Single(j => j.Id == "ml/mixed").Problem, StringComparison.Ordinal);
        Assert.Contains("whole number", jobs.Single(j => j.Id == "ml/half").Problem, StringComparison.Ordinal);
        Assert.Contains("soon", jobs.Single(j => j.Id == "ml/late").Problem, StringComparison.Ordinal);
        PodJob mig = jobs.Single(j => j.Id == "ml/mig");
        Assert.Null(mig.Problem);
        Assert.Equal(["nvidia.com/mig-1g.10gb"], mig.Job!.Request.DeviceTypes);
        Assert.All(jobs, j => Assert.True(j.Job is null ^ j.Problem is null));
    }

    [Fact]
    public void GroupPods_JobsFitTheEngine_AGangOfTwoStartsOnTheReadNodes()
    {
        InventoryNode[] nodes = Nodes();
        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods([Pod("t-0", group: "t", gpus: "4"), Pod("t-1", group: "t", gpus: "4")], nodes);
        var scheduler = new Aios.Scheduling.Engine.Scheduler(new ClusterSpec([.. nodes.Select(n => n.Spec with { CpuCores = 64 })]));

        var decision = Assert.Single(scheduler.Submit(jobs[0].Job!));

        Assert.Equal(Aios.Scheduling.Engine.DecisionKind.Start, decision.Kind);
        Assert.Equal(2, decision.Placement.Sum(slice => slice.Replicas));
        Assert.Equal(8, decision.Placement.Sum(slice => slice.Count));
    }
}
