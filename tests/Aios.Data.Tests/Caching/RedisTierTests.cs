using System.Text;
using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
using Aios.Testing;
using Aios.Testing.Logging;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Aios.Data.Tests.Caching;

/// <summary>The shared tier against a real redis-server started by each test (skipped when none is installed).</summary>
public sealed class RedisTierTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RedisCache Connect(RedisServer server) => new(new RedisCacheOptions { ConfigurationOptions = ConfigurationOptions.Parse(server.Configuration) });

    [Fact]
    public async Task TwoMachines_ShareChunksThroughRedis()
    {
        using RedisServer server = RedisServer.StartOrSkip();
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        using RedisCache first = Connect(server);
        using var machineA = new DatasetCache([new DistributedCacheTier(first, "redis"), new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true })], new DatasetCacheOptions { MemoryBytes = 0 });
        var readerA = new DatasetReader(dataset.Manifest, machineA);
        await foreach (DatasetChunkData data in readerA.ReadAsync([.. Enumerable.Range(0, readerA.Chunks.Count)], Token))
        {
            Assert.True(data.Data.Span.SequenceEqual(dataset.Expected(data.Chunk)));
        }

        int unique = readerA.Chunks.Select(c => c.Id).Distinct().Count();
        Assert.Equal(unique, machineA.GetStatistics()[1].Writes);

        // Machine B's own origin is empty: every chunk must come from Redis.
        using RedisCache second = Connect(server);
        using var emptyOrigin = new Storage.TemporaryFolder();
        using var machineB = new DatasetCache([new DistributedCacheTier(second, "redis"), new ChunkStoreTier(ChunkStore.OpenOrCreate(emptyOrigin.Path), "origin")], new DatasetCacheOptions { MemoryBytes = 0 });
        var readerB = new DatasetReader(dataset.Manifest, machineB);
        await foreach (DatasetChunkData data in readerB.ReadAsync([.. Enumerable.Range(0, readerB.Chunks.Count)], Token))
        {
            Assert.True(data.Data.Span.SequenceEqual(dataset.Expected(data.Chunk)));
        }

        Assert.Equal(readerB.Chunks.Count, machineB.GetStatistics()[1].Hits);
        Assert.Equal(0, machineB.GetStatistics()[2].Hits);
    }

    [Fact]
    public async Task CorruptOrSwappedValues_AreRefetchedFromTheOrigin_ReportedAndReplaced()
    {
        using RedisServer server = RedisServer.StartOrSkip();
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 2, cancellationToken: Token);
        using RedisCache redis = Connect(server);
        var tier = new DistributedCacheTier(redis, "redis");
        using var cache = new DatasetCache([tier, new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true })], new DatasetCacheOptions { MemoryBytes = 0 });
        var reader = new DatasetReader(dataset.Manifest, cache);
        DatasetChunk garbled = reader.Chunks[0];
        DatasetChunk swapped = reader.Chunks[1];
        DatasetChunk other = reader.Chunks[2];

        // Garbage under one key; under another, a perfectly valid image of a different chunk (only SHA-256 can tell).
        // RedisCache keeps a value in the "data" field of a hash: garble that field behind the client's back.
        await redis.SetAsync(tier.GetKey(garbled.Id), ChunkFile.Encode(dataset.Expected(garbled)), new DistributedCacheEntryOptions(), Token);
        Assert.Equal(":0", server.Command("HSET"u8.ToArray(), Encoding.ASCII.GetBytes(tier.GetKey(garbled.Id)), "data"u8.ToArray(), "not a chunk at all"u8.ToArray()));
        await redis.SetAsync(tier.GetKey(swapped.Id), ChunkFile.Encode(dataset.Expected(other)), new DistributedCacheEntryOptions(), Token);

        foreach (DatasetChunk chunk in new[] { garbled, swapped })
        {
            ReadOnlyMemory<byte> data = await cache.GetAsync(chunk.Id, cancellationToken: Token);
            Assert.True(data.Span.SequenceEqual(dataset.Expected(chunk)));
        }

        CacheTierStatistics statistics = cache.GetStatistics()[1];
        Assert.Equal(2, statistics.Corrupt);
        Assert.Equal(2, statistics.Writes);
        foreach (DatasetChunk chunk in new[] { garbled, swapped })
        {
            byte[]? repaired = await redis.GetAsync(tier.GetKey(chunk.Id), Token);
            Assert.NotNull(repaired);
            Assert.True(ChunkFile.Decode(chunk.Id, repaired, "test", verifyContentHash: true).AsSpan().SequenceEqual(dataset.Expected(chunk)));
        }
    }

    /// <summary>
    /// Four epochs through [redis, origin] with no memory tier and no prefetch; the server is killed during epoch 2 and
    /// started again (empty) at the end of epoch 2. The skip window runs on a fake clock that the test advances once the
    /// server answers, so what happens does not depend on the machine's speed: exactly one failed call, the rest of
    /// epoch 2 from the origin, epoch 3 refills Redis from its first read and epoch 4 hits it for every chunk.
    /// </summary>
    [Fact]
    public async Task ServerStoppedAndRestartedMidRead_ReadsFallBackToTheOrigin_NothingLost()
    {
        using RedisServer server = RedisServer.StartOrSkip();
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        using RedisCache redis = Connect(server);
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerFactory();
        using var cache = new DatasetCache(
            [new DistributedCacheTier(redis, "redis"), new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true })],
            new DatasetCacheOptions { MemoryBytes = 0, RetryUnavailableAfter = TimeSpan.FromSeconds(1), TimeProvider = clock, LoggerFactory = logs });
        var reader = new DatasetReader(dataset.Manifest, cache, new DatasetReaderOptions { PrefetchWindow = 0 });
        EpochSampler sampler = reader.CreateSampler(new EpochSamplerOptions { Seed = 9 });
        int perEpoch = sampler.ItemsPerEpoch;
        long delivered = 0;
        long hitsBeforeEpoch4 = -1;
        await foreach (DatasetChunkData data in reader.ReadEpochsAsync(sampler, new SamplerPosition(0, 0), 4, Token))
        {
            Assert.True(data.Data.Span.SequenceEqual(dataset.Expected(data.Chunk)), $"wrong bytes at position {data.Position}");
            delivered += data.Data.Length;
            if (data.Sample is { Epoch: 1, Offset: 2 })
            {
                server.Stop();
            }
            else if (data.Sample is { Epoch: 1 } && data.Sample.Offset == perEpoch - 1)
            {
                server.Start();
                await WaitUntilReachableAsync(redis);
                clock.Advance(TimeSpan.FromSeconds(1)); // the skip window is over: epoch 3's first read tries Redis again
            }
            else if (data.Sample is { Epoch: 2 } && data.Sample.Offset == perEpoch - 1)
            {
                hitsBeforeEpoch4 = cache.GetStatistics()[1].Hits;
            }
        }

        CacheTierStatistics statistics = cache.GetStatistics()[1];
        Assert.Equal(dataset.TotalBytes * 4, delivered);
        Assert.Equal(1, statistics.Errors);
        Assert.Equal(perEpoch - 4, statistics.Skipped);
        Assert.Equal(perEpoch + (perEpoch - 3) + perEpoch, cache.GetStatistics()[2].Hits);
        Assert.Equal(perEpoch, statistics.Hits - hitsBeforeEpoch4);
        CapturedLog down = Assert.Single(logs.WithEventId(1));
        Assert.Equal(LogLevel.Warning, down.Level);
        Assert.NotNull(down.Exception);
        Assert.Single(logs.WithEventId(2));
    }

    private static async Task WaitUntilReachableAsync(RedisCache redis)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await redis.SetAsync("aios:probe", [1], new DistributedCacheEntryOptions(), Token);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Token);
            }
        }
    }
}
