// <snippet:data-extensions>
using Aios.Data.Caching;
using Aios.Data.DependencyInjection;
using Aios.Data.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
// </snippet:data-extensions>
// <snippet:hardware-extensions>
using Aios.Hardware;
using Aios.Hardware.DependencyInjection;
// </snippet:hardware-extensions>
// <snippet:scheduling-extensions>
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
// </snippet:scheduling-extensions>
using Aios.Data.Chunking;
using Aios.Data.Synthetic;
using Microsoft.Extensions.Options;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of the three hosting packages' readmes (src/Aios.*.Extensions/README.md).</summary>
public sealed class ExtensionsSnippets
{
    [Fact]
    public async Task DataExtensionsReadme_TwoNamedCachesAndTheOriginsManifests()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("corpus/a.jsonl", System.Text.Encoding.UTF8.GetString(SyntheticContent.Generate(ContentKind.JsonLines, 256 << 10, seed: 1)));
        DatasetPackResult packed = await DatasetPacker.PackAsync(ChunkStore.OpenOrCreate("datasets"), "corpus", Chunker.CreateContentDefined(), cancellationToken: TestContext.Current.CancellationToken);
        ChunkStore.OpenOrCreate("eval-datasets");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aios:Datasets:train:OriginPath"] = "datasets",
            ["Aios:Datasets:train:MemoryBytes"] = "67108864",
        }).Build();
        var services = new ServiceCollection();
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        // <snippet:data-extensions>
        // One cache, options from code, configuration or both (Configure composes; ValidateOnStart reports every bad field).
        services.AddAiosDatasetCache(o => { o.OriginPath = "datasets"; o.LocalCachePath = "scratch"; });
        services.Configure<DatasetCacheHostOptions>(o => o.MemoryBytes = 1L << 30);

        // Two more datasets: keyed services with named options.
        services.AddAiosDatasetCache("train", configuration.GetSection("Aios:Datasets:train"));
        services.AddAiosDatasetCache("eval", (o, sp) => o.OriginPath = "eval-datasets");

        using ServiceProvider provider = services.BuildServiceProvider();
        DatasetCache train = provider.GetRequiredKeyedService<DatasetCache>("train");
        DatasetOrigin origin = provider.GetRequiredKeyedService<DatasetOrigin>("train");   // the origin store and its manifests
        DatasetManifest manifest = await origin.GetManifestAsync(origin.GetManifestIds()[0], cancellationToken);
        // </snippet:data-extensions>

        Assert.Equal(packed.Manifest, origin.GetManifestIds()[0]);
        Assert.Equal("a.jsonl", Assert.Single(manifest.Files).Path);
        Assert.Equal(64L << 20, train.Options.MemoryBytes);
        Assert.Equal(1L << 30, provider.GetRequiredService<DatasetCache>().Options.MemoryBytes);
        Assert.NotSame(train, provider.GetRequiredKeyedService<DatasetCache>("eval"));
        Assert.True(Directory.Exists("scratch"));
        Assert.Throws<InvalidOperationException>(() => services.AddAiosDatasetCache("train", o => o.OriginPath = "datasets"));
    }

    [Fact]
    public async Task HardwareExtensionsReadme_CodeAndConfigurationCompose()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("cluster.json", """{ "cluster": { "nodes": 2, "node": { "cores": 8, "gpus": [ { "model": "a100", "count": 4 } ] } } }""");
        sandbox.WriteFile("rack2.json", """{ "cluster": { "nodes": 1, "namePrefix": "rack2", "node": { "gpus": [ { "model": "h100", "count": 8 } ] } } }""");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aios:Hardware:StaticFiles:0"] = "cluster.json",
        }).Build();
        var services = new ServiceCollection();

        // <snippet:hardware-extensions>
        services.AddAiosHardware(configuration.GetSection("Aios:Hardware"));        // keys: Cpu = true, StaticFiles:0 = cluster.json
        services.Configure<HardwareHostOptions>(o => o.StaticFiles.Add("rack2.json"));

        using ServiceProvider provider = services.BuildServiceProvider();
        DeviceInventory inventory = await provider.GetRequiredService<HardwareCatalog>().DiscoverAsync();
        // </snippet:hardware-extensions>

        Assert.Equal(16, inventory.AllDevices.Count(d => d.Kind == DeviceKind.Gpu));
        Assert.Throws<InvalidOperationException>(() => services.AddAiosHardware(b => b.AddCpu()));
    }

    [Fact]
    public void SchedulingExtensionsReadme_ThreeSchedulersFromCodeConfigurationAndDiscovery()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aios:Schedulers:east:Policy"] = "las+backfill",
            ["Aios:Schedulers:east:Cluster:Nodes:0:Name"] = "east-0",
            ["Aios:Schedulers:east:Cluster:Nodes:0:Devices:a100"] = "8",
            ["Aios:Schedulers:east:Cluster:Nodes:0:CpuCores"] = "64",
        }).Build();
        ClusterSpec discovered = ClusterSpec.FromGpuCounts([new("h100", 8)], gpusPerNode: 8);
        var services = new ServiceCollection();

        // <snippet:scheduling-extensions>
        services.AddAiosScheduler(sp => ClusterSpec.FromGpuCounts([new("a100", 16)], gpusPerNode: 8), o => o.Policy = SchedulingPolicy.Priority);

        // From configuration: SchedulerOptions keys (Policy = "las+backfill", ScanDepth, Queues:0:Name, …) and
        // Cluster:Nodes:0:{Name, Devices:a100, CpuCores, MemoryBytes}.
        services.AddAiosScheduler("east", configuration.GetSection("Aios:Schedulers:east"));

        // A cluster discovered by Aios.Hardware before the container is built (inventory.Summarize().ToClusterSpec()):
        services.AddAiosScheduler("west", _ => discovered, o => o.ScanDepth = 100);

        using ServiceProvider provider = services.BuildServiceProvider();
        Scheduler east = provider.GetRequiredKeyedService<Scheduler>("east");
        // </snippet:scheduling-extensions>

        Assert.Equal(SchedulingPolicy.Priority, provider.GetRequiredService<Scheduler>().Policy);
        Assert.Equal((0L, 16L), provider.GetRequiredService<Scheduler>().Gpus);
        Assert.Equal((0L, 8L), east.Gpus);
        Assert.Equal("east-0", Assert.Single(east.GetPools()).Node);
        Assert.Equal(DecisionKind.Start, Assert.Single(east.Submit(new JobSpec("train", replicas: 1, new ReplicaRequest(8) { CpuCores = 64 }))).Kind);
        Assert.Equal("h100", Assert.Single(provider.GetRequiredKeyedService<Scheduler>("west").GetPools()).DeviceType);
        Assert.Throws<InvalidOperationException>(() => services.AddAiosScheduler("east", _ => discovered, o => { }));
    }
}
