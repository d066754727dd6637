using Aios.Data.Caching;
using Aios.Data.DependencyInjection;
using Aios.Data.Storage;
using Aios.Data.Tests.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aios.Data.Tests.DependencyInjection;

public sealed class DataServiceCollectionExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAiosDatasetCache_Configure_ChangesTheRegisteredOptions()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var services = new ServiceCollection();
        services.AddAiosDatasetCache(options => options.OriginPath = dataset.Origin.Root);
        services.Configure<DatasetCacheHostOptions>(options => options.MemoryBytes = 12345);
        await using ServiceProvider provider = services.BuildServiceProvider();

        DatasetCache cache = provider.GetRequiredService<DatasetCache>();

        Assert.Equal(12345, cache.Options.MemoryBytes);
        Assert.Equal("origin", Assert.Single(cache.Tiers).Name);
    }

    [Fact]
    public async Task AddAiosDatasetCache_Configuration_BindsEveryKey()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aios:Dataset:OriginPath"] = dataset.Origin.Root,
            ["Aios:Dataset:MemoryBytes"] = "65536",
            ["Aios:Dataset:MemoryPolicy"] = "Lru",
            ["Aios:Dataset:LocalCachePath"] = dataset.Combine("local"),
            ["Aios:Dataset:LocalCacheBytes"] = "1048576",
            ["Aios:Dataset:RetryUnavailableAfter"] = "00:00:05",
        }).Build();
        await using ServiceProvider provider = new ServiceCollection().AddAiosDatasetCache(configuration.GetSection("Aios:Dataset")).BuildServiceProvider();

        DatasetCache cache = provider.GetRequiredService<DatasetCache>();

        Assert.Equal(65536, cache.Options.MemoryBytes);
        Assert.Equal(CachePolicy.Lru, cache.Options.MemoryPolicy);
        Assert.Equal(TimeSpan.FromSeconds(5), cache.Options.RetryUnavailableAfter);
        Assert.Equal(["local", "origin"], cache.Tiers.Select(t => t.Name));
        Assert.Equal(1 << 20, cache.Tiers[0].CapacityBytes);
    }

    [Fact]
    public void AddAiosDatasetCache_InvalidOptions_ValidateOnStartNamesEveryField()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MemoryBytes"] = "-1",
            ["LocalCacheBytes"] = "-2",
            ["RetryUnavailableAfter"] = "-00:00:01",
        }).Build();
        using ServiceProvider provider = new ServiceCollection().AddAiosDatasetCache(configuration).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(4, exception.Failures.Count());
        foreach (string field in new[] { "OriginPath", "MemoryBytes", "LocalCacheBytes", "RetryUnavailableAfter" })
        {
            Assert.Contains(exception.Failures, failure => failure.StartsWith(field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AddAiosDatasetCache_TwoNames_ResolveDistinctCachesWithTheirOwnOptions()
    {
        using PackedDataset train = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        using PackedDataset eval = await PackedDataset.CreateAsync(files: 2, cancellationToken: Token);
        var services = new ServiceCollection()
            .AddAiosDatasetCache("train", options => { options.OriginPath = train.Origin.Root; options.MemoryBytes = 1000; })
            .AddAiosDatasetCache("eval", (options, _) => { options.OriginPath = eval.Origin.Root; options.MemoryBytes = 2000; });
        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        DatasetCache trainCache = provider.GetRequiredKeyedService<DatasetCache>("train");
        DatasetCache evalCache = provider.GetRequiredKeyedService<DatasetCache>("eval");

        Assert.NotSame(trainCache, evalCache);
        Assert.Same(trainCache, provider.GetRequiredKeyedService<DatasetCache>("train"));
        Assert.Equal(1000, trainCache.Options.MemoryBytes);
        Assert.Equal(2000, evalCache.Options.MemoryBytes);
        Assert.Equal(train.Origin.Root, provider.GetRequiredKeyedService<DatasetOrigin>("train").Store.Root);
        Assert.Equal(eval.Origin.Root, provider.GetRequiredKeyedService<DatasetOrigin>("eval").Store.Root);
        Assert.Null(provider.GetService<DatasetCache>());
    }

    [Fact]
    public void AddAiosDatasetCache_SameNameTwice_ThrowsNamingIt()
    {
        var services = new ServiceCollection().AddAiosDatasetCache("train", options => options.OriginPath = "a");

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddAiosDatasetCache("train", options => options.OriginPath = "b"));

        Assert.Contains("'train'", exception.Message, StringComparison.Ordinal);
        Assert.Single(services, d => d.ServiceType == typeof(DatasetCache));
        services.AddAiosDatasetCache("eval", options => options.OriginPath = "b");
        services.AddAiosDatasetCache(options => options.OriginPath = "c");
        Assert.Throws<InvalidOperationException>(() => services.AddAiosDatasetCache(options => options.OriginPath = "d"));
    }

    [Fact]
    public async Task DatasetOrigin_PackedStore_ListsAndReadsTheManifests()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 2, cancellationToken: Token);
        string source = dataset.Combine("second");
        Directory.CreateDirectory(source);
        await File.WriteAllBytesAsync(Path.Combine(source, "a.bin"), [1, 2, 3], Token);
        DatasetPackResult second = await DatasetPacker.PackAsync(dataset.Origin, source, Aios.Data.Chunking.Chunker.CreateFixed(1024), cancellationToken: Token);
        await using ServiceProvider provider = new ServiceCollection().AddAiosDatasetCache(options => options.OriginPath = dataset.Origin.Root).BuildServiceProvider();
        DatasetOrigin origin = provider.GetRequiredService<DatasetOrigin>();

        IReadOnlyList<ContentId> ids = origin.GetManifestIds();
        DatasetManifest first = await origin.GetManifestAsync(dataset.ManifestId, Token);
        DatasetManifest read = await origin.GetManifestAsync(second.Manifest, Token);

        Assert.Equal(new[] { dataset.ManifestId, second.Manifest }.Order(), ids);
        Assert.Equal(dataset.Manifest.Files.Select(f => f.Path), first.Files.Select(f => f.Path));
        Assert.Equal("a.bin", Assert.Single(read.Files).Path);
        Assert.Same(origin.Store, ((ChunkStoreTier)provider.GetRequiredService<DatasetCache>().Tiers[^1]).Store);
        await Assert.ThrowsAsync<ChunkNotFoundException>(async () => await origin.GetManifestAsync(ContentId.Compute([9]), Token));
    }
}
