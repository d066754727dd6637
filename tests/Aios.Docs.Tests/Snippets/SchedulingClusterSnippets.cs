// <snippet:scheduling-clusters>
using Aios.Hardware;
using Aios.Hardware.Resources;
using Aios.Hardware.Static;
using Aios.Scheduling.Model;
// </snippet:scheduling-clusters>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of docs/scheduling.md.</summary>
public sealed class SchedulingClusterSnippets
{
    [Fact]
    public async Task SchedulingDoc_ThreeWaysToDescribeACluster()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("cluster.json", """{ "cluster": { "nodes": 4, "namePrefix": "dgx", "group": "rack-1", "node": { "cores": 128, "memoryBytes": "1Ti", "gpus": [ { "model": "a100", "count": 8 } ] } } }""");
        DeviceInventory inventory = await new HardwareBuilder().AddStaticJson("""{ "cluster": { "nodes": 2, "node": { "cores": 64, "gpus": [ { "model": "h100", "count": 8 } ] } } }""").Build().DiscoverAsync(TestContext.Current.CancellationToken);

        // <snippet:scheduling-clusters>
        // 36 V100s and 36 P100s, 4 GPUs per node (9 nodes of each type), no CPU or memory limits.
        ClusterSpec gavel = ClusterSpec.FromGpuCounts([new("v100", 36), new("p100", 36)], gpusPerNode: 4);

        // The static hardware JSON, the one cluster format (`aios simulate --cluster` and AddStaticFile both read it):
        // 4 nodes dgx-00 … dgx-03 of 8 A100s, 128 cores and 1 TiB each, in one rack.
        ClusterSpec racks = StaticDeviceProvider.FromFile("cluster.json").ToClusterSpec();

        // What Aios.Hardware discovered (package Aios.Scheduling.Extensions): GPUs by model per node.
        ClusterSpec discovered = inventory.Summarize().ToClusterSpec();
        // </snippet:scheduling-clusters>

        Assert.Equal(18, gavel.Nodes.Count);
        Assert.Equal(72, gavel.TotalDevices);
        Assert.Equal(["dgx-00", "dgx-01", "dgx-02", "dgx-03"], racks.Nodes.Select(n => n.Name));
        Assert.All(racks.Nodes, n => Assert.Equal("rack-1", n.TopologyGroup));
        Assert.Equal(32, racks.TotalDevices);
        Assert.Equal(16, discovered.TotalDevices);
    }
}
