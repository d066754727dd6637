using Aios.Data.Compression;
using Aios.Data.Storage;
using Aios.Data.Synthetic;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Data;

/// <summary>
/// Chunk store ingest and read against the codec alone on the same chunks (targets: within 15% of the raw codec speeds;
/// reads of cached chunks ≥ 2 GB/s). 16 MiB of text and uint16 tokens in 256 KiB chunks, one thread. Ingest writes
/// every chunk anew into an emptied store (SHA-256 name, codec, header with XXH3 sums, temporary file, rename); reads
/// come from the page cache (the store was just written) and verify both sums. Throughput = 16 MiB / mean.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int ChunkLength = 256 * 1024;
    private readonly List<byte[]> _chunks = [];
    private readonly List<byte[]> _compressed = [];
    private readonly List<ContentId> _ids = [];
    private string _writeFolder = "";
    private string _readFolder = "";
    private ChunkStore _readStore = null!;
    private Codec _codec = null!;
    private byte[] _scratch = [];

    [Params("raw", "lz4", "zstd-1")]
    public string Codec { get; set; } = "lz4";

    [GlobalSetup]
    public void Setup()
    {
        _codec = Aios.Data.Compression.Codec.Parse(Codec);
        byte[] text = SyntheticContent.Generate(ContentKind.Text, 8 << 20, 1);
        byte[] tokens = SyntheticContent.Generate(ContentKind.UInt16Tokens, 8 << 20, 2);
        foreach (byte[] source in new[] { text, tokens })
        {
            for (int offset = 0; offset < source.Length; offset += ChunkLength)
            {
                _chunks.Add(source.AsSpan(offset, ChunkLength).ToArray());
            }
        }

        _scratch = new byte[_codec.GetMaxCompressedLength(ChunkLength)];
        foreach (byte[] chunk in _chunks)
        {
            _ = _codec.TryCompress(chunk, _scratch, out int length);
            _compressed.Add(_scratch.AsSpan(0, length).ToArray());
        }

        _writeFolder = Path.Combine(Path.GetTempPath(), "aios-bench-write-" + Guid.NewGuid().ToString("N"));
        _readFolder = Path.Combine(Path.GetTempPath(), "aios-bench-read-" + Guid.NewGuid().ToString("N"));
        _readStore = ChunkStore.OpenOrCreate(_readFolder, Options());
        foreach (byte[] chunk in _chunks)
        {
            _ids.Add(_readStore.Write(chunk).Id);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_readFolder, recursive: true);
        if (Directory.Exists(_writeFolder))
        {
            Directory.Delete(_writeFolder, recursive: true);
        }
    }

    [IterationSetup(Target = nameof(StoreIngest))]
    public void EmptyTheStore()
    {
        if (Directory.Exists(_writeFolder))
        {
            Directory.Delete(_writeFolder, recursive: true);
        }
    }

    [Benchmark(Description = "codec compress alone")]
    public int CodecCompress()
    {
        int total = 0;
        foreach (byte[] chunk in _chunks)
        {
            _ = _codec.TryCompress(chunk, _scratch, out int length);
            total += length;
        }

        return total;
    }

    [Benchmark(Description = "store ingest")]
    public long StoreIngest()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_writeFolder, Options());
        long total = 0;
        foreach (byte[] chunk in _chunks)
        {
            total += store.Write(chunk).StoredLength;
        }

        return total;
    }

    [Benchmark(Description = "codec decompress alone")]
    public int CodecDecompress()
    {
        foreach (byte[] block in _compressed)
        {
            _codec.Decompress(block, _scratch.AsSpan(0, ChunkLength));
        }

        return _compressed.Count;
    }

    [Benchmark(Description = "store read (page cache, verified)")]
    public int StoreRead()
    {
        int total = 0;
        foreach (ContentId id in _ids)
        {
            total += _readStore.Read(id, _scratch);
        }

        return total;
    }

    private ChunkStoreOptions Options() => new() { Selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = _codec }) };
}
