// <snippet:hardware-readme>
using Aios.Hardware;
using Aios.Hardware.Selection;
// </snippet:hardware-readme>
using Aios.Hardware.Resources;
using Aios.Hardware.Static;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Hardware/README.md, docs/hardware-cpu.md and docs/hardware-static-json.md.</summary>
public sealed class HardwareSnippets
{
    [Fact]
    public async Task PackageReadme_SelectsFourLinkedGpusAndWatchesTelemetry()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("cluster.json", StaticJsonDoc.Block("json", 0));
        CancellationToken stopping = sandbox.CancelAfterLines(1 + 37);   // the selection, then one round: this CPU and 4 nodes × (CPU + 8 GPUs)

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            // <snippet:hardware-readme>
            HardwareCatalog catalog = new HardwareBuilder().AddCpu().AddStaticFile("cluster.json").Build();
            DeviceInventory inventory = await catalog.DiscoverAsync();

            DeviceSelection gpus = new DeviceSelector()
                .OfKind(DeviceKind.Gpu)
                .WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L << 30)
                .WithVersionAtLeast("gpu.nvidia.com/computeCapability", new Version(8, 0))
                .Prefer(DevicePreference.CloseLinks)
                .Count(4)
                .Select(inventory);
            Console.WriteLine(string.Join(", ", gpus.Chosen.Select(d => d.Id)));   // static:node-00/gpu-0, …, static:node-00/gpu-3

            // One sample per device per second until the token is cancelled (Ctrl+C, host shutdown).
            await foreach (TelemetrySample sample in catalog.WatchAsync(inventory, TimeSpan.FromSeconds(1), stopping))
            {
                Console.WriteLine($"{sample.Device}: {sample.Utilization}");
            }
            // </snippet:hardware-readme>
        });

        string[] lines = sandbox.Output.Split('\n');
        Assert.Equal("static:node-00/gpu-0, static:node-00/gpu-1, static:node-00/gpu-2, static:node-00/gpu-3", lines[0]);
        Assert.Equal("static:node-03/gpu-7: NotSupported", lines[^2]);
    }

    [Fact]
    public async Task CpuProvider_ReportsEverySocketWithItsCpus()
    {
        using var sandbox = new DocsSandbox();

        // <snippet:hardware-cpu>
        HardwareCatalog catalog = new HardwareBuilder().AddCpu().Build();
        DeviceInventory inventory = await catalog.DiscoverAsync();
        foreach (Device socket in inventory.Devices)
        {
            Console.WriteLine($"{socket.Id}: {socket.Name}, {socket.Capacities[CapacityNames.ComputeUnits]} CPUs");
            TelemetrySample sample = await catalog.SampleAsync(socket);   // utilisation since the previous sample
            Console.WriteLine($"  busy {sample.Utilization}");
        }
        // </snippet:hardware-cpu>

        Assert.SkipUnless(OperatingSystem.IsLinux(), "the CPU provider reads /proc and /sys");
        Assert.NotEmpty(inventory.Devices);
        Assert.StartsWith("cpu:socket-", sandbox.Output, StringComparison.Ordinal);
        Assert.All(inventory.Devices, d => Assert.True(d.Capacities[CapacityNames.ComputeUnits] >= 1));
    }

    [Fact]
    public async Task StaticJson_CpuAndDeclaredCluster()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("cluster.json", StaticJsonDoc.Block("json", 0));

        // <snippet:hardware-static-catalog>
        HardwareCatalog catalog = new HardwareBuilder()
            .AddCpu()                        // what this machine really has
            .AddStaticFile("cluster.json")   // what is declared
            .Build();
        // </snippet:hardware-static-catalog>

        // <snippet:hardware-static-select>
        DeviceInventory inventory = await catalog.DiscoverAsync();

        // Four A100-class GPUs with at least 40 GiB, compute capability 8.0 or newer, NVLink peers preferred.
        DeviceSelection selection = new DeviceSelector()
            .OfKind(DeviceKind.Gpu)
            .WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L << 30)
            .WithVersionAtLeast("gpu.nvidia.com/computeCapability", new Version(8, 0))
            .Prefer(DevicePreference.MoreMemory)
            .Prefer(DevicePreference.CloseLinks, weight: 2)
            .Count(4)
            .Select(inventory);

        // Resource vectors per node: GPUs by model, memory, cores.
        ResourceSummary summary = inventory.Summarize();
        int a100s = summary.CountOf("a100");
        // </snippet:hardware-static-select>

        Assert.True(selection.IsSatisfied);
        Assert.Single(selection.Chosen.Select(d => d.Id.Key.Split('/')[0]).Distinct());
        Assert.Equal(32, a100s);
        Assert.Contains(inventory.Providers, p => p.Name == "static");
    }

    [Fact]
    public async Task StaticJson_DevicesExample_LoadsWithItsPartitionAndLink()
    {
        HardwareCatalog catalog = new HardwareBuilder().AddStaticJson(StaticJsonDoc.Block("jsonc", 0)).Build();

        DeviceInventory inventory = await catalog.DiscoverAsync();

        Device gpu0 = inventory.Devices.Single(d => d.Id.Key == "gpu0");
        Assert.Equal(HealthStatus.Degraded, gpu0.Health.Status);
        Assert.Contains(inventory.AllDevices, d => d.Id.Key == "gpu0-mig0" && d.Parent == gpu0.Id);
        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(gpu0.Id, inventory.Devices.Single(d => d.Id.Key == "gpu1").Id));
    }

    [Fact]
    public async Task StaticJson_ClusterExample_ExpandsToFourNodesOfEightGpus()
    {
        HardwareCatalog catalog = new HardwareBuilder().AddStaticJson(StaticJsonDoc.Block("json", 0)).Build();

        DeviceInventory inventory = await catalog.DiscoverAsync();

        Assert.Equal(4 * 9, inventory.Devices.Count);
        Assert.Contains(inventory.Devices, d => d.Id.Key == "node-03/cpu" && d.Kind == DeviceKind.Cpu);
        Assert.Equal(8, inventory.Devices.Count(d => d.Id.Key.StartsWith("node-03/gpu-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{ "devices": [ { "id": "a", "kind": "gpu", "name": "A" }, { "id": "b", "kind": "gpu", "name": "B" }, { "id": "c", "kind": "gpuu", "name": "C" } ] }""", 0)]
    [InlineData("""{ "devices": [ { "id": "a", "kind": "gpu", "name": "A", "capacities": { "memoryBytes": 100 }, "partitions": [ { "id": "p", "kind": "gpu", "name": "P", "capacities": { "memoryBytes": 200 } } ] } ] }""", 1)]
    [InlineData("""{ "devices": [ { "id": "gpu0", "kind": "gpu", "name": "G" } ], "links": [ { "between": ["gpu0", "gpu9"], "kind": "directFabric" } ] }""", 2)]
    [InlineData("""{ "cluster": { "nodes": 1, "node": { "gpus": [ { "model": "a100", "count": 0 } ] } } }""", 3)]
    public async Task StaticJson_ErrorsExample_MessagesAsDocumented(string json, int line)
    {
        string expected = StaticJsonDoc.Block("", 0).Split('\n')[line];

        StaticHardwareFormatException error = await Assert.ThrowsAsync<StaticHardwareFormatException>(async () => await new HardwareBuilder().AddStaticJson(json).Build().DiscoverAsync());

        Assert.Equal(expected, error.Message);
    }
}

/// <summary>The code blocks of docs/hardware-static-json.md, by language.</summary>
internal static class StaticJsonDoc
{
    public static string Block(string language, int index)
    {
        string[] lines = File.ReadAllText(Path.Combine(SnippetSource.RepositoryRoot, "docs", "hardware-static-json.md")).ReplaceLineEndings("\n").Split('\n');
        int found = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                int end = Array.IndexOf(lines, "```", i + 1);
                if (lines[i] == "```" + language && found++ == index)
                {
                    return string.Join("\n", lines[(i + 1)..end]);
                }

                i = end;
            }
        }

        throw new InvalidOperationException($"docs/hardware-static-json.md has no ```{language} block {index}");
    }
}
