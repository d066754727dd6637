using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;

namespace Aios.Data.Tests.Caching;

public sealed class EpochMissCounterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task NoMemoryTier_EveryReadOfEveryEpochMisses(int prefetch)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 2, cancellationToken: Token);
        int chunks = dataset.Manifest.Files.Sum(f => f.Chunks.Count);
        var counter = new EpochMissCounter(new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true }), chunks, 3, prefetch);
        using var cache = new DatasetCache([counter], new DatasetCacheOptions { MemoryBytes = 0 });
        var reader = new DatasetReader(dataset.Manifest, cache, new DatasetReaderOptions { PrefetchWindow = prefetch });

        await foreach (DatasetChunkData _ in reader.ReadEpochsAsync(reader.CreateSampler(new EpochSamplerOptions { Seed = 3 }), new SamplerPosition(0, 0), 3, Token))
        {
        }

        // Without prefetch every read is one tier read. With a window, two reads of one chunk that are in flight together
        // (a chunk at the end of one epoch and the start of the next) share one fetch: at most one per window slot.
        long[] misses = [.. Enumerable.Range(0, 3).Select(counter.GetMisses)];
        if (prefetch == 0)
        {
            Assert.Equal([(long)chunks, chunks, chunks], misses);
        }
        else
        {
            Assert.All(misses, m => Assert.InRange(m, chunks - prefetch, chunks));
        }

        Assert.Equal("origin", counter.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task MemoryHoldsTheDataset_OnlyTheFirstEpochMisses_EachDistinctChunkOnce(int prefetch)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 3, cancellationToken: Token);
        int chunks = dataset.Manifest.Files.Sum(f => f.Chunks.Count);
        int distinct = dataset.Manifest.Files.SelectMany(f => f.Chunks).Select(c => c.Id).Distinct().Count();
        var counter = new EpochMissCounter(new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true }), chunks, 4, prefetch);
        using var cache = new DatasetCache([counter], new DatasetCacheOptions { MemoryBytes = 1L << 30, MemoryPolicy = CachePolicy.AdmitOnce });
        var reader = new DatasetReader(dataset.Manifest, cache, new DatasetReaderOptions { PrefetchWindow = prefetch });

        await foreach (DatasetChunkData _ in reader.ReadEpochsAsync(reader.CreateSampler(new EpochSamplerOptions { Seed = 5 }), new SamplerPosition(0, 0), 4, Token))
        {
        }

        Assert.Equal([distinct, 0, 0, 0], Enumerable.Range(0, 4).Select(counter.GetMisses));
    }

    [Fact]
    public async Task UnscheduledReads_AreNotCounted_AndCallsReachTheWrappedTier()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var inner = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        var counter = new EpochMissCounter(inner, 4, 1, 0);
        using var cache = new DatasetCache([counter], new DatasetCacheOptions { MemoryBytes = 0 });
        ContentId id = dataset.Manifest.Files[0].Chunks[0].Id;

        ReadOnlyMemory<byte> content = await cache.GetAsync(id, cancellationToken: Token);

        Assert.True(content.Span.SequenceEqual(dataset.Origin.Read(id)));
        Assert.Equal(0, counter.GetMisses(0));
        Assert.Same(inner, counter.Inner);
        Assert.False(counter.IsWritable);
        Assert.True(counter.IsTransient(new IOException("share gone")));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        using var folder = new Storage.TemporaryFolder();
        var inner = new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path));
        Assert.Throws<ArgumentNullException>("inner", () => new EpochMissCounter(null!, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>("readsPerEpoch", () => new EpochMissCounter(inner, 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>("epochs", () => new EpochMissCounter(inner, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>("prefetchWindow", () => new EpochMissCounter(inner, 1, 1, -1));
        var counter = new EpochMissCounter(inner, 1, 2, 0);
        Assert.Throws<ArgumentOutOfRangeException>("epoch", () => counter.GetMisses(2));
        Assert.Throws<ArgumentOutOfRangeException>("epoch", () => counter.GetMisses(-1));
    }
}
