using Aios.Hardware.Static;

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
}
