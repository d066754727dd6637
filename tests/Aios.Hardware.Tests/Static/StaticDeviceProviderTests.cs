using Aios.Hardware.Static;

namespace Aios.Hardware.Tests.Static;

public sealed class StaticDeviceProviderTests
{
    private const string FullDefinition = """
        {
          // comments and trailing commas are allowed
          "devices": [
            {
              "id": "gpu0",
              "kind": "GPU",
              "vendor": "NVIDIA",
              "name": "NVIDIA A100-SXM4-80GB",
              "attributes": {
                "gpu.nvidia.com/computeCapability": { "version": "8.0" },
                "x/int": { "int": 5 },
                "x/string": { "string": "s" },
                "x/bool": { "bool": true },
                "x/shortInt": -7,
                "x/shortString": "t",
                "x/shortBool": false,
              },
              "capacities": { "memoryBytes": "80Gi", "computeUnits": 108, "clockHz": "1410M", "cores": "2k" },
              "topology": { "numaNode": 1, "pciBusId": "0000:3b:00.0", "cpuSet": "0-3,8", "socket": 1 },
              "health": { "status": "degraded", "reason": "ECC errors" },
              "partitions": [
                { "id": "gpu0-mig0", "kind": "gpu", "name": "MIG 3g.40gb", "capacities": { "memoryBytes": "40Gi" } }
              ]
            },
            { "id": "fpga0", "kind": "fpga", "name": "Alveo U250", "topology": { "cpuSet": [4, 5] }, "health": "healthy" },
            { "id": "npu0", "kind": "accelerator", "name": "NPU", "health": { "status": "unavailable", "reason": "firmware hung" } }
          ],
          "links": [ { "between": ["gpu0", "fpga0"], "kind": "samePcieSwitch", "bandwidthBytesPerSecond": 3.2e10 } ]
        }
        """;

    private static Device Device(string key, DeviceKind kind = DeviceKind.Gpu) => new()
    {
        Id = new DeviceId(StaticDeviceProvider.ProviderName, key),
        Kind = kind,
        Vendor = "Test",
        Name = $"device {key}",
    };

    [Fact]
    public void FromJson_FullDefinition_ReadsEveryField()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson(FullDefinition);

        Assert.Equal(3, provider.Devices.Count);
        Device gpu = provider.Devices[0];
        Assert.Equal(new DeviceId("static", "gpu0"), gpu.Id);
        Assert.Equal(DeviceKind.Gpu, gpu.Kind);
        Assert.Equal("NVIDIA", gpu.Vendor);
        Assert.Equal("NVIDIA A100-SXM4-80GB", gpu.Name);
        Assert.Equal(DeviceAttribute.FromVersion(new Version(8, 0)), gpu.Attributes["gpu.nvidia.com/computeCapability"]);
        Assert.Equal(DeviceAttribute.FromInteger(5), gpu.Attributes["x/int"]);
        Assert.Equal(DeviceAttribute.FromString("s"), gpu.Attributes["x/string"]);
        Assert.Equal(DeviceAttribute.FromBoolean(true), gpu.Attributes["x/bool"]);
        Assert.Equal(DeviceAttribute.FromInteger(-7), gpu.Attributes["x/shortInt"]);
        Assert.Equal(DeviceAttribute.FromString("t"), gpu.Attributes["x/shortString"]);
        Assert.Equal(DeviceAttribute.FromBoolean(false), gpu.Attributes["x/shortBool"]);
        Assert.Equal(80L << 30, gpu.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(108, gpu.Capacities[CapacityNames.ComputeUnits]);
        Assert.Equal(1_410_000_000, gpu.Capacities[CapacityNames.ClockHz]);
        Assert.Equal(2000, gpu.Capacities[CapacityNames.Cores]);
        Assert.Equal(1, gpu.Topology.NumaNode);
        Assert.Equal("0000:3b:00.0", gpu.Topology.PciBusId);
        Assert.Equal([0, 1, 2, 3, 8], gpu.Topology.CpuSet);
        Assert.Equal(1, gpu.Topology.Socket);
        Assert.Equal(DeviceHealth.Degraded("ECC errors"), gpu.Health);
        Device partition = Assert.Single(gpu.Partitions);
        Assert.Equal(gpu.Id, partition.Parent);
        Assert.Equal(40L << 30, partition.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(string.Empty, provider.Devices[1].Vendor);
        Assert.Equal([4, 5], provider.Devices[1].Topology.CpuSet);
        Assert.Equal(DeviceHealth.Healthy, provider.Devices[1].Health);
        Assert.Equal(DeviceHealth.Unavailable("firmware hung"), provider.Devices[2].Health);
        DeviceLink link = Assert.Single(provider.Links);
        Assert.Equal(new DeviceLink(gpu.Id, provider.Devices[1].Id, LinkKind.SamePcieSwitch, 3.2e10), link);
    }

    [Fact]
    public void FromFiles_TwoRacks_OneProviderWithBoth_AndDuplicateIdsOrNoFilesRefused()
    {
        string folder = Directory.CreateTempSubdirectory("aios-static-").FullName;
        try
        {
            string a = Path.Combine(folder, "a.json"), b = Path.Combine(folder, "b.json");
            File.WriteAllText(a, """{ "cluster": { "nodes": 2, "namePrefix": "a", "node": { "gpus": [ { "model": "a100", "count": 4 } ] } } }""");
            File.WriteAllText(b, """{ "cluster": { "nodes": 1, "namePrefix": "b", "node": { "gpus": [ { "model": "h100", "count": 8 } ] } } }""");

            StaticDeviceProvider both = StaticDeviceProvider.FromFiles([a, b]);

            Assert.Equal(16, both.Devices.Count(d => d.Kind == DeviceKind.Gpu));
            Assert.Contains("share", Assert.Throws<ArgumentException>(() => StaticDeviceProvider.FromFiles([a, a])).Message, StringComparison.Ordinal);
            Assert.Equal("paths", Assert.Throws<ArgumentException>(() => StaticDeviceProvider.FromFiles([])).ParamName);
            Assert.Throws<FileNotFoundException>(() => StaticDeviceProvider.FromFiles([a, Path.Combine(folder, "missing.json")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FromJson_EmptyObject_HasNoDevices()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("{}");

        Assert.Empty(provider.Devices);
        Assert.Empty(provider.Links);
    }

    [Fact]
    public async Task DiscoverAsync_Declared_ReportsTheDevicesAndLinks()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson(FullDefinition);

        ProviderDiscovery discovery = await provider.DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.True(discovery.Available);
        Assert.Equal(provider.Devices, discovery.Devices);
        Assert.Equal(provider.Links, discovery.Links);
        Assert.Equal("static", provider.Name);
    }

    [Fact]
    public async Task DiscoverAsync_Cancelled_Throws()
    {
        var provider = new StaticDeviceProvider([Device("a")]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await provider.DiscoverAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task SampleAsync_StaticDevice_ReportsNoTelemetry()
    {
        var provider = new StaticDeviceProvider([Device("a")]);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        TelemetrySample sample = await provider.SampleAsync(provider.Devices[0], now, TestContext.Current.CancellationToken);

        Assert.Equal(TelemetrySample.NotSupported(provider.Devices[0].Id, now), sample);
    }

    [Fact]
    public void Constructor_DeviceOfAnotherProvider_Throws()
    {
        Device foreign = Device("a") with { Id = new DeviceId("cuda", "a") };

        var exception = Assert.Throws<ArgumentException>(() => new StaticDeviceProvider([foreign]));

        Assert.Equal("devices", exception.ParamName);
        Assert.Contains("cuda:a", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateIds_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new StaticDeviceProvider([Device("a"), Device("a", DeviceKind.Cpu)]));

        Assert.Contains("static:a", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateIdInAPartition_Throws()
    {
        Device parent = Device("a") with { Partitions = [Device("a") with { Parent = new DeviceId("static", "a") }] };

        Assert.Throws<ArgumentException>(() => new StaticDeviceProvider([parent]));
    }

    [Fact]
    public void Constructor_PartitionWithoutItsParent_Throws()
    {
        Device parent = Device("a") with { Partitions = [Device("a0")] };

        var exception = Assert.Throws<ArgumentException>(() => new StaticDeviceProvider([parent]));

        Assert.Contains("must name its parent static:a", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullDevice_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new StaticDeviceProvider([null!]));
        Assert.Throws<ArgumentNullException>(() => new StaticDeviceProvider(null!));
    }

    [Fact]
    public void Constructor_LinkToAnUndeclaredDevice_Throws()
    {
        var link = new DeviceLink(new DeviceId("static", "a"), new DeviceId("static", "b"), LinkKind.DirectFabric);

        var exception = Assert.Throws<ArgumentException>(() => new StaticDeviceProvider([Device("a")], [link]));

        Assert.Equal("links", exception.ParamName);
    }

    [Fact]
    public async Task AddStatic_FromCode_CatalogSeesDevicesAndLinks()
    {
        Device a = Device("a");
        Device b = Device("b");

        DeviceInventory inventory = await new HardwareBuilder()
            .AddStatic([a, b], [new DeviceLink(a.Id, b.Id, LinkKind.DirectFabric)])
            .Build()
            .DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal([a, b], inventory.Devices);
        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(a.Id, b.Id));
        Assert.Equal(new ProviderStatus("static", true), Assert.Single(inventory.Providers));
    }

    [Fact]
    public async Task AddStaticJson_Twice_TheLastReplacesTheFirst()
    {
        DeviceInventory inventory = await new HardwareBuilder()
            .AddStaticJson("""{"devices": [{"id": "first", "kind": "cpu", "name": "A"}]}""")
            .AddStaticJson("""{"devices": [{"id": "second", "kind": "cpu", "name": "B"}]}""")
            .Build()
            .DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal("second", Assert.Single(inventory.Devices).Id.Key);
    }

    [Fact]
    public async Task AddStaticFile_ValidFile_CatalogSeesItsDevices()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aios-static-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, FullDefinition, TestContext.Current.CancellationToken);
        try
        {
            DeviceInventory inventory = await new HardwareBuilder().AddStaticFile(path).Build().DiscoverAsync(TestContext.Current.CancellationToken);

            Assert.Equal(4, inventory.AllDevices.Count());
            Assert.Equal(LinkKind.SamePcieSwitch, inventory.GetLink(new DeviceId("static", "gpu0-mig0"), new DeviceId("static", "fpga0")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BuilderExtensions_NullArguments_Throw()
    {
        var builder = new HardwareBuilder();

        Assert.Throws<ArgumentNullException>(() => StaticHardwareBuilderExtensions.AddStatic(null!, []));
        Assert.Throws<ArgumentNullException>(() => StaticHardwareBuilderExtensions.AddStaticJson(null!, "{}"));
        Assert.Throws<ArgumentNullException>(() => StaticHardwareBuilderExtensions.AddStaticFile(null!, "x.json"));
        Assert.Throws<ArgumentNullException>(() => builder.AddStaticJson(null!));
        Assert.Throws<ArgumentException>(() => builder.AddStaticFile(" "));
    }
}
