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
