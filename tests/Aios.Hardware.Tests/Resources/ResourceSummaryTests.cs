using Aios.Hardware.Resources;
using Aios.Hardware.Static;

namespace Aios.Hardware.Tests.Resources;

public sealed class ResourceSummaryTests
{
    private const string Cluster = """
        {
          "cluster": {
            "nodes": 2,
            "node": {
              "cores": 64, "memoryBytes": "512Gi",
              "gpus": [ { "model": "A100", "count": 8, "memoryBytes": "80Gi", "computeUnits": 108 }, { "model": "t4", "count": 1, "memoryBytes": "16Gi", "computeUnits": 40 } ]
            }
          }
        }
        """;

    private static async Task<DeviceInventory> DiscoverAsync(HardwareBuilder builder) =>
        await builder.Build().DiscoverAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task From_StaticCluster_CountsEachNodeByModel()
    {
        DeviceInventory inventory = await DiscoverAsync(new HardwareBuilder().AddStaticJson(Cluster));

        ResourceSummary summary = ResourceSummary.From(inventory);

        Assert.Equal(["node-00", "node-01"], summary.Nodes.Select(n => n.Node));
        NodeResources node = summary.Nodes[1];
        Assert.Equal(8, node.CountOf("a100"));
        Assert.Equal(1, node.CountOf("t4"));
        Assert.Equal(0, node.CountOf("h100"));
        Assert.Equal(64, node.CpuCores);
        Assert.Equal(512L << 30, node.HostMemoryBytes);
        Assert.Equal((8 * (80L << 30)) + (16L << 30), node.DeviceMemoryBytes);
        Assert.Equal((8 * 108) + 40, node.ComputeUnits);
        Assert.Equal(
            [new ModelResources("cpu", DeviceKind.Cpu, 1, 512L << 30, 512L << 30, 0), new ModelResources("a100", DeviceKind.Gpu, 8, 80L << 30, 8 * (80L << 30), 8 * 108), new ModelResources("t4", DeviceKind.Gpu, 1, 16L << 30, 16L << 30, 40)],
            node.Models);
    }

    [Fact]
    public async Task From_StaticCluster_SumsOverNodes()
    {
        ResourceSummary summary = (await DiscoverAsync(new HardwareBuilder().AddStaticJson(Cluster))).Summarize();

        Assert.Equal(16, summary.CountOf("a100"));
        Assert.Equal(128, summary.CpuCores);
        Assert.Equal(2 * (512L << 30), summary.HostMemoryBytes);
        Assert.Equal(2 * ((8 * (80L << 30)) + (16L << 30)), summary.DeviceMemoryBytes);
        Assert.Equal(2 * ((8 * 108) + 40), summary.ComputeUnits);
        Assert.Equal(new ModelResources("a100", DeviceKind.Gpu, 16, 80L << 30, 16 * (80L << 30), 16 * 108), summary.Models.Single(m => m.Model == "a100"));
        Assert.Equal(0, summary.UnavailableDevices);
    }

    [Fact]
    public async Task From_UnavailableDevices_LeavesThemOutAndCountsThem()
    {
        const string Json = """
            {"devices": [
              {"id": "g0", "kind": "gpu", "vendor": "NVIDIA", "name": "NVIDIA A100-SXM4-80GB", "capacities": {"memoryBytes": "80Gi", "computeUnits": 108}},
              {"id": "g1", "kind": "gpu", "vendor": "NVIDIA", "name": "NVIDIA A100-PCIE-40GB", "capacities": {"memoryBytes": "40Gi", "computeUnits": 108}, "health": {"status": "degraded", "reason": "hot"}},
              {"id": "g2", "kind": "gpu", "vendor": "NVIDIA", "name": "NVIDIA A100-SXM4-80GB", "capacities": {"memoryBytes": "80Gi"}, "health": {"status": "unavailable", "reason": "lost"}},
              {"id": "c0", "kind": "cpu", "vendor": "AMD", "name": "AMD EPYC 7763 64-Core Processor", "capacities": {"computeUnits": 128, "memoryBytes": "1Ti"}}
            ]}
            """;

        ResourceSummary summary = (await DiscoverAsync(new HardwareBuilder().AddStaticJson(Json))).Summarize();

        NodeResources local = Assert.Single(summary.Nodes);
        Assert.Equal(ResourceSummary.LocalNode, local.Node);
        Assert.Equal(1, local.UnavailableDevices);
        Assert.Equal(1, summary.UnavailableDevices);
        Assert.Equal(new ModelResources("a100", DeviceKind.Gpu, 2, 40L << 30, 120L << 30, 216), summary.Models.Single(m => m.Model == "a100"));
        Assert.Equal(128, summary.CpuCores);
        Assert.Equal(1L << 40, summary.HostMemoryBytes);
        Assert.Equal("epyc-7763-64-core", summary.Models.Single(m => m.Kind == DeviceKind.Cpu).Model);
    }

    [Fact]
    public void From_Partitions_CountOnlyTheirParent()
    {
        var parentId = new DeviceId("static", "g");
        var partition = new Device { Id = new DeviceId("static", "g-0"), Kind = DeviceKind.Gpu, Vendor = "", Name = "a100", Parent = parentId, Capacities = new Dictionary<string, long> { [CapacityNames.MemoryBytes] = 40 } };
        var parent = new Device { Id = parentId, Kind = DeviceKind.Gpu, Vendor = "", Name = "a100", Capacities = new Dictionary<string, long> { [CapacityNames.MemoryBytes] = 80 }, Partitions = [partition] };

        ResourceSummary summary = new DeviceInventory([parent], []).Summarize();

        Assert.Equal(1, summary.CountOf("a100"));
        Assert.Equal(80, summary.DeviceMemoryBytes);
    }

    [Fact]
    public void From_EmptyInventory_IsAllZero()
    {
        ResourceSummary summary = ResourceSummary.From(new DeviceInventory([], []));

        Assert.Empty(summary.Nodes);
        Assert.Empty(summary.Models);
        Assert.Equal(0, summary.CpuCores + summary.HostMemoryBytes + summary.DeviceMemoryBytes + summary.ComputeUnits + summary.UnavailableDevices);
    }

    [Fact]
    public void Arguments_Null_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ResourceSummary.From(null!));
        Assert.Throws<ArgumentNullException>(() => ResourceSummaryExtensions.Summarize(null!));
        Assert.Throws<ArgumentNullException>(() => ResourceSummary.From(new DeviceInventory([], [])).CountOf(null!));
    }

    [Fact]
    public void StaticProviderName_IsStatic()
    {
        Assert.Equal("static", StaticDeviceProvider.ProviderName);
    }

    [Fact]
    public void From_Models_AreOrderedByKindThenOrdinalModelKey()
    {
        Device Make(string key, DeviceKind kind, string model) => new()
        {
            Id = new DeviceId("static", key),
            Kind = kind,
            Vendor = "",
            Name = key,
            Attributes = new Dictionary<string, DeviceAttribute> { [HardwareAttributeNames.Model] = DeviceAttribute.FromString(model) },
        };

        ResourceSummary summary = new DeviceInventory([Make("1", DeviceKind.Fpga, "u250"), Make("2", DeviceKind.Gpu, "b"), Make("3", DeviceKind.Gpu, "B-x"), Make("4", DeviceKind.Cpu, "z"), Make("5", DeviceKind.Gpu, "a")], []).Summarize();

        Assert.Equal([(DeviceKind.Cpu, "z"), (DeviceKind.Gpu, "a"), (DeviceKind.Gpu, "b"), (DeviceKind.Gpu, "b-x"), (DeviceKind.Fpga, "u250")], summary.Models.Select(m => (m.Kind, m.Model)));
    }
}
