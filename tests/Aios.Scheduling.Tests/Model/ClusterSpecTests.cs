using Aios.Hardware;
using Aios.Hardware.Resources;
using Aios.Hardware.Static;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class ClusterSpecTests
{
    [Fact]
    public void FromGpuCounts_Remainder_MakesOneSmallerLastNodePerType()
    {
        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("v100", 10), new("k80", 4)], gpusPerNode: 4, cpuCoresPerGpu: 2, memoryBytesPerGpu: 1000);

        Assert.Equal(["v100-0", "v100-1", "v100-2", "k80-0"], cluster.Nodes.Select(n => n.Name));
        Assert.Equal([4, 4, 2, 4], cluster.Nodes.Select(n => n.TotalDevices));
        Assert.Equal(4, cluster.Nodes[2].CpuCores);
        Assert.Equal(2000, cluster.Nodes[2].MemoryBytes);
        Assert.Equal("v100", cluster.Nodes[0].TopologyGroup);
        Assert.Equal(["v100", "k80"], cluster.DeviceTypes);
        Assert.Equal(10, cluster.CountOf("v100"));
        Assert.Equal(14, cluster.TotalDevices);
    }

    [Fact]
    public void FromGpuCounts_ZeroPerNode_ThrowsNamingParameter()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ClusterSpec.FromGpuCounts([new("v100", 4)], gpusPerNode: 0));

        Assert.Equal("gpusPerNode", exception.ParamName);
    }

    [Fact]
    public void Constructor_DuplicateNames_ThrowsArgumentException()
    {
        var node = new NodeSpec("n", new Dictionary<string, int> { ["a100"] = 8 });

        var exception = Assert.Throws<ArgumentException>(() => new ClusterSpec([node, node]));

        Assert.Contains("'n'", exception.Message, StringComparison.Ordinal);
    }

    private const string HeterogeneousCluster = """
        { "cluster": [
            { "nodes": 3, "namePrefix": "dgx", "group": "rack-1",
              "node": { "cores": 128, "memoryBytes": "1Ti", "gpus": [ { "model": "a100", "count": 8, "memoryBytes": "80Gi" } ] } },
            { "nodes": 1, "namePrefix": "edge", "node": { "cores": 8, "gpus": [ { "model": "t4", "count": 1 } ] } }, // a comment
          ] }
        """;

    [Fact]
    public void ToClusterSpec_StaticClusterArray_OneNodePerDeclaredNodeWithGroupCoresAndMemory()
    {
        ClusterSpec cluster = StaticDeviceProvider.FromJson(HeterogeneousCluster).ToClusterSpec();

        Assert.Equal(["dgx-00", "dgx-01", "dgx-02", "edge-00"], cluster.Nodes.Select(n => n.Name));
        Assert.All(cluster.Nodes.Take(3), n => Assert.Equal(("rack-1", 128.0, 1L << 40, 8), (n.TopologyGroup, n.CpuCores, n.MemoryBytes, n.Devices["a100"])));
        Assert.Null(cluster.Nodes[3].TopologyGroup);
        Assert.Equal(25, cluster.TotalDevices);
    }

    [Fact]
    public async Task ToClusterSpec_SameFileThroughProviderAndThroughCatalog_GivesTheSameCluster()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aios-cluster-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, HeterogeneousCluster, TestContext.Current.CancellationToken);
        try
        {
            ClusterSpec direct = StaticDeviceProvider.FromFile(path).ToClusterSpec();
            DeviceInventory inventory = await new HardwareBuilder().AddStaticFile(path).Build().DiscoverAsync(TestContext.Current.CancellationToken);
            ClusterSpec discovered = inventory.Summarize().ToClusterSpec();

            Assert.Equal(Describe(direct), Describe(discovered));
            Assert.Equal(direct.DeviceTypes, discovered.DeviceTypes);
        }
        finally
        {
            File.Delete(path);
        }

        static string[] Describe(ClusterSpec cluster) =>
            [.. cluster.Nodes.Select(n => $"{n.Name} {n.TopologyGroup} {n.CpuCores} {n.MemoryBytes} {string.Join(',', n.Devices.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"))}")];
    }

    [Theory]
    [InlineData("""{ "cluster": [ { "nodes": 1, "node": {} }, { "nodes": 1, "node": {} } ] }""", "cluster[1].namePrefix: node 'node-00' is declared twice")]
    [InlineData("""{ "cluster": { "nodes": 1, "group": "", "node": {} } }""", "cluster.group: a topology group must not be empty")]
    [InlineData("""{ "cluster": { "nodes": 0, "node": {} } }""", "cluster.nodes")]
    [InlineData("""{ "nodes": [ { "name": "x", "devices": { "a100": 8 } } ] }""", "nodes: unknown property")]
    public void FromJson_InvalidCluster_FormatExceptionNamesTheProblem(string json, string expected)
    {
        var exception = Assert.Throws<StaticHardwareFormatException>(() => StaticDeviceProvider.FromJson(json));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToClusterSpec_StaticInventory_OnePoolPerAcceleratorModel()
    {
        const string Json = """
            { "cluster": { "nodes": 2, "node": { "cores": 64, "memoryBytes": "512Gi",
              "gpus": [ { "model": "A100", "count": 8, "memoryBytes": "80Gi" }, { "model": "t4", "count": 1, "memoryBytes": "16Gi" } ] } } }
            """;
        DeviceInventory inventory = await new HardwareBuilder().AddStaticJson(Json).Build().DiscoverAsync(TestContext.Current.CancellationToken);

        ClusterSpec cluster = inventory.Summarize().ToClusterSpec();

        Assert.Equal(["node-00", "node-01"], cluster.Nodes.Select(n => n.Name));
        Assert.All(cluster.Nodes, n => Assert.Equal(new Dictionary<string, int> { ["a100"] = 8, ["t4"] = 1 }, n.Devices));
        Assert.Equal(64, cluster.Nodes[0].CpuCores);
        Assert.Equal(512L << 30, cluster.Nodes[0].MemoryBytes);
        Assert.Equal(16, cluster.CountOf("a100"));
    }
}
