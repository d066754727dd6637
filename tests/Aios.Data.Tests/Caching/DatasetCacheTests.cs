using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
using Aios.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Data.Tests.Caching;

public sealed class DatasetCacheTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ReadsThroughTiers_FillsLocal_ThenHitsMemory()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        var local = new ChunkStoreTier(ChunkStore.OpenOrCreate(dataset.Combine("local")), "local");
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true });
        using var cache = new DatasetCache([local, origin], new DatasetCacheOptions { MemoryBytes = 1 << 30, MemoryPolicy = CachePolicy.Lru });
        var reader = new DatasetReader(dataset.Manifest, cache);
        foreach (DatasetChunk chunk in reader.Chunks)
        {
            ReadOnlyMemory<byte> first = await cache.GetAsync(chunk.Id, cancellationToken: Token);
            ReadOnlyMemory<byte> second = await cache.GetAsync(chunk.Id, cancellationToken: Token);
            Assert.True(first.Span.SequenceEqual(dataset.Expected(chunk)));
            Assert.True(second.Span.SequenceEqual(dataset.Expected(chunk)));
            Assert.True(local.Store.Contains(chunk.Id));
        }

        IReadOnlyList<CacheTierStatistics> statistics = cache.GetStatistics();
        int unique = reader.Chunks.Select(c => c.Id).Distinct().Count();
        Assert.Equal(["memory", "local", "origin"], statistics.Select(s => s.Tier));
        Assert.Equal(reader.Chunks.Count * 2 - unique, statistics[0].Hits);
        Assert.Equal(unique, statistics[2].Hits);
        Assert.Equal(unique, statistics[1].Writes);
        Assert.Equal(0, statistics[1].Hits);
    }

    [Fact]
    public async Task CorruptLocalChunk_IsServedFromTheOrigin_CountedAndRepaired()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        ChunkStore localStore = ChunkStore.OpenOrCreate(dataset.Combine("local"));
        var local = new ChunkStoreTier(localStore, "local");
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        var reader = new DatasetReader(dataset.Manifest, new DatasetCache([origin], new DatasetCacheOptions { MemoryBytes = 0 }));
        DatasetChunk victim = reader.Chunks[3];
        localStore.Write(dataset.Expected(victim));
        string path = localStore.GetChunkPath(victim.Id);
        byte[] file = File.ReadAllBytes(path);
        file[^1] ^= 0x20;
        File.WriteAllBytes(path, file);

        var logs = new CapturingLoggerFactory();
        using var cache = new DatasetCache([local, origin], new DatasetCacheOptions { MemoryBytes = 0, LoggerFactory = logs });
        ReadOnlyMemory<byte> content = await cache.GetAsync(victim.Id, cancellationToken: Token);
        CapturedLog found = Assert.Single(logs.WithEventId(4));
        Assert.Equal((LogLevel.Warning, "CorruptCopy"), (found.Level, found.EventId.Name));
        Assert.Equal($"Cache tier local holds a corrupt copy of chunk {victim.Id}; reading the tiers below", found.Message);
        Assert.Equal(victim.Id, Assert.IsType<ChunkCorruptException>(found.Exception).Id);
        CapturedLog repaired = Assert.Single(logs.WithEventId(5));
        Assert.Equal((LogLevel.Information, "CorruptCopyRepaired", null), (repaired.Level, repaired.EventId.Name, repaired.Exception));
        Assert.Equal($"The corrupt copy of chunk {victim.Id} in cache tier local was removed; a good copy came from tier origin (rewritten into local: True)", repaired.Message);
        Assert.True(content.Span.SequenceEqual(dataset.Expected(victim)));
        CacheTierStatistics localStatistics = cache.GetStatistics()[1];
        Assert.Equal(1, localStatistics.Corrupt);
        Assert.Equal(1, localStatistics.Writes);
        Assert.True(localStore.Read(victim.Id).AsSpan().SequenceEqual(dataset.Expected(victim)), "the local copy was rewritten");
        ReadOnlyMemory<byte> again = await cache.GetAsync(victim.Id, cancellationToken: Token);
        Assert.True(again.Span.SequenceEqual(dataset.Expected(victim)));
        Assert.Equal(1, cache.GetStatistics()[1].Hits);
    }

    [Fact]
    public async Task EveryTierCorrupt_Throws_NeverReturnsWrongBytes()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        ContentId id = dataset.Manifest.Files[0].Chunks[0].Id;
        string path = dataset.Origin.GetChunkPath(id);
        byte[] file = File.ReadAllBytes(path);
        file[40] ^= 1;
        File.WriteAllBytes(path, file);
        var logs = new CapturingLoggerFactory();
        using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true })], new DatasetCacheOptions { LoggerFactory = logs });
        ChunkCorruptException corrupt = await Assert.ThrowsAsync<ChunkCorruptException>(async () => await cache.GetAsync(id, cancellationToken: Token));
        Assert.Equal(id, corrupt.Id);
        CapturedLog none = Assert.Single(logs.WithEventId(6));
        Assert.Equal((LogLevel.Error, "NoGoodCopy"), (none.Level, none.EventId.Name));
        Assert.Same(corrupt, none.Exception);
        Assert.Equal($"No cache tier holds a good copy of chunk {id} (corrupt in origin); the read fails and the bad copies are left for inspection", none.Message);
        Assert.True(File.Exists(path), "a read-only origin is never deleted from");
        await Assert.ThrowsAsync<ChunkNotFoundException>(async () => await cache.GetAsync(ContentId.Compute([1, 2, 3]), cancellationToken: Token));
    }

    [Fact]
    public async Task MemoryBudget_NeverExceeded_UnderConcurrentReaders_AndEveryReadIsRight()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 6, cancellationToken: Token);
        long budget = dataset.TotalBytes / 3;
        foreach (CachePolicy policy in new[] { CachePolicy.Lru, CachePolicy.AdmitOnce, CachePolicy.Clairvoyant })
        {
            using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")], new DatasetCacheOptions { MemoryBytes = budget, MemoryPolicy = policy });
            var reader = new DatasetReader(dataset.Manifest, cache);
            if (policy == CachePolicy.Clairvoyant)
            {
                cache.SetSchedule(reader.CreateSchedule(reader.CreateSampler().GetSchedule(new SamplerPosition(0, 0), 3)));
            }

            using var done = new CancellationTokenSource();
            long maximum = 0;
            Task watcher = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    maximum = Math.Max(maximum, cache.MemoryUsedBytes);
                    await Task.Yield();
                }
            }, Token);
            int wrong = 0;
            await Parallel.ForAsync(0, 8, Token, async (worker, token) =>
            {
                var random = new Random(worker);
                for (int i = 0; i < 300; i++)
                {
                    DatasetChunk chunk = reader.Chunks[random.Next(reader.Chunks.Count)];
                    ReadOnlyMemory<byte> data = await cache.GetAsync(chunk.Id, i, token);
                    if (!data.Span.SequenceEqual(dataset.Expected(chunk)))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            });
            await done.CancelAsync();
            await watcher;
            Assert.Equal(0, wrong);
            Assert.True(maximum <= budget, $"{policy}: held {maximum} bytes against {budget}");
            Assert.True(cache.MemoryUsedBytes <= budget);
            Assert.True(cache.GetStatistics()[0].Hits > 0, $"{policy}: no memory hits");
        }
    }

    [Fact]
    public async Task PinnedChunks_AreNeverEvicted()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        long chunk = 16 * 1024;
        using var cache = new DatasetCache([new ChunkStoreTier(dataset.Origin, "origin")], new DatasetCacheOptions { MemoryBytes = chunk * 4, MemoryPolicy = CachePolicy.Lru });
        var reader = new DatasetReader(dataset.Manifest, cache);
        ContentId[] pinned = [reader.Chunks[0].Id, reader.Chunks[1].Id];
        foreach (ContentId id in pinned)
        {
            await cache.PinAsync(id, Token);
        }

        foreach (DatasetChunk other in reader.Chunks)
        {
            await cache.GetAsync(other.Id, cancellationToken: Token);
        }

        long hitsBefore = cache.GetStatistics()[0].Hits;
        foreach (ContentId id in pinned)
        {
            Assert.True(cache.IsPinned(id));
            await cache.GetAsync(id, cancellationToken: Token);
        }

        Assert.Equal(hitsBefore + 2, cache.GetStatistics()[0].Hits);
        await cache.PinAsync(reader.Chunks[2].Id, Token);
        await cache.PinAsync(reader.Chunks[3].Id, Token);
        InvalidOperationException full = await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.PinAsync(reader.Chunks[4].Id, Token));
        Assert.Contains("memory budget", full.Message, StringComparison.Ordinal);
        Assert.True(cache.Unpin(pinned[0]));
        Assert.False(cache.IsPinned(pinned[0]));
    }

    [Fact]
    public async Task LocalTierBudget_OnDiskBytesNeverExceedIt_AndSurvivesReopening()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        long budget = 200_000;
        ChunkStore localStore = ChunkStore.OpenOrCreate(dataset.Combine("local"));
        var local = new ChunkStoreTier(localStore, "local", new ChunkStoreTierOptions { CapacityBytes = budget, Policy = CachePolicy.Lru });
        using var cache = new DatasetCache([local, new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true })], new DatasetCacheOptions { MemoryBytes = 0 });
        // No prefetching, so that counting the files between reads sees a settled folder.
        var reader = new DatasetReader(dataset.Manifest, cache, new DatasetReaderOptions { PrefetchWindow = 0 });
        await foreach (DatasetChunkData data in reader.ReadEpochsAsync(reader.CreateSampler(), new SamplerPosition(0, 0), 2, Token))
        {
            Assert.True(data.Data.Span.SequenceEqual(dataset.Expected(data.Chunk)));
            Assert.True(OnDisk(localStore) <= budget, $"{OnDisk(localStore)} on disk, index {local.UsedBytes}, files {localStore.EnumerateChunkFiles().Count()}");
        }

        Assert.True(local.Evictions > 0);
        Assert.Equal(OnDisk(localStore), local.UsedBytes);
        var smaller = new ChunkStoreTier(localStore, "local", new ChunkStoreTierOptions { CapacityBytes = budget / 2 });
        Assert.True(OnDisk(localStore) <= budget / 2);
        Assert.Equal(OnDisk(localStore), smaller.UsedBytes);
    }

    [Fact]
    public async Task LocalTierBudget_ConcurrentReaders_SettleWithinIt_AndDiskMatchesTheIndex()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(cancellationToken: Token);
        long budget = 300_000;
        ChunkStore localStore = ChunkStore.OpenOrCreate(dataset.Combine("local"));
        var local = new ChunkStoreTier(localStore, "local", new ChunkStoreTierOptions { CapacityBytes = budget, Policy = CachePolicy.Lru });
        using var cache = new DatasetCache([local, new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true })], new DatasetCacheOptions { MemoryBytes = 0 });
        var reader = new DatasetReader(dataset.Manifest, cache, new DatasetReaderOptions { PrefetchWindow = 8 });
        int wrong = 0;
        await Parallel.ForAsync(0, 4, Token, async (worker, token) =>
        {
            EpochSampler sampler = reader.CreateSampler(new EpochSamplerOptions { Seed = (ulong)worker });
            await foreach (DatasetChunkData data in reader.ReadEpochsAsync(sampler, new SamplerPosition(0, 0), 2, token))
            {
                if (!data.Data.Span.SequenceEqual(dataset.Expected(data.Chunk)))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        Assert.Equal(0, wrong);
        Assert.True(local.UsedBytes <= budget);
        Assert.Equal(OnDisk(localStore), local.UsedBytes);
        Assert.True(local.Evictions > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConcurrentMissesOfOneChunk_GoDownTheTiersOnce(bool intoBuffers)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var gated = new GatedTier(new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true }));
        using var cache = new DatasetCache([gated], new DatasetCacheOptions { MemoryBytes = 0 });
        DatasetChunk chunk = new DatasetReader(dataset.Manifest, cache).Chunks[0];

        // Each call runs synchronously up to its first wait: the first reader's up to the closed gate inside the tier,
        // the others' up to joining that fetch. So when the loop ends all eight are waiting, whatever the machine's speed.
        Task<byte[]>[] readers = [.. Enumerable.Range(0, 8).Select(_ => ReadOneAsync())];
        Assert.Equal(8, cache.GetStatistics()[0].Misses);
        Assert.All(readers, r => Assert.False(r.IsCompleted));
        gated.Open();
        byte[][] results = await Task.WhenAll(readers);
        Assert.All(results, r => Assert.True(r.AsSpan().SequenceEqual(dataset.Expected(chunk))));
        Assert.Equal(1, gated.Reads);

        async Task<byte[]> ReadOneAsync()
        {
            if (intoBuffers)
            {
                var buffer = new byte[chunk.Length];
                await cache.ReadAsync(chunk.Id, buffer, cancellationToken: Token);
                return buffer;
            }

            return (await cache.GetAsync(chunk.Id, cancellationToken: Token)).ToArray();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TransientTierFailure_MarksItUnavailable_LogsItWithTheException_AndItsReturn(bool intoBuffers)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerFactory();
        var failure = new IOException("the share is gone");
        var flaky = new ScriptedTier("share", () => throw failure);
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        using var cache = new DatasetCache([flaky, origin], new DatasetCacheOptions { MemoryBytes = 0, TimeProvider = clock, RetryUnavailableAfter = TimeSpan.FromSeconds(5), LoggerFactory = logs });
        DatasetChunk[] chunks = [.. new DatasetReader(dataset.Manifest, cache).Chunks];

        await AssertReadsAsync(cache, dataset, chunks[0], intoBuffers);
        await AssertReadsAsync(cache, dataset, chunks[1], intoBuffers);
        clock.Advance(TimeSpan.FromSeconds(5));
        flaky.Behaviour = static () => ValueTask.FromResult<TierChunk?>(null);
        await AssertReadsAsync(cache, dataset, chunks[2], intoBuffers);

        CacheTierStatistics statistics = cache.GetStatistics()[1];
        Assert.Equal((1, 1, 1), (statistics.Errors, statistics.Skipped, statistics.Misses));
        CapturedLog unavailable = Assert.Single(logs.WithEventId(1));
        Assert.Equal(LogLevel.Warning, unavailable.Level);
        Assert.Equal("TierUnavailable", unavailable.EventId.Name);
        Assert.Same(failure, unavailable.Exception);
        Assert.Equal("Cache tier share is unavailable; it is skipped for 00:00:05 and the tiers below serve its reads", unavailable.Message);
        Assert.Equal("Aios.Data.Caching.DatasetCache", unavailable.Category);
        CapturedLog available = Assert.Single(logs.WithEventId(2));
        Assert.Equal(LogLevel.Information, available.Level);
        Assert.Equal("Cache tier share is available again", available.Message);
        Assert.Null(available.Exception);
    }

    [Fact]
    public async Task TierFailingAgainOnRetry_IsLoggedAtDebug_NotAsANewOutage()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerFactory();
        var flaky = new ScriptedTier("redis", static () => throw new TimeoutException("no answer"));
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        using var cache = new DatasetCache([flaky, origin], new DatasetCacheOptions { MemoryBytes = 0, TimeProvider = clock, LoggerFactory = logs });
        DatasetChunk[] chunks = [.. new DatasetReader(dataset.Manifest, cache).Chunks];

        await AssertReadsAsync(cache, dataset, chunks[0], intoBuffers: false);
        clock.Advance(cache.Options.RetryUnavailableAfter);
        await AssertReadsAsync(cache, dataset, chunks[1], intoBuffers: false);

        Assert.Single(logs.WithEventId(1));
        CapturedLog again = Assert.Single(logs.WithEventId(3));
        Assert.Equal(LogLevel.Debug, again.Level);
        Assert.IsType<TimeoutException>(again.Exception);
        Assert.Empty(logs.WithEventId(2));
        Assert.Equal(2, cache.GetStatistics()[1].Errors);
    }

#pragma warning disable CA2201 // The test stands in for a tier's bug: a NullReferenceException is exactly what one throws.
    public static TheoryData<Exception, bool> Bugs => new()
    {
        { new NullReferenceException("a bug"), true },
        { new NullReferenceException("a bug"), false },
        { new ArgumentException("misuse", "id"), true },
        { new ArgumentException("misuse", "id"), false },
        { new InvalidOperationException("misuse"), true },
        { new InvalidOperationException("misuse"), false },
        { new InvalidDataException("a decoder bug"), false },
    };
#pragma warning restore CA2201

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task NonTransientTierFailure_Propagates_AndTheTierStaysAvailable(Exception bug, bool intoBuffers)
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var logs = new CapturingLoggerFactory();
        var buggy = new ScriptedTier("local", () => throw bug);
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        using var cache = new DatasetCache([buggy, origin], new DatasetCacheOptions { MemoryBytes = 0, LoggerFactory = logs });
        DatasetChunk chunk = new DatasetReader(dataset.Manifest, cache).Chunks[0];

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            if (intoBuffers)
            {
                await cache.ReadAsync(chunk.Id, new byte[chunk.Length], cancellationToken: Token);
            }
            else
            {
                await cache.GetAsync(chunk.Id, cancellationToken: Token);
            }
        });

        Assert.Same(bug, thrown);
        Assert.Equal((0, 0), (cache.GetStatistics()[1].Errors, cache.GetStatistics()[2].Hits));
        Assert.Empty(logs.WithEventId(1));
    }

    [Fact]
    public async Task CancelledRead_Propagates_AndDoesNotMarkTheTierUnavailable()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var logs = new CapturingLoggerFactory();
        var gate = new TaskCompletionSource<TierChunk?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var waiting = new ScriptedTier("remote", () => new ValueTask<TierChunk?>(gate.Task.WaitAsync(stop.Token)));
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        using var cache = new DatasetCache([waiting, origin], new DatasetCacheOptions { MemoryBytes = 0, LoggerFactory = logs });
        DatasetChunk chunk = new DatasetReader(dataset.Manifest, cache).Chunks[0];

        Task read = cache.ReadAsync(chunk.Id, new byte[chunk.Length], cancellationToken: stop.Token).AsTask();
        Assert.False(read.IsCompleted);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Equal((0, 0), (cache.GetStatistics()[1].Errors, cache.GetStatistics()[2].Hits));
        Assert.Empty(logs.Records);
    }

    [Fact]
    public async Task ClientTimeoutAsCancellation_NotAskedForByTheCaller_IsTransient()
    {
        using PackedDataset dataset = await PackedDataset.CreateAsync(files: 1, cancellationToken: Token);
        var timedOut = new ScriptedTier("remote", static () => throw new TaskCanceledException("the client's own timeout"));
        var origin = new ChunkStoreTier(dataset.Origin, "origin", new ChunkStoreTierOptions { ReadOnly = true });
        using var cache = new DatasetCache([timedOut, origin], new DatasetCacheOptions { MemoryBytes = 0 });
        DatasetChunk chunk = new DatasetReader(dataset.Manifest, cache).Chunks[0];

        await AssertReadsAsync(cache, dataset, chunk, intoBuffers: true);

        Assert.Equal(1, cache.GetStatistics()[1].Errors);
    }

    private static async Task AssertReadsAsync(DatasetCache cache, PackedDataset dataset, DatasetChunk chunk, bool intoBuffers)
    {
        if (intoBuffers)
        {
            var buffer = new byte[chunk.Length];
            int length = await cache.ReadAsync(chunk.Id, buffer, cancellationToken: Token);
            Assert.True(buffer.AsSpan(0, length).SequenceEqual(dataset.Expected(chunk)));
        }
        else
        {
            Assert.True((await cache.GetAsync(chunk.Id, cancellationToken: Token)).Span.SequenceEqual(dataset.Expected(chunk)));
        }
    }

    /// <summary>A tier whose reads do what the test says (throw, miss, wait); it never takes writes.</summary>
    private sealed class ScriptedTier(string name, Func<ValueTask<TierChunk?>> behaviour) : ChunkTier(name)
    {
        public Func<ValueTask<TierChunk?>> Behaviour { get; set; } = behaviour;

        public override ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken) => Behaviour();

        public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }

    /// <summary>A real store tier whose reads wait until the test opens the gate.</summary>
    private sealed class GatedTier(ChunkStoreTier inner) : ChunkTier(inner.Name)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public void Open() => _gate.TrySetResult();

        public override async ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await _gate.Task.WaitAsync(cancellationToken);
            return await inner.ReadAsync(id, position, cancellationToken);
        }

        public override async ValueTask<(int Length, TierChunk? Chunk)> ReadIntoAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            await _gate.Task.WaitAsync(cancellationToken);
            return await inner.ReadIntoAsync(id, destination, position, cancellationToken);
        }

        public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new DatasetCache([]));
        using var folder = new Storage.TemporaryFolder();
        var tier = new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path), "local");
        Assert.Throws<ArgumentException>(() => new DatasetCache([tier, tier]));
        Assert.Equal("MemoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetCache([tier], new DatasetCacheOptions { MemoryBytes = -1 })).ParamName);
        Assert.Equal("CapacityBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkStoreTier(ChunkStore.OpenOrCreate(folder.Path), "x", new ChunkStoreTierOptions { CapacityBytes = -5 })).ParamName);
    }

    private static long OnDisk(ChunkStore store) => store.EnumerateChunkFiles().Sum(f => f.Value);
}
