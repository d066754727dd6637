using Aios.Data.Caching;
using Aios.Data.Compression;
using Aios.Data.Reading;
using Aios.Data.Storage;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Data;

/// <summary>
/// Reading a packed dataset from the local tier through the cache (target: ≥ 80 % of the raw decompression speed),
/// against the codec's decompression alone on the same chunks. 16 MiB per op (64 chunks of 256 KiB, text and uint16
/// tokens, every chunk stored with the given codec), no memory tier, page cache warm; each chunk is verified and
/// handed to the consumer in an array of its own (the default), or in a buffer rented for it and returned when the
/// consumer disposes the chunk ("pooled"). "1 reader, no prefetch" is one core's work; "prefetch 8" lets the window's
/// fetches run on both cores of this machine.
/// </summary>
[MemoryDiagnoser]
public class CacheReadBenchmarks
{
    private readonly List<byte[]> _compressed = [];
    private string _folder = "";
    private DatasetCache _cache = null!;
    private DatasetReader _sequential = null!;
    private DatasetReader _prefetching = null!;
    private DatasetReader _prefetchingPooled = null!;
    private int[] _order = [];
    private Codec _codec = null!;
    private byte[] _scratch = [];

    [Params("lz4", "zstd-1")]
    public string Codec { get; set; } = "lz4";

    [GlobalSetup]
    public void Setup()
    {
        _codec = Aios.Data.Compression.Codec.Parse(Codec);
        List<byte[]> chunks = CacheBenchmarkData.Chunks();
        _scratch = new byte[_codec.GetMaxCompressedLength(CacheBenchmarkData.ChunkLength)];
        foreach (byte[] chunk in chunks)
        {
            _ = _codec.TryCompress(chunk, _scratch, out int length);
            _compressed.Add(_scratch.AsSpan(0, length).ToArray());
        }

        _folder = Path.Combine(Path.GetTempPath(), "aios-bench-cache-" + Guid.NewGuid().ToString("N"));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder, new ChunkStoreOptions { Selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = _codec }) });
        DatasetManifest manifest = CacheBenchmarkData.Pack(store, chunks);
        _cache = new DatasetCache([new ChunkStoreTier(store, "local")], new DatasetCacheOptions { MemoryBytes = 0 });
        _sequential = new DatasetReader(manifest, _cache, new DatasetReaderOptions { PrefetchWindow = 0 });
        _prefetching = new DatasetReader(manifest, _cache, new DatasetReaderOptions { PrefetchWindow = 8 });
        _prefetchingPooled = new DatasetReader(manifest, _cache, new DatasetReaderOptions { PrefetchWindow = 8, PooledBuffers = true });
        _order = [.. Enumerable.Range(0, chunks.Count)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "codec decompress alone")]
    public int CodecDecompress()
    {
        foreach (byte[] block in _compressed)
        {
            _codec.Decompress(block, _scratch.AsSpan(0, CacheBenchmarkData.ChunkLength));
        }

        return _compressed.Count;
    }

    [Benchmark(Description = "local tier, 1 reader, no prefetch")]
    public Task<long> LocalSequential() => ReadAllAsync(_sequential);

    [Benchmark(Description = "local tier, prefetch 8")]
    public Task<long> LocalPrefetching() => ReadAllAsync(_prefetching);

    [Benchmark(Description = "local tier, prefetch 8, pooled")]
    public Task<long> LocalPrefetchingPooled() => ReadAllAsync(_prefetchingPooled);

    private async Task<long> ReadAllAsync(DatasetReader reader)
    {
        long total = 0;
        await foreach (DatasetChunkData chunk in reader.ReadAsync(_order))
        {
            total += chunk.Data.Length;
            chunk.Dispose();
        }

        return total;
    }
}
