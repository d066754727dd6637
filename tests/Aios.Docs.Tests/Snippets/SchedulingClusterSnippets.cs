// <snippet:scheduling-clusters>
using Aios.Hardware;
using Aios.Hardware.Resources;
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
        sandbox.WriteFile("cluster.json", """{ "nodes": [ { "name": "dgx", "devices": { "a100": 8 }, "cpuCores": 128, "memoryBytes": 1099511627776, "group": "rack-1", "count": 4 } ] }""");
        DeviceInventory inventory = await new HardwareBuilder().AddStaticJson("""{ "cluster": { "nodes": 2, "node": { "cores": 64, "gpus": [ { "model": "h100", "count": 8 } ] } } }""").Build().DiscoverAsync(TestContext.Current.CancellationToken);

        // <snippet:scheduling-clusters>
        // 36 V100s and 36 P100s, 4 GPUs per node (9 nodes of each type), no CPU or memory limits.
        ClusterSpec gavel = ClusterSpec.FromGpuCounts([new("v100", 36), new("p100", 36)], gpusPerNode: 4);

        // The JSON format `aios simulate --cluster` reads: 4 nodes dgx-0 … dgx-3 in one rack.
        using FileStream json = File.OpenRead("cluster.json");
        ClusterSpec racks = ClusterSpec.LoadJson(json);

        // What Aios.Hardware discovered (package Aios.Scheduling.Extensions): GPUs by model per node.
        ClusterSpec discovered = inventory.Summarize().ToClusterSpec();
        // </snippet:scheduling-clusters>

        Assert.Equal(18, gavel.Nodes.Count);
        Assert.Equal(72, gavel.TotalDevices);
        Assert.Equal(["dgx-0", "dgx-1", "dgx-2", "dgx-3"], racks.Nodes.Select(n => n.Name));
        Assert.Equal(16, discovered.TotalDevices);
    }
}
