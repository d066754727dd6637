using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class KubernetesInventoryAdmissionTests
{
    private static InventoryNode Node(V1Taint[]? taints = null, Dictionary<string, string>? labels = null, bool cordoned = false) =>
        new KubernetesInventory().ReadNode(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1", Labels = labels },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = cordoned },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("8") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
            },
        });

    private static V1Pod Pod(V1Toleration[]? tolerations = null, Dictionary<string, string>? selector = null, V1NodeSelectorTerm[]? terms = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c" }],
            Tolerations = tolerations,
            NodeSelector = selector,
            Affinity = terms is null ? null : new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } } },
        },
    };

    private static V1NodeSelectorTerm Term(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }] };

    [Fact]
    public void Admits_TaintsOnlyWhenTolerated_PreferNoScheduleIgnored()
    {
        InventoryNode node = Node([new V1Taint { Key = "gpu", Value = "a100", Effect = "NoSchedule" }, new V1Taint { Key = "soft", Effect = "PreferNoSchedule" }]);

        Assert.Equal(["gpu=a100:NoSchedule"], node.Taints);
        Assert.False(KubernetesInventory.Admits(Pod(), node, out string? reason));
        Assert.Contains("gpu=a100:NoSchedule", reason, StringComparison.Ordinal);
        Assert.True(KubernetesInventory.Admits(Pod([new V1Toleration { Key = "gpu", OperatorProperty = "Equal", Value = "a100", Effect = "NoSchedule" }]), node, out _));
        Assert.True(KubernetesInventory.Admits(Pod([new V1Toleration { Key = "gpu", OperatorProperty = "Exists" }]), node, out _));
        Assert.True(KubernetesInventory.Admits(Pod([new V1Toleration { OperatorProperty = "Exists" }]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod([new V1Toleration { Key = "gpu", Value = "h100", Effect = "NoSchedule" }]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod([new V1Toleration { Key = "gpu", OperatorProperty = "Exists", Effect = "NoExecute" }]), node, out _));
    }

    [Fact]
    public void Admits_NodeSelectorAndRequiredAffinity_AsKubeSchedulerMatchesThem()
    {
        InventoryNode node = Node(labels: new() { ["zone"] = "a", ["gen"] = "8" });

        Assert.True(KubernetesInventory.Admits(Pod(selector: new() { ["zone"] = "a" }), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod(selector: new() { ["zone"] = "b" }), node, out string? reason));
        Assert.Contains("zone=b", reason, StringComparison.Ordinal);
        Assert.True(KubernetesInventory.Admits(Pod(terms: [Term("zone", "In", "a", "b")]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod(terms: [Term("zone", "NotIn", "a")]), node, out _));
        Assert.True(KubernetesInventory.Admits(Pod(terms: [Term("zone", "NotIn", "a"), Term("gen", "Gt", "7")]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod(terms: [Term("gen", "Lt", "8")]), node, out _));
        Assert.True(KubernetesInventory.Admits(Pod(terms: [Term("rack", "DoesNotExist")]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod(terms: [Term("rack", "Exists")]), node, out _));
        Assert.False(KubernetesInventory.Admits(Pod(terms: [new V1NodeSelectorTerm()]), node, out _));
    }

    [Fact]
    public void Admits_CordonedNode_NotAdmittedWithTheReason()
    {
        Assert.False(KubernetesInventory.Admits(Pod(), Node(cordoned: true), out string? reason));
        Assert.Equal("node n1 is cordoned (spec.unschedulable)", reason);
    }
}
