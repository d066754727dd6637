using System.Text;
using Aios.Hardware;
using Aios.Hardware.Resources;
using Aios.Hardware.Static;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class ClusterSpecTests
{
    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

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

    [Fact]
    public void LoadJson_CountAndGroup_RepeatsNamedNodes()
    {
        const string Json = """
            { "nodes": [
              { "name": "dgx", "devices": { "a100": 8 }, "cpuCores": 128, "memoryBytes": 1099511627776, "group": "rack-1", "count": 3 },
              { "name": "edge", "devices": { "t4": 1 } }, // a comment
            ] }
            """;

        ClusterSpec cluster = ClusterSpec.LoadJson(Utf8(Json));

        Assert.Equal(["dgx-0", "dgx-1", "dgx-2", "edge"], cluster.Nodes.Select(n => n.Name));
        Assert.All(cluster.Nodes.Take(3), n => Assert.Equal(("rack-1", 128.0, 1L << 40, 8), (n.TopologyGroup, n.CpuCores, n.MemoryBytes, n.Devices["a100"])));
        Assert.Null(cluster.Nodes[3].TopologyGroup);
        Assert.Equal(25, cluster.TotalDevices);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{ "racks": [] }""", "\"nodes\" array")]
    [InlineData("""{ "nodes": [ { "devices": { "a100": 8 } } ] }""", "nodes[0].name")]
    [InlineData("""{ "nodes": [ { "name": "x", "devices": { "a100": -1 } } ] }""", "nodes[0] ('x').devices.a100")]
    [InlineData("""{ "nodes": [ { "name": "x", "devices": { "a100": 8 }, "cpuCores": "many" } ] }""", "nodes[0] ('x').cpuCores")]
    [InlineData("""{ "nodes": [ { "name": "x", "devices": { "a100": 8 }, "count": 0 } ] }""", "nodes[0] ('x').count")]
    [InlineData("""{ "nodes": [ { "name": "x", "devices": {} }, { "name": "x", "devices": {} } ] }""", "'x'")]
    public void LoadJson_Invalid_FormatExceptionNamesTheProblem(string json, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => ClusterSpec.LoadJson(Utf8(json)));

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
