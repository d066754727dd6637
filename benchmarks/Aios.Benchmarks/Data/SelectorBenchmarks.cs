using Aios.Data.Compression;
using Aios.Data.Synthetic;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Data;

/// <summary>
/// <see cref="CodecSelector.Default"/>'s <c>Encode</c> of one 256 KiB chunk (seed 1) against compressing the same chunk
/// with the codec it chose (the baseline; the Ratio column is the selector's cost relative to it, target ≤ 1.10). Where the
/// selector stores the chunk raw (random data, float32 weights), the baseline is zstd-1: what a store that always uses
/// one codec, Zstandard, pays for that chunk, and what the entropy gate and the trials save. <c>SelectionOnly</c> is the
/// selector's own work without the final compression — constant check, sampled entropy and both trials on the same
/// sample, by a selector whose <c>MinimumSavings</c> of 0.999 then stores the chunk raw (a 256 KiB copy, ~10 µs, is
/// included) — so SelectionOnly / ChosenCodec is the overhead measured directly, less exposed than Selector /
/// ChosenCodec to the machine's speed drifting between two long runs. Throughput (MB/s) = 262,144 bytes / mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ChunkColumnsConfig))]
public class SelectorBenchmarks
{
    private readonly CodecSelector _selector = CodecSelector.Default;
    private readonly CodecSelector _selectionOnly = new(new CodecSelectorOptions { MinimumSavings = 0.999 });
    private byte[] _chunk = [];
    private byte[] _destination = [];
    private Codec _chosen = Codec.Lz4;

    [Params(ContentKind.Text, ContentKind.JsonLines, ContentKind.Float32Tensor, ContentKind.UInt16Tokens, ContentKind.RawImage, ContentKind.Random)]
    public ContentKind Data { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chunk = SyntheticContent.Generate(Data, ChunkColumnsConfig.ChunkLength, ChunkColumnsConfig.Seed);
        _destination = new byte[_selector.GetMaxEncodedLength(_chunk.Length)];
        CodecDecision decision = _selector.Encode(_chunk, _destination);
        _chosen = decision.Codec == CodecId.Lz4 ? _selector.Lz4 : _selector.Zstd;
        Console.WriteLine($"// {Data}: {decision.Describe()}; baseline {_chosen.Name}");
    }

    [Benchmark(Baseline = true)]
    public int ChosenCodec()
    {
        _ = _chosen.TryCompress(_chunk, _destination, out int written);
        return written;
    }

    [Benchmark]
    public int Selector() => _selector.Encode(_chunk, _destination).StoredLength;

    [Benchmark]
    public int SelectionOnly() => _selectionOnly.Encode(_chunk, _destination).StoredLength;
}
