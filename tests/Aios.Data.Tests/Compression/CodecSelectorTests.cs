using Aios.Data.Compression;
using Aios.Data.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Compression;

public sealed partial class CodecSelectorTests
{
    private const int Chunk = 256 * 1024;

    private static (CodecDecision Decision, byte[] Stored) Encode(CodecSelector selector, ReadOnlySpan<byte> chunk)
    {
        byte[] destination = new byte[selector.GetMaxEncodedLength(chunk.Length)];
        CodecDecision decision = selector.Encode(chunk, destination);
        return (decision, destination[..decision.StoredLength]);
    }

    private static byte[] Decode(CodecDecision decision, byte[] stored)
    {
        byte[] restored = new byte[decision.OriginalLength];
        Codec.ForDecoding(decision.Codec).Decompress(stored, restored);
        return restored;
    }

    private static byte[] RepeatedRandomBlocks(int length, int block, int seed)
    {
        byte[] pattern = new byte[block];
        new Random(seed).NextBytes(pattern);
        byte[] data = new byte[length];
        for (int offset = 0; offset < length; offset += block)
        {
            pattern.AsSpan(0, Math.Min(block, length - offset)).CopyTo(data.AsSpan(offset));
        }

        return data;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Encode_Empty_EmptyReasonStoresNothing()
    {
        (CodecDecision decision, _) = Encode(CodecSelector.Default, []);

        Assert.Equal(new CodecDecision(CodecId.Raw, 0, SelectionReason.Empty, 0, 0, double.NaN, double.NaN, double.NaN), decision);
        Assert.Equal(1, decision.Ratio);
    }

    [Fact]
    public void Encode_OneByteValue_ConstantStoresThatByte()
    {
        byte[] chunk = Enumerable.Repeat((byte)0x42, Chunk).ToArray();

        (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);

        Assert.Equal(SelectionReason.Constant, decision.Reason);
        Assert.Equal(CodecId.Constant, decision.Codec);
        Assert.Equal([0x42], stored);
        Assert.Equal(Chunk, decision.Ratio);
        Assert.Equal(chunk, Decode(decision, stored));
    }

    [Fact]
    public void Encode_Random_HighEntropyStoredRaw()
    {
        byte[] chunk = RandomBytes(Chunk, 1);

        (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);

        Assert.Equal(SelectionReason.HighEntropy, decision.Reason);
        Assert.Equal(CodecId.Raw, decision.Codec);
        Assert.InRange(decision.Entropy, 7.9, 8);
        Assert.True(double.IsNaN(decision.EstimatedLz4Savings) && double.IsNaN(decision.EstimatedZstdSavings));
        Assert.Equal(chunk, stored);
    }

    [Theory]
    [InlineData(ContentKind.Text)]
    [InlineData(ContentKind.JsonLines)]
    [InlineData(ContentKind.UInt16Tokens)]
    public void Encode_TextAndTokens_ZstdPays(ContentKind kind)
    {
        byte[] chunk = SyntheticContent.Generate(kind, Chunk, seed: 2);

        (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);

        Assert.Equal(SelectionReason.ZstdPays, decision.Reason);
        Assert.Equal(CodecId.Zstd, decision.Codec);
        Assert.Equal(1, decision.Level);
        Assert.True(decision.EstimatedZstdSavings - decision.EstimatedLz4Savings >= 0.05);
        Assert.Equal(chunk, Decode(decision, stored));
    }

    [Fact]
    public void Encode_RepeatedRandomBlocks_Lz4PaysAsMuchAsZstd()
    {
        byte[] chunk = RepeatedRandomBlocks(Chunk, 1024, 3);

        (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);

        Assert.Equal(SelectionReason.Lz4Pays, decision.Reason);
        Assert.Equal(CodecId.Lz4, decision.Codec);
        Assert.Equal(0, decision.Level);
        Assert.True(decision.EstimatedLz4Savings >= 0.125);
        Assert.True(decision.EstimatedZstdSavings - decision.EstimatedLz4Savings < 0.05);
        Assert.True(decision.Ratio > 50, $"ratio {decision.Ratio}");
        Assert.Equal(chunk, Decode(decision, stored));
    }

    [Fact]
    public void Encode_Float32NormalTensor_NoCodecPays()
    {
        byte[] chunk = SyntheticContent.Generate(ContentKind.Float32Tensor, Chunk, seed: 4);

        (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);

        Assert.Equal(SelectionReason.NoCodecPays, decision.Reason);
        Assert.Equal(CodecId.Raw, decision.Codec);
        Assert.InRange(decision.Entropy, 6, 7.9);
        Assert.InRange(decision.EstimatedZstdSavings, 0, 0.125);
        Assert.Equal(chunk, stored);
    }

    [Fact]
    public void Encode_TrialSeesOnlyACompressibleHead_BelowMinimumSavingsStoredRaw()
    {
        // One 256-byte trial window (the chunk's first bytes, zeros); the rest is random, past a disabled entropy gate.
        var selector = new CodecSelector(new CodecSelectorOptions { TrialFraction = 1e-6, TrialWindowLength = 256, RawEntropyThreshold = 8 });
        byte[] chunk = RandomBytes(Chunk, 5);
        chunk.AsSpan(0, 256).Clear();

        (CodecDecision decision, byte[] stored) = Encode(selector, chunk);

        Assert.Equal(SelectionReason.BelowMinimumSavings, decision.Reason);
        Assert.Equal(CodecId.Raw, decision.Codec);
        Assert.True(decision.EstimatedLz4Savings > 0.5);
        Assert.Equal(chunk, stored);
    }

    [Fact]
    public void Encode_MinimumSavingsAboveWhatZstdSaves_NoCodecPays()
    {
        var selector = new CodecSelector(new CodecSelectorOptions { MinimumSavings = 0.99 });
        byte[] chunk = SyntheticContent.Generate(ContentKind.Text, Chunk, seed: 6);

        (CodecDecision decision, byte[] stored) = Encode(selector, chunk);

        Assert.Equal(SelectionReason.NoCodecPays, decision.Reason);
        Assert.Equal(chunk, stored);
    }

    [Theory]
    [InlineData("zstd-3", CodecId.Zstd, 3)]
    [InlineData("lz4-9", CodecId.Lz4, 9)]
    [InlineData("brotli-1", CodecId.Brotli, 1)]
    [InlineData("deflate-1", CodecId.Deflate, 1)]
    [InlineData("raw", CodecId.Raw, 0)]
    public void Encode_FixedCodec_FixedReasonAndDecodes(string name, CodecId id, int level)
    {
        var selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.Parse(name) });
        byte[] chunk = RandomBytes(Chunk, 7);

        (CodecDecision decision, byte[] stored) = Encode(selector, chunk);

        Assert.Equal(SelectionReason.Fixed, decision.Reason);
        Assert.Equal(id, decision.Codec);
        Assert.Equal(level, decision.Level);
        Assert.Equal(name, decision.CodecName);
        Assert.Equal(chunk, Decode(decision, stored));
    }

    [Fact]
    public void Encode_FixedCodecOnConstantChunk_StillConstant()
    {
        var selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.CreateZstd(3) });

        (CodecDecision decision, byte[] stored) = Encode(selector, new byte[1000]);

        Assert.Equal(SelectionReason.Constant, decision.Reason);
        Assert.Equal([0], stored);
    }

    [Fact]
    public void Encode_FixedRawOnConstantChunk_StoredRaw()
    {
        var selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.Raw });

        (CodecDecision decision, byte[] stored) = Encode(selector, new byte[1000]);

        Assert.Equal(SelectionReason.Fixed, decision.Reason);
        Assert.Equal(CodecId.Raw, decision.Codec);
        Assert.Equal(1000, stored.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(Chunk)]
    public void Encode_DestinationOneByteShort_ThrowsNamingDestination(int length)
    {
        CodecSelector selector = CodecSelector.Default;
        byte[] destination = new byte[Math.Max(0, selector.GetMaxEncodedLength(length) - 1)];

        var exception = Assert.Throws<ArgumentException>(() => selector.Encode(new byte[length], destination));

        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void GetMaxEncodedLength_Negative_ThrowsNamingLength()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CodecSelector.Default.GetMaxEncodedLength(-1));

        Assert.Equal("length", exception.ParamName);
    }

    [Fact]
    public void GetMaxEncodedLength_FixedDeflate_CoversDeflatesBound()
    {
        var selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.CreateDeflate(1) });

        Assert.True(selector.GetMaxEncodedLength(Chunk) >= Codec.CreateDeflate(1).GetMaxCompressedLength(Chunk));
    }

    [Fact]
    public void Constructor_Options_CodecsAtTheirLevels()
    {
        var selector = new CodecSelector(new CodecSelectorOptions { ZstdLevel = 3, Lz4Level = 9 });

        Assert.Equal("zstd-3", selector.Zstd.Name);
        Assert.Equal("lz4-9", selector.Lz4.Name);
        Assert.Equal(3, selector.Options.ZstdLevel);
        Assert.Equal("zstd-1", CodecSelector.Default.Zstd.Name);
        Assert.Equal("lz4", CodecSelector.Default.Lz4.Name);
    }

    [Theory]
    [InlineData(0.0, 0.0, CodecId.Raw)]
    [InlineData(-0.01, -0.02, CodecId.Raw)]
    [InlineData(0.124, 0.124, CodecId.Raw)]
    [InlineData(0.125, 0.0, CodecId.Lz4)]
    [InlineData(0.125, 0.17, CodecId.Lz4)]
    [InlineData(0.0, 0.125, CodecId.Zstd)]
    [InlineData(0.124, 0.125, CodecId.Zstd)]
    [InlineData(0.125, 0.1875, CodecId.Zstd)]
    [InlineData(0.5, 0.5, CodecId.Lz4)]
    [InlineData(0.5, 0.5625, CodecId.Zstd)]
    [InlineData(0.9, 0.2, CodecId.Lz4)]
    [InlineData(0.99, 1.0, CodecId.Lz4)]
    public void Decide_DefaultRule_Table(double lz4, double zstd, CodecId expected) =>
        Assert.Equal(expected, CodecSelector.Default.Decide(lz4, zstd));

    [Theory]
    [InlineData(0.25, 0.3125, CodecId.Zstd)]
    [InlineData(0.25, 0.3124, CodecId.Lz4)]
    [InlineData(0.0625, 0.0625, CodecId.Lz4)]
    [InlineData(0.0624, 0.0624, CodecId.Raw)]
    public void Decide_CustomThresholds_ExactBoundaries(double lz4, double zstd, CodecId expected)
    {
        var selector = new CodecSelector(new CodecSelectorOptions { MinimumSavings = 0.0625, ZstdMinimumAdditionalSavings = 0.0625 });

        Assert.Equal(expected, selector.Decide(lz4, zstd));
    }

    [Property(MaxTest = 3000)]
    public Property Decide_AnySavings_FollowsTheRuleAndIsMonotoneInZstd() => Prop.ForAll(
        Gen.Choose(-100, 1000).Select(x => x / 1000.0).Two().ToArbitrary(),
        pair =>
        {
            (double lz4, double zstd) = pair;
            CodecSelector selector = CodecSelector.Default;
            CodecId choice = selector.Decide(lz4, zstd);
            bool consistent = choice switch
            {
                CodecId.Zstd => zstd >= 0.125 && (lz4 < 0.125 || zstd - lz4 >= 0.05),
                CodecId.Lz4 => lz4 >= 0.125 && (zstd < 0.125 || zstd - lz4 < 0.05),
                _ => lz4 < 0.125 && zstd < 0.125,
            };
            bool monotone = choice != CodecId.Zstd || selector.Decide(lz4, Math.Min(1, zstd + 0.1)) == CodecId.Zstd;
            return consistent && monotone;
        });
}
