using Aios.Data.Caching;
using Aios.Data.Reading;
using Aios.Data.Storage;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Data;

/// <summary>
/// Memory-tier hits (target ≥ 5 GB/s): 16 MiB per op, 64 chunks of 256 KiB all resident. "zero-copy" hands out the
/// cached array (what <see cref="DatasetCache.GetAsync"/> returns); "copied out" also copies every chunk into the
/// consumer's buffer, as a loader filling a batch would; the readers run the same through the prefetch window.
/// </summary>
[MemoryDiagnoser]
public class MemoryTierBenchmarks
{
    private string _folder = "";
    private DatasetCache _cache = null!;
    private DatasetReader _reader = null!;
    private DatasetReader _sequential = null!;
    private ContentId[] _ids = [];
    private int[] _order = [];
    private byte[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        List<byte[]> chunks = CacheBenchmarkData.Chunks();
        _folder = Path.Combine(Path.GetTempPath(), "aios-bench-memory-" + Guid.NewGuid().ToString("N"));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder);
        DatasetManifest manifest = CacheBenchmarkData.Pack(store, chunks);
        _cache = new DatasetCache([new ChunkStoreTier(store, "local")], new DatasetCacheOptions { MemoryBytes = 1L << 30, MemoryPolicy = CachePolicy.Lru });
        _reader = new DatasetReader(manifest, _cache, new DatasetReaderOptions { PrefetchWindow = 8 });
        _sequential = new DatasetReader(manifest, _cache, new DatasetReaderOptions { PrefetchWindow = 0 });
        _ids = [.. _reader.Chunks.Select(c => c.Id)];
        _order = [.. Enumerable.Range(0, _ids.Length)];
        _destination = new byte[CacheBenchmarkData.ChunkLength];
        foreach (ContentId id in _ids)
        {
            _ = _cache.GetAsync(id).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "hits, zero-copy")]
    public async Task<long> HitsZeroCopy()
    {
        long total = 0;
        foreach (ContentId id in _ids)
        {
            ReadOnlyMemory<byte> data = await _cache.GetAsync(id);
            total += data.Length + data.Span[^1];
        }

        return total;
    }

    [Benchmark(Description = "hits, copied out")]
    public async Task<long> HitsCopied()
    {
        long total = 0;
        foreach (ContentId id in _ids)
        {
            ReadOnlyMemory<byte> data = await _cache.GetAsync(id);
            data.Span.CopyTo(_destination);
            total += data.Length;
        }

        return total;
    }

    [Benchmark(Description = "reader, no prefetch, copied out")]
    public Task<long> ReaderSequential() => ReadAllAsync(_sequential);

    [Benchmark(Description = "reader, prefetch 8, copied out")]
    public Task<long> ReaderPrefetching() => ReadAllAsync(_reader);

    private async Task<long> ReadAllAsync(DatasetReader reader)
    {
        long total = 0;
        await foreach (DatasetChunkData chunk in reader.ReadAsync(_order))
        {
            chunk.Data.Span.CopyTo(_destination);
            total += chunk.Data.Length;
        }

        return total;
    }
}
