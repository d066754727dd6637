using Aios.Data.Compression;

namespace Aios.Data.Tests.Compression;

public sealed class CodecDecisionTests
{
    public static TheoryData<CodecId, int, SelectionReason, string, string> Decisions => new()
    {
        { CodecId.Raw, 0, SelectionReason.Empty, "raw", "empty" },
        { CodecId.Constant, 0, SelectionReason.Constant, "constant", "repeated byte" },
        { CodecId.Raw, 0, SelectionReason.HighEntropy, "raw", "entropy 7.99" },
        { CodecId.Raw, 0, SelectionReason.NoCodecPays, "raw", "no codec pays" },
        { CodecId.Lz4, 0, SelectionReason.Lz4Pays, "lz4", "lz4 pays" },
        { CodecId.Lz4, 9, SelectionReason.Lz4Pays, "lz4-9", "lz4 pays" },
        { CodecId.Zstd, 1, SelectionReason.ZstdPays, "zstd-1", "zstd pays" },
        { CodecId.Zstd, -3, SelectionReason.ZstdPays, "zstd--3", "zstd pays" },
        { CodecId.Raw, 0, SelectionReason.BelowMinimumSavings, "raw", "saved too little" },
        { CodecId.Brotli, 11, SelectionReason.Fixed, "brotli-11", "fixed" },
        { CodecId.Deflate, 6, SelectionReason.Fixed, "deflate-6", "fixed" },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Describe_EveryReason_StartsWithTheCodecAndSaysWhy(CodecId codec, int level, SelectionReason reason, string name, string why)
    {
        var decision = new CodecDecision(codec, level, reason, 1000, 500, 7.987, 0.2, 0.3);

        string description = decision.Describe();

        Assert.Equal(name, decision.CodecName);
        Assert.StartsWith(name + ": ", description, StringComparison.Ordinal);
        Assert.Contains(why, description, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Trial_ShowsBothEstimatesAsPercentages()
    {
        var decision = new CodecDecision(CodecId.Zstd, 1, SelectionReason.ZstdPays, 1000, 500, 6.123, 0.08, 0.31);

        Assert.Equal("zstd-1: entropy 6.12; trial lz4 8 %, zstd 31 % (zstd pays)", decision.Describe());
    }

    [Fact]
    public void Describe_EveryReasonValue_NonEmptyAndNamesTheCodec()
    {
        foreach (SelectionReason reason in Enum.GetValues<SelectionReason>())
        {
            var decision = new CodecDecision(CodecId.Lz4, 0, reason, 10, 5, 1, 0.5, 0.5);

            Assert.StartsWith("lz4: ", decision.Describe(), StringComparison.Ordinal);
            Assert.True(decision.Describe().Length > "lz4: ".Length);
        }
    }

    [Theory]
    [InlineData(1000, 250, 4.0)]
    [InlineData(1000, 1000, 1.0)]
    [InlineData(0, 0, 1.0)]
    [InlineData(262_144, 1, 262_144.0)]
    public void Ratio_OriginalOverStored(int original, int stored, double expected) =>
        Assert.Equal(expected, new CodecDecision(CodecId.Lz4, 0, SelectionReason.Lz4Pays, original, stored, 1, 0, 0).Ratio);

    [Theory]
    [InlineData(CodecId.Raw, 0, SelectionReason.Empty, "raw: empty chunk")]
    [InlineData(CodecId.Constant, 0, SelectionReason.Constant, "constant: one repeated byte value")]
    [InlineData(CodecId.Raw, 0, SelectionReason.HighEntropy, "raw: high entropy (random or already compressed)")]
    [InlineData(CodecId.Zstd, 1, SelectionReason.ZstdPays, "zstd-1: zstd pays")]
    [InlineData(CodecId.Lz4, 0, SelectionReason.Lz4Pays, "lz4: lz4 pays, zstd not enough more")]
    [InlineData(CodecId.Raw, 0, SelectionReason.NoCodecPays, "raw: no codec pays")]
    [InlineData(CodecId.Raw, 0, SelectionReason.BelowMinimumSavings, "raw: saved too little on the whole chunk")]
    [InlineData(CodecId.Zstd, 3, SelectionReason.Fixed, "zstd-3: fixed codec")]
    public void DescribeRule_EveryReason_CodecAndRuleWithoutNumbers(CodecId codec, int level, SelectionReason reason, string expected)
    {
        var first = new CodecDecision(codec, level, reason, 4096, 1000, 6.12, 0.08, 0.31);
        var second = first with { Entropy = 7.95, EstimatedLz4Savings = 0.5, StoredLength = 10 };

        Assert.Equal(expected, first.DescribeRule());
        Assert.Equal(first.DescribeRule(), second.DescribeRule());
    }
}
