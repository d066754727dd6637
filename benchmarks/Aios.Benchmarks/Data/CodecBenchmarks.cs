using Aios.Data.Compression;
using Aios.Data.Synthetic;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Data;

/// <summary>
/// Compression and decompression of one 256 KiB chunk of synthetic training data (seed 1) with LZ4, Zstandard 1 and 3,
/// and, for comparison, the BCL's Brotli 1 and Deflate 1. Throughput (MB/s column) = 262,144 bytes / mean time, of
/// original bytes in both directions; Orig/Stored is the chunk's compression ratio with that codec.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ChunkColumnsConfig))]
public class CodecBenchmarks
{
    private byte[] _chunk = [];
    private byte[] _compressed = [];
    private byte[] _restored = [];
    private int _compressedLength;
    private Codec _codec = Aios.Data.Compression.Codec.Lz4;

    [Params(ContentKind.Text, ContentKind.Int32Tokens, ContentKind.Float16Tensor)]
    public ContentKind Data { get; set; }

    [Params("lz4", "zstd-1", "zstd-3", "brotli-1", "deflate-1")]
    public string Codec { get; set; } = "lz4";

    [GlobalSetup]
    public void Setup()
    {
        _codec = Aios.Data.Compression.Codec.Parse(Codec);
        _chunk = SyntheticContent.Generate(Data, ChunkColumnsConfig.ChunkLength, ChunkColumnsConfig.Seed);
        _compressed = new byte[_codec.GetMaxCompressedLength(_chunk.Length)];
        _restored = new byte[_chunk.Length];
        if (!_codec.TryCompress(_chunk, _compressed, out _compressedLength))
        {
            throw new InvalidOperationException($"{_codec.Name} did not fit its bound.");
        }
    }

    [Benchmark]
    public int Compress()
    {
        _ = _codec.TryCompress(_chunk, _compressed, out int written);
        return written;
    }

    [Benchmark]
    public byte Decompress()
    {
        _codec.Decompress(_compressed.AsSpan(0, _compressedLength), _restored);
        return _restored[^1];
    }
}
