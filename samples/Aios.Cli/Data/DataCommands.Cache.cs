using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace Aios.Cli.Data;

internal static partial class DataCommands
{
    private const string PolicyNames = "lru, admit-once (alias minio) or clairvoyant";

    private static Command CreateCacheSim(CliConsole console)
    {
        var chunks = new Option<int>("--dataset-chunks") { Description = "The dataset's chunks (items the sampler shuffles), ≥ 1.", Required = true };
        var fraction = new Option<double>("--cache-fraction") { Description = "The cache's size as a share of the dataset, in [0, 1] (it holds ⌊f·N⌋ chunks).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "The epochs replayed, ≥ 1 (the first is cold).", Required = true };
        var policy = new Option<string>("--policy") { Description = "lru, admit-once (admit while there is room, never evict; CoorDL's MinIO cache, alias minio) or clairvoyant (Belady's MIN over the sampler's schedule).", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "The sampler's seed (the shuffle of every epoch follows from it).", DefaultValueFactory = _ => 0 };
        var jobs = new Option<int>("--jobs") { Description = "Jobs sharing the cache (e.g. a hyperparameter sweep), 1–1024, each shuffling with its own seed (S, S+1, …), reads interleaved.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (policy, hitRate, hitRatePerEpoch, cacheChunks, hits, accesses, evictions, ...)." };
        var command = new Command(
            "cache-sim",
            "Replay a seeded shuffled-epoch sampler's reads against a cache policy and report the hit rate of each epoch: the chunk-count model of 'aios data read', without the bytes.")
        {
            chunks, fraction, epochs, policy, seed, jobs, json,
        };
        command.SetAction(result => Guarded(console, () => CacheSim(
            console, result.GetValue(chunks), result.GetValue(fraction), result.GetValue(epochs), result.GetValue(policy)!, result.GetValue(seed), result.GetValue(jobs), result.GetValue(json))));
        return command;
    }

    private static Command CreateRead(CliConsole console)
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "The manifest id (or a unique prefix of at least 8 characters), looked up in --store, then in --remote-folder." };
        var store = new Option<string>("--store") { Description = "The local chunk store (tier \"local\"): a packed store, or with --remote-folder a cache filled from it (created when absent).", Required = true };
        var remote = new Option<string?>("--remote") { Description = "A shared Redis-protocol server below the local store (tier \"redis\"), as redis://HOST:PORT." };
        var remoteFolder = new Option<string?>("--remote-folder") { Description = "The origin: a packed store read-only (tier \"remote-folder\"); the tiers above fill from it." };
        var epochs = new Option<int>("--epochs") { Description = "The epochs to read, ≥ 1.", Required = true };
        var cacheBytes = new Option<string>("--cache-bytes") { Description = "The memory tier's budget of decoded chunks (e.g. 256MiB; 0 for none).", DefaultValueFactory = _ => "256MiB" };
        var policy = new Option<string>("--policy") { Description = "The memory tier's policy: lru, admit-once (alias minio) or clairvoyant (handed the sampler's schedule).", DefaultValueFactory = _ => "clairvoyant" };
        var seed = new Option<ulong>("--seed") { Description = "The sampler's seed.", DefaultValueFactory = _ => 0 };
        var prefetch = new Option<int>("--prefetch") { Description = "Chunks fetched ahead of the one being read, ≥ 0 (they are fetched concurrently).", DefaultValueFactory = _ => new DatasetReaderOptions().PrefetchWindow };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (bytesRead, seconds, throughputBytesPerSecond, stallSeconds, tiers, hitRatePerEpoch, ...)." };
        var command = new Command(
            "read",
            "Read a packed dataset for some epochs in shuffled order through the dataset cache and report throughput, stall time and each tier's hits. "
            + "The tiers, in reading order: memory (--cache-bytes, --policy) → the local store (--store) → a Redis server (--remote) → a read-only origin folder (--remote-folder); "
            + "a chunk found in one tier fills the writable tiers above it. Every chunk is verified, and the bytes read must equal the dataset's size × epochs.")
        {
            manifest, store, remote, remoteFolder, epochs, cacheBytes, policy, seed, prefetch, json,
        };
        command.SetAction((result, cancellationToken) => GuardedWithSignalsAsync(console, token => ReadAsync(
            console,
            new ReadRequest(
                result.GetValue(manifest)!,
                result.GetValue(store)!,
                result.GetValue(remote),
                result.GetValue(remoteFolder),
                result.GetValue(epochs),
                result.GetValue(cacheBytes)!,
                result.GetValue(policy)!,
                result.GetValue(seed),
                result.GetValue(prefetch),
                result.GetValue(json)),
            token), InterruptedMessage, cancellationToken));
        return command;
    }

    private static async Task<int> GuardedAsync(CliConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return console.Fail(exception.Message);
        }
    }

    private static int CacheSim(CliConsole console, int chunks, double fraction, int epochs, string policyText, ulong seed, int jobs, bool json)
    {
        if (jobs is < 1 or > 1024)
        {
            return console.Fail($"--jobs must be in [1, 1024] (got {jobs})");
        }

        if (chunks < 1)
        {
            return console.Fail($"--dataset-chunks must be at least 1 (got {chunks})");
        }

        if (!(fraction is >= 0 and <= 1))
        {
            return console.Fail(string.Create(CultureInfo.InvariantCulture, $"--cache-fraction must be in [0, 1] (got {fraction})"));
        }

        if (epochs < 1)
        {
            return console.Fail($"--epochs must be at least 1 (got {epochs})");
        }

        if ((long)chunks * epochs * jobs > Array.MaxLength)
        {
            return console.Fail($"--dataset-chunks × --epochs × --jobs must be at most {Array.MaxLength} reads (got {chunks} × {epochs} × {jobs})");
        }

        if (!TryParsePolicy(policyText, out CachePolicy policy))
        {
            return console.Fail($"--policy must be {PolicyNames} (got '{policyText}')");
        }

        EpochSampler[] samplers = [.. Enumerable.Range(0, jobs).Select(j => new EpochSampler(chunks, new EpochSamplerOptions { Seed = seed + (ulong)j }))];
        CacheSimulation simulation = CacheSimulator.Run(samplers, epochs, fraction, policy);
        var output = new CacheSimOutput(
            FormatPolicy(policyText), simulation.HitRate, simulation.HitRatePerEpoch, chunks, fraction, simulation.Capacity, epochs, seed, simulation.Hits, simulation.Accesses, simulation.Evictions, jobs);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.CacheSimOutput));
            return 0;
        }

        TextWriter o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{output.Policy}: {chunks} chunks shuffled anew each epoch (seed {seed}{(jobs > 1 ? $"; {jobs} jobs sharing the cache, seeds {seed}…{seed + (ulong)jobs - 1}" : "")}), a cache of {simulation.Capacity} chunks ({fraction:P1}), {epochs} epochs"));
        o.WriteLine();
        o.WriteLine("   epoch  hit rate");
        for (int e = 0; e < simulation.HitRatePerEpoch.Count; e++)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {e + 1,5}  {simulation.HitRatePerEpoch[e],8:P2}{(e == 0 ? "  (cold)" : "")}"));
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     all  {simulation.HitRate,8:P2}  ({simulation.Hits} hits of {simulation.Accesses} reads, {simulation.Evictions} evictions)"));
        return 0;
    }

    private static async Task<int> ReadAsync(CliConsole console, ReadRequest request, CancellationToken cancellationToken)
    {
        if (request.Epochs < 1)
        {
            return console.Fail($"--epochs must be at least 1 (got {request.Epochs})");
        }

        if (!ByteSize.TryParse(request.CacheBytes, out long cacheBytes))
        {
            return console.Fail($"--cache-bytes must be a size such as 256MiB, 64KiB or 0 (got '{request.CacheBytes}')");
        }

        if (!TryParsePolicy(request.Policy, out CachePolicy policy))
        {
            return console.Fail($"--policy must be {PolicyNames} (got '{request.Policy}')");
        }

        if (request.Prefetch < 0)
        {
            return console.Fail($"--prefetch must be at least 0 chunks (got {request.Prefetch})");
        }

        (string Host, int Port)? redis = null;
        if (request.Remote is not null)
        {
            if (!TryParseRedisUrl(request.Remote, out (string Host, int Port) endpoint, out string? urlProblem))
            {
                return console.Fail(urlProblem!);
            }

            redis = endpoint;
        }

        ChunkStore? origin = null;
        ChunkStore? local;
        if (request.RemoteFolder is not null)
        {
            if (!TryOpenExisting(console, request.RemoteFolder, out origin, out int failure))
            {
                return failure;
            }

            local = ChunkStore.OpenOrCreate(request.Store);
        }
        else if (!TryOpenExisting(console, request.Store, out local, out int failure))
        {
            return failure;
        }

        ChunkStore source = local;
        if (!TryFindManifest(local, request.Manifest, out ContentId id, out string? problem))
        {
            if (origin is null || !TryFindManifest(origin, request.Manifest, out id, out _))
            {
                return console.Fail(origin is null ? problem! : $"{problem!} (nor in the remote folder)");
            }

            source = origin;
        }

        DatasetManifest dataset = source.ReadManifest(id);
        int chunkCount = dataset.Files.Sum(f => f.Chunks.Count);
        if (chunkCount == 0)
        {
            return console.Fail($"manifest {id} holds no chunks: there is nothing to read");
        }

        if ((long)chunkCount * request.Epochs > Array.MaxLength)
        {
            return console.Fail($"--epochs must be at most {Array.MaxLength / chunkCount} for this dataset of {chunkCount} chunks (got {request.Epochs})");
        }

        // Without a tier below, --store is the dataset's only copy: read-only, so a bad chunk is reported, never deleted.
        bool onlyCopy = origin is null && request.Remote is null;
        var counter = new EpochMissCounter(
            new ChunkStoreTier(local, "local", new ChunkStoreTierOptions { ReadOnly = onlyCopy }), chunkCount, request.Epochs, request.Prefetch);
        var tiers = new List<ChunkTier> { counter };
        using RedisCache? redisCache = redis is { } server ? CreateRedisCache(server.Host, server.Port) : null;
        if (redisCache is not null)
        {
            tiers.Add(new DistributedCacheTier(redisCache, "redis"));
        }

        if (origin is not null)
        {
            tiers.Add(new ChunkStoreTier(origin, "remote-folder", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true }));
        }

        using var cache = new DatasetCache(tiers, new DatasetCacheOptions { MemoryBytes = cacheBytes, MemoryPolicy = policy });
        var reader = new DatasetReader(dataset, cache, new DatasetReaderOptions { PrefetchWindow = request.Prefetch });
        EpochSampler sampler = reader.CreateSampler(new EpochSamplerOptions { Seed = request.Seed });
        long bytesRead = 0;
        long started = Stopwatch.GetTimestamp();
        ChunkCorruptException? corrupt = null;
        try
        {
            await foreach (DatasetChunkData chunk in reader.ReadEpochsAsync(sampler, new SamplerPosition(0, 0), request.Epochs, cancellationToken).ConfigureAwait(false))
            {
                if (chunk.Data.Length != chunk.Chunk.Length)
                {
                    return console.Fail($"chunk {chunk.Chunk.Id} of '{chunk.Chunk.File}' came back with {chunk.Data.Length} bytes; the manifest says {chunk.Chunk.Length}");
                }

                bytesRead += chunk.Data.Length;
            }
        }
        catch (ChunkCorruptException exception)
        {
            // No tier held a good copy: the read stops (never a wrong byte), and the report below shows what was read
            // and where the bad copies were counted; exit 2 as for unpack and verify.
            corrupt = exception;
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long expected = dataset.TotalLength * request.Epochs;
        if (corrupt is null && bytesRead != expected)
        {
            return console.Fail($"read {bytesRead} bytes, but {request.Epochs} epochs of the dataset's {dataset.TotalLength} bytes are {expected}");
        }

        DatasetReaderStatistics statistics = reader.GetStatistics();
        var perEpoch = new double[request.Epochs];
        for (int e = 0; e < perEpoch.Length; e++)
        {
            perEpoch[e] = (double)(chunkCount - counter.GetMisses(e)) / chunkCount;
        }

        var output = new ReadOutput(
            id.ToString(),
            request.Epochs,
            chunkCount,
            dataset.TotalLength,
            dataset.TotalLength,
            statistics.Chunks,
            bytesRead,
            Math.Round(seconds, 6),
            seconds > 0 ? Math.Round(bytesRead / seconds) : 0,
            Math.Round(statistics.StallTime.TotalSeconds, 6),
            FormatPolicy(request.Policy),
            cacheBytes,
            request.Prefetch,
            request.Seed,
            statistics.MaxPrefetchedBytes,
            [.. cache.GetStatistics().Select(s => new ReadTier(s.Tier, s.Hits, s.Misses, s.Corrupt, s.Errors, s.Skipped, s.HitRate, s.BytesRead, s.Writes, s.Evictions, s.UsedBytes, s.CapacityBytes))],
            perEpoch);
        if (request.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.ReadOutput));
        }
        else
        {
            WriteRead(console.Out, output);
        }

        if (corrupt is not null)
        {
            console.Fail($"{corrupt.Message} The read stopped after {bytesRead} bytes.");
            return DataCommands.CorruptExitCode;
        }

        return 0;
    }

    private static void WriteRead(TextWriter o, ReadOutput output)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {output.Epochs} epochs of {output.Manifest[..12]}… ({output.Chunks} chunks, {ByteSize.Format(output.BytesPerEpoch)} per epoch): {ByteSize.Format(output.BytesRead)} in {output.Seconds:F2} s, {ByteSize.Format(output.ThroughputBytesPerSecond)}/s, stalled {output.StallSeconds:F3} s (every chunk verified)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory {ByteSize.Format(output.CacheBytes)} ({output.Policy}), prefetch {output.Prefetch} chunks, seed {output.Seed}"));
        o.WriteLine();
        o.WriteLine("   tier               hits    misses  corrupt  errors  hit rate         read    writes  evictions        used    capacity");
        foreach (ReadTier tier in output.Tiers)
        {
            string capacity = tier.CapacityBytes is long bytes ? ByteSize.Format(bytes) : "-";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {tier.Tier,-14} {tier.Hits,8} {tier.Misses,9} {tier.Corrupt,8} {tier.Errors,7} {tier.HitRate,9:P1} {ByteSize.Format(tier.BytesRead),12} {tier.Writes,9} {tier.Evictions,10} {ByteSize.Format(tier.UsedBytes),11} {capacity,11}"));
        }

        o.WriteLine();
        o.WriteLine("memory hit rate per epoch: " + string.Join(", ", output.HitRatePerEpoch.Select(r => r.ToString("P1", CultureInfo.InvariantCulture))));
    }

    private static RedisCache CreateRedisCache(string host, int port)
    {
        // Fail fast and keep reconnecting in the background: the cache skips an unreachable tier and reads the next one.
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 1000,
            SyncTimeout = 1000,
            AsyncTimeout = 1000,
            ConnectRetry = 0,
        };
        configuration.EndPoints.Add(host, port);
        return new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions { ConfigurationOptions = configuration }));
    }

    private static bool TryParseRedisUrl(string text, out (string Host, int Port) endpoint, out string? problem)
    {
        endpoint = ("", 0);
        problem = $"--remote must be redis://HOST:PORT, such as redis://127.0.0.1:6379 (got '{text}')";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
            || uri.Scheme != "redis"
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || uri.AbsolutePath is not ("" or "/")
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            return false;
        }

        // Uri reports -1 for a scheme it has no default port for; the port must be written out.
        if (uri.Port is < 1 or > 65535 || !text.TrimEnd('/').EndsWith(":" + uri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return false;
        }

        endpoint = (uri.DnsSafeHost, uri.Port);
        problem = null;
        return true;
    }

    private static bool TryFindManifest(ChunkStore store, string text, out ContentId id, out string? problem)
    {
        if (!TryResolveManifest(store, text, out id, out problem))
        {
            return false;
        }

        if (!File.Exists(store.GetManifestPath(id)))
        {
            problem = $"no manifest {id} in the store";
            return false;
        }

        return true;
    }

    private static bool TryParsePolicy(string text, out CachePolicy policy)
    {
        (bool known, policy) = text.Trim().ToLowerInvariant() switch
        {
            "lru" => (true, CachePolicy.Lru),
            "admit-once" or "minio" => (true, CachePolicy.AdmitOnce),
            "clairvoyant" => (true, CachePolicy.Clairvoyant),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The policy as reported: the name as typed (validated, lower-case), so that the alias minio is echoed as given.</summary>
    private static string FormatPolicy(string typed) => typed.Trim().ToLowerInvariant();

    private sealed record ReadRequest(
        string Manifest,
        string Store,
        string? Remote,
        string? RemoteFolder,
        int Epochs,
        string CacheBytes,
        string Policy,
        ulong Seed,
        int Prefetch,
        bool Json);
}
