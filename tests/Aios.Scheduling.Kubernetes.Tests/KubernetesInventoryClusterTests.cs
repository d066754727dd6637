using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class KubernetesInventoryClusterTests
{
    private static InventoryNode Node(string name, bool cordoned = false) => new KubernetesInventory().ReadNode(new V1Node
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "A100" } },
        Spec = new V1NodeSpec { Unschedulable = cordoned },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("64"), ["memory"] = new("256Gi"), ["nvidia.com/gpu"] = new("8") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    });

    private static V1Pod Bound(string node, int gpus, string cpu = "8", string? phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta { Name = $"on-{node}-{gpus}-{phase}" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("32Gi"), ["nvidia.com/gpu"] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)) } } }],
        },
        Status = new V1PodStatus { Phase = phase },
    };

    [Fact]
    public void ToCluster_BoundPodsOfAnyoneUseCapacity_EndedPodsAndUnusableNodesDoNot()
    {
        InventoryNode[] nodes = [Node("a"), Node("b"), Node("c", cordoned: true)];
        V1Pod[] pods = [Bound("a", 3), Bound("a", 2), Bound("b", 8, phase: "Succeeded"), Bound("ghost", 8), Bound("c", 1)];

        ClusterSpec cluster = KubernetesInventory.ToCluster(nodes, pods);

        Assert.Equal(["a", "b"], cluster.Nodes.Select(n => n.Name));
        Assert.Equal(3, cluster.Nodes[0].Devices["A100"]);
        Assert.Equal(48, cluster.Nodes[0].CpuCores);
        Assert.Equal(192L << 30, cluster.Nodes[0].MemoryBytes);
        Assert.Equal(8, cluster.Nodes[1].Devices["A100"]);
    }

    [Fact]
    public void ToCluster_OverCommittedByOthers_OffersNothingNeverNegative()
    {
        ClusterSpec cluster = KubernetesInventory.ToCluster([Node("a")], [Bound("a", 6, cpu: "40"), Bound("a", 6, cpu: "40")]);

        Assert.Equal(0, cluster.Nodes[0].Devices["A100"]);
        Assert.Equal(0, cluster.Nodes[0].CpuCores);
    }

    [Fact]
    public void ToCluster_NoUsableNodeOrDuplicateNames_Refused()
    {
        Assert.Contains("usable", Assert.Throws<ArgumentException>(() => KubernetesInventory.ToCluster([Node("c", cordoned: true)], [])).Message, StringComparison.Ordinal);
        Assert.Contains("Two nodes", Assert.Throws<ArgumentException>(() => KubernetesInventory.ToCluster([Node("a"), Node("a")], [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetUsage_EveryNode_BoundLivePodsOfAnyoneCountedEndedUnboundAndUnknownNot()
    {
        InventoryNode[] nodes = [Node("a"), Node("b"), Node("c", cordoned: true)];
        V1Pod unbound = Bound("a", 4);
        unbound.Spec.NodeName = null;
        V1Pod[] pods = [Bound("a", 3), Bound("a", 2, phase: null), Bound("b", 8, phase: "Succeeded"), Bound("b", 8, phase: "Failed"), Bound("ghost", 8), Bound("c", 1), unbound];

        IReadOnlyDictionary<string, NodeUsage> usage = KubernetesInventory.GetUsage(nodes, pods);

        Assert.Equal(["a", "b", "c"], usage.Keys);
        Assert.Equal(new NodeUsage("a", 2, 16, 64L << 30, usage["a"].Devices), usage["a"]);
        Assert.Equal(5, usage["a"].Devices["A100"]);
        Assert.Equal(0, usage["b"].Pods);
        Assert.Equal(0, usage["b"].Devices["A100"]);
        Assert.Equal(0, usage["b"].CpuCores);
        Assert.Equal(1, usage["c"].Pods);
        Assert.Equal(1, usage["c"].Devices["A100"]);
    }

    [Fact]
    public void GetUsage_RequestThatCannotBeRead_CountsThePodButNoResources()
    {
        V1Pod odd = Bound("a", 1);
        odd.Spec.Containers[0].Resources.Requests["nvidia.com/gpu"] = new ResourceQuantity("500m");

        NodeUsage usage = KubernetesInventory.GetUsage([Node("a")], [odd])["a"];

        Assert.Equal(1, usage.Pods);
        Assert.Equal(0, usage.Devices["A100"]);
        Assert.Equal(0, usage.CpuCores);
    }

    [Fact]
    public void GetUsage_TwoNodesShareAName_Refused()
    {
        Assert.Contains("Two nodes", Assert.Throws<ArgumentException>(() => KubernetesInventory.GetUsage([Node("a"), Node("a")], [])).Message, StringComparison.Ordinal);
    }
}
