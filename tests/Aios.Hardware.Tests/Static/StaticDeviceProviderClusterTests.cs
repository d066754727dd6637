using Aios.Hardware.Static;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Hardware.Tests.Static;

/// <summary>The compact cluster form of <see cref="StaticDeviceProvider.FromJson"/>.</summary>
public sealed class StaticDeviceProviderClusterTests
{
    private const string FourNodes = """
        {
          "cluster": {
            "nodes": 4,
            "node": {
              "cores": 64, "memoryBytes": "512Gi", "cpuName": "AMD EPYC 7763", "cpuVendor": "AMD",
              "gpus": [
                { "model": "A100", "count": 8, "memoryBytes": "80Gi", "computeUnits": 108, "vendor": "NVIDIA", "name": "NVIDIA A100-SXM4-80GB",
                  "link": "directFabric", "attributes": { "gpu.nvidia.com/computeCapability": { "version": "8.0" } } },
                { "model": "t4", "count": 2, "memoryBytes": "16Gi" }
              ],
              "fpgas": [ { "model": "u250", "count": 1 } ]
            }
          }
        }
        """;

    private static DeviceId Id(string key) => new("static", key);

    [Fact]
    public void FromJson_Cluster_ExpandsEveryNodeWithStableIds()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson(FourNodes);

        Assert.Equal(4 * (1 + 8 + 2 + 1), provider.Devices.Count);
        Assert.Contains(provider.Devices, d => d.Id == Id("node-03/gpu-5"));
        Assert.Contains(provider.Devices, d => d.Id == Id("node-00/gpu-9"));
        Assert.Contains(provider.Devices, d => d.Id == Id("node-02/fpga-0"));
        Assert.Equal(["node-00/cpu", "node-00/gpu-0"], provider.Devices.Take(2).Select(d => d.Id.Key));
    }

    [Fact]
    public void FromJson_Cluster_DevicesCarryNodeModelCapacitiesAndGroupAttributes()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson(FourNodes);

        Device gpu = provider.Devices.Single(d => d.Id == Id("node-03/gpu-5"));
        Assert.Equal(DeviceKind.Gpu, gpu.Kind);
        Assert.Equal("NVIDIA", gpu.Vendor);
        Assert.Equal("NVIDIA A100-SXM4-80GB", gpu.Name);
        Assert.Equal(DeviceAttribute.FromString("node-03"), gpu.Attributes[HardwareAttributeNames.Node]);
        Assert.Equal(DeviceAttribute.FromString("a100"), gpu.Attributes[HardwareAttributeNames.Model]);
        Assert.Equal(DeviceAttribute.FromVersion(new Version(8, 0)), gpu.Attributes["gpu.nvidia.com/computeCapability"]);
        Assert.Equal(80L << 30, gpu.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(108, gpu.Capacities[CapacityNames.ComputeUnits]);
        Device t4 = provider.Devices.Single(d => d.Id == Id("node-03/gpu-9"));
        Assert.Equal("t4", t4.Name);
        Assert.Equal(string.Empty, t4.Vendor);
        Assert.False(t4.Capacities.ContainsKey(CapacityNames.ComputeUnits));
        Device cpu = provider.Devices.Single(d => d.Id == Id("node-01/cpu"));
        Assert.Equal(DeviceKind.Cpu, cpu.Kind);
        Assert.Equal("AMD EPYC 7763", cpu.Name);
        Assert.Equal(64, cpu.Capacities[CapacityNames.Cores]);
        Assert.Equal(512L << 30, cpu.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(DeviceKind.Fpga, provider.Devices.Single(d => d.Id == Id("node-01/fpga-0")).Kind);
    }

    [Fact]
    public async Task FromJson_Cluster_LinksGroupsByTheirLinkAndNodesNotAtAll()
    {
        DeviceInventory inventory = await new HardwareBuilder().AddStaticJson(FourNodes).Build().DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(Id("node-01/gpu-0"), Id("node-01/gpu-7")));
        Assert.Equal(LinkKind.SameHostBridge, inventory.GetLink(Id("node-01/gpu-8"), Id("node-01/gpu-9")));
        Assert.Equal(LinkKind.SameHostBridge, inventory.GetLink(Id("node-01/gpu-0"), Id("node-01/gpu-9")));
        Assert.Equal(LinkKind.SameHostBridge, inventory.GetLink(Id("node-01/gpu-0"), Id("node-01/fpga-0")));
        Assert.Equal(LinkKind.Unknown, inventory.GetLink(Id("node-01/gpu-0"), Id("node-02/gpu-0")));
    }

    [Fact]
    public void FromJson_ManyNodes_PadsNodeNumbersToTheWidestAndUsesThePrefix()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("""{"cluster": {"nodes": 120, "namePrefix": "rack", "node": {"cores": 8}}}""");

        Assert.Equal(120, provider.Devices.Count);
        Assert.Equal("rack-000/cpu", provider.Devices[0].Id.Key);
        Assert.Equal("rack-119/cpu", provider.Devices[^1].Id.Key);
    }

    [Fact]
    public void FromJson_NodeWithoutCoresOrMemory_HasNoCpuDevice()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("""{"cluster": {"nodes": 2, "node": {"accelerators": [{"model": "npu", "count": 2}]}}}""");

        Assert.Equal(["node-00/accelerator-0", "node-00/accelerator-1", "node-01/accelerator-0", "node-01/accelerator-1"], provider.Devices.Select(d => d.Id.Key));
        Assert.All(provider.Devices, d => Assert.Equal(DeviceKind.Accelerator, d.Kind));
    }

    [Fact]
    public async Task FromJson_NodeLinkAndTopLevelLinks_ApplyToClusterDevices()
    {
        const string Json = """
            {
              "cluster": { "nodes": 2, "node": { "link": "crossSocket", "gpus": [ { "model": "h100", "count": 2 }, { "model": "h100", "count": 1, "link": "samePcieSwitch" } ] } },
              "links": [ { "between": ["node-00/gpu-0", "node-01/gpu-0"], "kind": "directFabric" } ]
            }
            """;

        DeviceInventory inventory = await new HardwareBuilder().AddStaticJson(Json).Build().DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LinkKind.CrossSocket, inventory.GetLink(Id("node-00/gpu-0"), Id("node-00/gpu-1")));
        Assert.Equal(LinkKind.CrossSocket, inventory.GetLink(Id("node-00/gpu-1"), Id("node-00/gpu-2")));
        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(Id("node-00/gpu-0"), Id("node-01/gpu-0")));
    }

    [Property(MaxTest = 1000)]
    public Property FromJson_AnyClusterShape_ExpandsToUniqueIdsAndPairwiseLinksPerNode() => Prop.ForAll(
        Arb.From(
            from nodes in Gen.Choose(1, 30)
            from cores in Gen.Elements(0, 16)
            from gpuGroups in Gen.ArrayOf(Gen.Choose(1, 8), 3).Select(a => a.Take(1 + (a[0] % 3)).ToArray())
            from fpgas in Gen.Choose(0, 2)
            select (Nodes: nodes, Cores: cores, GpuGroups: gpuGroups, Fpgas: fpgas)),
        shape =>
        {
            string gpus = string.Join(", ", shape.GpuGroups.Select((count, i) => $$"""{"model": "m{{i}}", "count": {{count}}}"""));
            string cores = shape.Cores > 0 ? $"\"cores\": {shape.Cores}, " : string.Empty;
            string fpgas = shape.Fpgas > 0 ? $$""", "fpgas": [{"model": "u250", "count": {{shape.Fpgas}}}]""" : string.Empty;
            string json = $$"""{"cluster": {"nodes": {{shape.Nodes}}, "node": { {{cores}}"gpus": [{{gpus}}]{{fpgas}} } } }""";

            StaticDeviceProvider provider = StaticDeviceProvider.FromJson(json);

            int perNode = (shape.Cores > 0 ? 1 : 0) + shape.GpuGroups.Sum() + shape.Fpgas;
            int linkedPerNode = shape.GpuGroups.Sum() + shape.Fpgas;
            Assert.Equal(shape.Nodes * perNode, provider.Devices.Count);
            Assert.Equal(provider.Devices.Count, provider.Devices.Select(d => d.Id).Distinct().Count());
            Assert.Equal(shape.Nodes * linkedPerNode * (linkedPerNode - 1) / 2, provider.Links.Count);
            Assert.All(provider.Links, link => Assert.Equal(link.First.Key.Split('/')[0], link.Second.Key.Split('/')[0]));
            Assert.All(provider.Devices, device => Assert.Equal(
                DeviceAttribute.FromString(device.Id.Key.Split('/')[0]),
                device.Attributes[HardwareAttributeNames.Node]));
        });
}
