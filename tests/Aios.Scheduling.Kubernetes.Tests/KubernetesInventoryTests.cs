using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class KubernetesInventoryTests
{
    private static V1Node Node(string name, Dictionary<string, string> allocatable, Dictionary<string, string>? labels = null, string ready = "True", bool cordoned = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1NodeSpec { Unschedulable = cordoned },
        Status = new V1NodeStatus
        {
            Allocatable = allocatable.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value)),
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready, Reason = ready == "True" ? "KubeletReady" : "KubeletNotReady" }],
        },
    };

    private static V1Container Container(Dictionary<string, string>? requests = null, Dictionary<string, string>? limits = null) => new()
    {
        Name = "c",
        Resources = new V1ResourceRequirements
        {
            Requests = requests?.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value)),
            Limits = limits?.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value)),
        },
    };

    [Fact]
    public void ReadNode_GpuNodeWithProductLabel_PoolsGpusByProductAndReadsCpuMemoryAndZone()
    {
        var node = Node("dgx-1", new() { ["cpu"] = "63500m", ["memory"] = "512Gi", ["nvidia.com/gpu"] = "8", ["pods"] = "110" },
            new() { ["nvidia.com/gpu.product"] = "NVIDIA-A100-SXM4-80GB", ["topology.kubernetes.io/zone"] = "zone-a" });

        InventoryNode read = new KubernetesInventory().ReadNode(node);

        Assert.True(read.Usable);
        Assert.Equal(8, read.Spec.Devices["NVIDIA-A100-SXM4-80GB"]);
        Assert.Single(read.Spec.Devices);
        Assert.Equal(63.5, read.Spec.CpuCores, 9);
        Assert.Equal(512L << 30, read.Spec.MemoryBytes);
        Assert.Equal("zone-a", read.Spec.TopologyGroup);
    }

    [Fact]
    public void ReadNode_MigProfilesAndAmdGpus_EachAPoolOfItsOwn_RackLabelWinsOverZone()
    {
        var node = Node("mixed", new() { ["nvidia.com/mig-1g.10gb"] = "7", ["nvidia.com/mig-3g.40gb"] = "2", ["amd.com/gpu"] = "4", ["nvidia.com/gpu"] = "0" },
            new() { ["example.com/rack"] = "r12", ["topology.kubernetes.io/zone"] = "zone-a" });

        InventoryNode read = new KubernetesInventory(new KubernetesInventoryOptions { TopologyLabel = "example.com/rack" }).ReadNode(node);

        Assert.Equal(new Dictionary<string, int> { ["nvidia.com/mig-1g.10gb"] = 7, ["nvidia.com/mig-3g.40gb"] = 2, ["amd.com/gpu"] = 4 }, read.Spec.Devices);
        Assert.Equal("r12", read.Spec.TopologyGroup);
    }

    [Fact]
    public void ReadNode_CordonedNotReadyOrSilent_ExcludedWithTheReason()
    {
        var inventory = new KubernetesInventory();
        var silent = Node("silent", new() { ["nvidia.com/gpu"] = "8" });
        silent.Status.Conditions = null;

        Assert.Equal("cordoned (spec.unschedulable)", inventory.ReadNode(Node("c", new() { ["nvidia.com/gpu"] = "8" }, cordoned: true)).ExcludedReason);
        Assert.StartsWith("not Ready (KubeletNotReady", inventory.ReadNode(Node("n", new() { ["nvidia.com/gpu"] = "8" }, ready: "False")).ExcludedReason, StringComparison.Ordinal);
        Assert.Equal("no Ready condition reported", inventory.ReadNode(silent).ExcludedReason);
        Assert.Equal(8, inventory.ReadNode(silent).Spec.TotalDevices);
    }

    [Theory]
    [InlineData("nvidia.com/gpu", "1500m")]
    [InlineData("cpu", "-2")]
    public void ReadNode_BadQuantity_FormatExceptionNamingNodeAndResource(string resource, string value)
    {
        var exception = Assert.Throws<FormatException>(() => new KubernetesInventory().ReadNode(Node("bad-node", new() { [resource] = value })));

        Assert.Contains("bad-node", exception.Message, StringComparison.Ordinal);
        Assert.Contains(resource, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Invalid_RefusedNamingTheOption_AndCopiedAtConstruction()
    {
        var options = new KubernetesInventoryOptions { DeviceTypeLabel = " " };
        Assert.Equal("DeviceTypeLabel", Assert.Throws<ArgumentException>(() => new KubernetesInventory(options)).ParamName);

        options.DeviceTypeLabel = "example.com/model";
        var inventory = new KubernetesInventory(options);
        options.DeviceTypeLabel = "other";

        Assert.Equal(4, inventory.ReadNode(Node("n", new() { ["nvidia.com/gpu"] = "4" }, new() { ["example.com/model"] = "h100" })).Spec.Devices["h100"]);
    }

    [Fact]
    public void ReadRequest_InitContainersOverheadAndLimitsOnlyGpus_CountedAsKubeSchedulerDoes()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "train-0", NamespaceProperty = "ml" },
            Spec = new V1PodSpec
            {
                Containers = [Container(new() { ["cpu"] = "2", ["memory"] = "4Gi" }, new() { ["nvidia.com/gpu"] = "2" }), Container(new() { ["cpu"] = "500m", ["memory"] = "1Gi" })],
                InitContainers = [Container(new() { ["cpu"] = "4", ["memory"] = "1Gi" })],
                Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
            },
        };

        PodRequest request = KubernetesInventory.ReadRequest(pod);

        Assert.Equal(4.25, request.CpuCores, 9);
        Assert.Equal(5L << 30, request.MemoryBytes);
        Assert.Equal(2, request.Extended["nvidia.com/gpu"]);
    }

    [Fact]
    public void ReadRequest_FractionalGpu_FormatExceptionNamingThePod()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ml" }, Spec = new V1PodSpec { Containers = [Container(new() { ["nvidia.com/gpu"] = "500m" })] } };

        var exception = Assert.Throws<FormatException>(() => KubernetesInventory.ReadRequest(pod));

        Assert.Contains("ml/p", exception.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 3000)]
    public Property ReadRequest_AnyContainers_AtLeastEachInitContainerAndTheContainersSum() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 64_000)).ToArbitrary(),
            Gen.ListOf(Gen.Choose(0, 64_000)).ToArbitrary(),
            (containers, inits) =>
            {
                var pod = new V1Pod
                {
                    Spec = new V1PodSpec
                    {
                        Containers = [.. containers.Select(m => Container(new() { ["cpu"] = $"{m}m" }))],
                        InitContainers = [.. inits.Select(m => Container(new() { ["cpu"] = $"{m}m" }))],
                    },
                };
                double expected = Math.Max(containers.Sum() / 1000.0, inits.Count == 0 ? 0 : inits.Max() / 1000.0);
                return Math.Abs(KubernetesInventory.ReadRequest(pod).CpuCores - expected) < 1e-9;
            });

    [Property(MaxTest = 3000)]
    public Property ReadNode_RandomQuantities_ReadOrFormatException() =>
        Prop.ForAll(
            Gen.Elements("8", "0", "1k", "2Ki", "1.5", "500m", "-1", "1e3", "abc", "", "9999999999999", "1Mi").ToArbitrary(),
            Gen.Elements("cpu", "memory", "nvidia.com/gpu", "nvidia.com/mig-1g.10gb", "pods").ToArbitrary(),
            (value, resource) =>
            {
                V1Node input;
                try
                {
                    input = Node("n", new() { [resource] = value });
                }
                catch (FormatException)
                {
                    return true; // the client refuses the text itself (as it does when the JSON is read)
                }

                try
                {
                    InventoryNode node = new KubernetesInventory().ReadNode(input);
                    return node.Spec.TotalDevices >= 0 && node.Spec.CpuCores >= 0 && node.Spec.MemoryBytes >= 0;
                }
                catch (FormatException exception)
                {
                    return exception.Message.Contains("Node n", StringComparison.Ordinal);
                }
            });
}
