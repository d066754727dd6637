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
}
