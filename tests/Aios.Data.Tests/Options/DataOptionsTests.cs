using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
using Aios.Data.Tests.Caching;
using Aios.Data.Tests.Storage;

namespace Aios.Data.Tests.Options;

/// <summary>The one options pattern, for the Aios.Data options without a test class of their own: every invalid value is refused, naming the option, when the thing they configure is created; later changes do not reach it.</summary>
public sealed class DataOptionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(nameof(DatasetCacheOptions.MemoryBytes))]
    [InlineData(nameof(DatasetCacheOptions.MemoryPolicy))]
    [InlineData(nameof(DatasetCacheOptions.RetryUnavailableAfter))]
    [InlineData(nameof(DatasetCacheOptions.TimeProvider))]
    public async Task DatasetCache_InvalidOption_ThrowsNamingIt(string option)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var options = new DatasetCacheOptions();
        _ = option switch
        {
            nameof(DatasetCacheOptions.MemoryBytes) => options.MemoryBytes = -1,
            nameof(DatasetCacheOptions.MemoryPolicy) => (long)(options.MemoryPolicy = (CachePolicy)99),
            nameof(DatasetCacheOptions.RetryUnavailableAfter) => (options.RetryUnavailableAfter = TimeSpan.FromTicks(-1)).Ticks,
            _ => (options.TimeProvider = null!) is null ? 0 : 1,
        };

        var exception = Assert.ThrowsAny<ArgumentException>(() => new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")], options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public async Task DatasetCache_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var options = new DatasetCacheOptions { MemoryBytes = 4096 };
        using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")], options);

        options.MemoryBytes = -1;
        options.RetryUnavailableAfter = TimeSpan.FromDays(1);

        Assert.Equal(4096, cache.Options.MemoryBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), cache.Options.RetryUnavailableAfter);
        cache.Options.MemoryBytes = 1;
        Assert.Equal(4096, cache.Options.MemoryBytes);
    }

    [Theory]
    [InlineData(nameof(ChunkStoreTierOptions.CapacityBytes))]
    [InlineData(nameof(ChunkStoreTierOptions.Policy))]
    public void ChunkStoreTier_InvalidOption_ThrowsNamingIt(string option)
    {
        using var folder = new TemporaryFolder();
        ChunkStoreTierOptions options = option == nameof(ChunkStoreTierOptions.Policy)
            ? new ChunkStoreTierOptions { Policy = (CachePolicy)99 }
            : new ChunkStoreTierOptions { CapacityBytes = -1 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path), "local", options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public void ChunkStoreTier_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        using var folder = new TemporaryFolder();
        var options = new ChunkStoreTierOptions { CapacityBytes = 1 << 20 };
        var tier = new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path), "local", options);

        options.CapacityBytes = 5;
        options.ReadOnly = true;

        Assert.Equal(1 << 20, tier.CapacityBytes);
        Assert.True(tier.IsWritable);
    }

    [Theory]
    [InlineData(nameof(DatasetReaderOptions.PrefetchWindow))]
    [InlineData(nameof(DatasetReaderOptions.PrefetchBytes))]
    [InlineData(nameof(DatasetReaderOptions.ScheduleLanes))]
    [InlineData(nameof(DatasetReaderOptions.ScheduleLane))]
    public async Task DatasetReader_InvalidOption_ThrowsNamingIt(string option)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")]);
        DatasetReaderOptions options = option switch
        {
            nameof(DatasetReaderOptions.PrefetchWindow) => new DatasetReaderOptions { PrefetchWindow = -1 },
            nameof(DatasetReaderOptions.PrefetchBytes) => new DatasetReaderOptions { PrefetchBytes = 0 },
            nameof(DatasetReaderOptions.ScheduleLanes) => new DatasetReaderOptions { ScheduleLanes = 0, ScheduleLane = -1 },
            _ => new DatasetReaderOptions { ScheduleLanes = 2, ScheduleLane = 2 },
        };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetReader(dataset.Manifest, cache, options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public async Task DatasetReader_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")]);
        var options = new DatasetReaderOptions { PrefetchWindow = 2, ScheduleLanes = 2, ScheduleLane = 1 };
        var reader = new DatasetReader(dataset.Manifest, cache, options);

        options.PrefetchWindow = -5;
        options.ScheduleLane = 7;

        Assert.Equal((2, 1), (reader.Options.PrefetchWindow, reader.Options.ScheduleLane));
    }

    [Theory]
    [InlineData(nameof(EpochSamplerOptions.Ranks))]
    [InlineData(nameof(EpochSamplerOptions.Rank))]
    public void EpochSampler_InvalidOption_ThrowsNamingIt(string option)
    {
        EpochSamplerOptions options = option == nameof(EpochSamplerOptions.Ranks)
            ? new EpochSamplerOptions { Ranks = 0, Rank = -1 }
            : new EpochSamplerOptions { Ranks = 2, Rank = 2 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new EpochSampler(10, options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public void EpochSampler_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        var options = new EpochSamplerOptions { Ranks = 2, Rank = 1, Seed = 7 };
        var sampler = new EpochSampler(10, options);
        int[] before = sampler.GetOrder(0);

        options.Rank = 0;
        options.Seed = 8;
        options.Shuffle = false;

        Assert.Equal(before, sampler.GetOrder(0));
        Assert.Equal((2, 1, 7UL), (sampler.Options.Ranks, sampler.Options.Rank, sampler.Options.Seed));
    }

    [Fact]
    public void ChunkStore_InvalidSelector_ThrowsNamingIt()
    {
        using var folder = new TemporaryFolder();

        var exception = Assert.Throws<ArgumentNullException>(() => ChunkStore.OpenOrCreate(folder.Path, new ChunkStoreOptions { Selector = null! }));

        Assert.Equal(nameof(ChunkStoreOptions.Selector), exception.ParamName);
    }

    [Fact]
    public void ChunkStore_OptionsChangedAfterOpening_KeepsItsCopy()
    {
        using var folder = new TemporaryFolder();
        var options = new ChunkStoreOptions { FlushToDisk = true };
        ChunkStore store = ChunkStore.OpenOrCreate(folder.Path, options);

        options.FlushToDisk = false;
        options.VerifyContentHashOnRead = true;

        Assert.True(store.Options.FlushToDisk);
        Assert.False(store.Options.VerifyContentHashOnRead);
    }
}
