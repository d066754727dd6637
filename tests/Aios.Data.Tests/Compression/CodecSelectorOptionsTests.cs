using Aios.Data.Compression;

namespace Aios.Data.Tests.Compression;

public sealed class CodecSelectorOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreTheDocumentedOnes()
    {
        var options = new CodecSelectorOptions();

        Assert.Equal(0.125, options.MinimumSavings);
        Assert.Equal(7.9, options.RawEntropyThreshold);
        Assert.Equal(0.05, options.ZstdMinimumAdditionalSavings);
        Assert.Equal(1, options.ZstdLevel);
        Assert.Equal(0, options.Lz4Level);
        Assert.Equal(1.0 / 48, options.TrialFraction);
        Assert.Equal(1024, options.TrialWindowLength);
        Assert.Null(options.FixedCodec);
    }

    public static TheoryData<string, double> InvalidDoubles => new()
    {
        { nameof(CodecSelectorOptions.MinimumSavings), double.NaN },
        { nameof(CodecSelectorOptions.MinimumSavings), -0.01 },
        { nameof(CodecSelectorOptions.MinimumSavings), 1 },
        { nameof(CodecSelectorOptions.MinimumSavings), double.PositiveInfinity },
        { nameof(CodecSelectorOptions.RawEntropyThreshold), double.NaN },
        { nameof(CodecSelectorOptions.RawEntropyThreshold), -1 },
        { nameof(CodecSelectorOptions.RawEntropyThreshold), 8.001 },
        { nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings), double.NaN },
        { nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings), -0.1 },
        { nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings), 1.5 },
        { nameof(CodecSelectorOptions.TrialFraction), double.NaN },
        { nameof(CodecSelectorOptions.TrialFraction), 0 },
        { nameof(CodecSelectorOptions.TrialFraction), -0.5 },
        { nameof(CodecSelectorOptions.TrialFraction), 1.01 },
        { nameof(CodecSelectorOptions.TrialFraction), double.NegativeInfinity },
    };

    private static CodecSelectorOptions WithDouble(string property, double value) => property switch
    {
        nameof(CodecSelectorOptions.MinimumSavings) => new CodecSelectorOptions { MinimumSavings = value },
        nameof(CodecSelectorOptions.RawEntropyThreshold) => new CodecSelectorOptions { RawEntropyThreshold = value },
        nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings) => new CodecSelectorOptions { ZstdMinimumAdditionalSavings = value },
        _ => new CodecSelectorOptions { TrialFraction = value },
    };

    [Theory]
    [MemberData(nameof(InvalidDoubles))]
    public void Setter_InvalidDouble_ThrowsNamingTheProperty(string property, double value)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new CodecSelector(WithDouble(property, value)));

        Assert.Equal(property, exception.ParamName);
        Assert.Contains("must be in", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(CodecSelectorOptions.MinimumSavings), 0)]
    [InlineData(nameof(CodecSelectorOptions.MinimumSavings), 0.999)]
    [InlineData(nameof(CodecSelectorOptions.RawEntropyThreshold), 0)]
    [InlineData(nameof(CodecSelectorOptions.RawEntropyThreshold), 8)]
    [InlineData(nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings), 0)]
    [InlineData(nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings), 1)]
    [InlineData(nameof(CodecSelectorOptions.TrialFraction), 1e-9)]
    [InlineData(nameof(CodecSelectorOptions.TrialFraction), 1)]
    public void Setter_DoubleAtTheLimits_Kept(string property, double value)
    {
        CodecSelectorOptions options = WithDouble(property, value);

        double kept = property switch
        {
            nameof(CodecSelectorOptions.MinimumSavings) => options.MinimumSavings,
            nameof(CodecSelectorOptions.RawEntropyThreshold) => options.RawEntropyThreshold,
            nameof(CodecSelectorOptions.ZstdMinimumAdditionalSavings) => options.ZstdMinimumAdditionalSavings,
            _ => options.TrialFraction,
        };
        Assert.Equal(value, kept);
    }

    [Theory]
    [InlineData(nameof(CodecSelectorOptions.ZstdLevel), 0)]
    [InlineData(nameof(CodecSelectorOptions.ZstdLevel), -8)]
    [InlineData(nameof(CodecSelectorOptions.ZstdLevel), 23)]
    [InlineData(nameof(CodecSelectorOptions.Lz4Level), -1)]
    [InlineData(nameof(CodecSelectorOptions.Lz4Level), 13)]
    [InlineData(nameof(CodecSelectorOptions.TrialWindowLength), 255)]
    [InlineData(nameof(CodecSelectorOptions.TrialWindowLength), (1024 * 1024) + 1)]
    [InlineData(nameof(CodecSelectorOptions.TrialWindowLength), -4096)]
    public void Setter_InvalidInteger_ThrowsNamingTheProperty(string property, int value)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new CodecSelector(property switch
        {
            nameof(CodecSelectorOptions.ZstdLevel) => new CodecSelectorOptions { ZstdLevel = value },
            nameof(CodecSelectorOptions.Lz4Level) => new CodecSelectorOptions { Lz4Level = value },
            _ => new CodecSelectorOptions { TrialWindowLength = value },
        }));

        Assert.Equal(property, exception.ParamName);
    }

    [Fact]
    public void Setter_IntegersAtTheLimits_Kept()
    {
        var options = new CodecSelectorOptions { ZstdLevel = -7, Lz4Level = 12, TrialWindowLength = 256 };
        var other = new CodecSelectorOptions { ZstdLevel = 22, Lz4Level = 0, TrialWindowLength = 1024 * 1024 };
        _ = new CodecSelector(options);
        _ = new CodecSelector(other);

        Assert.Equal((-7, 12, 256), (options.ZstdLevel, options.Lz4Level, options.TrialWindowLength));
        Assert.Equal((22, 0, 1024 * 1024), (other.ZstdLevel, other.Lz4Level, other.TrialWindowLength));
    }

    [Fact]
    public void CodecSelector_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        var options = new CodecSelectorOptions { MinimumSavings = 0.5 };
        var selector = new CodecSelector(options);

        options.MinimumSavings = double.NaN;
        options.FixedCodec = Codec.Constant;

        Assert.Equal(0.5, selector.Options.MinimumSavings);
        Assert.Null(selector.Options.FixedCodec);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CodecSelector(options));
    }

    [Fact]
    public void FixedCodec_Constant_ThrowsNamingFixedCodec()
    {
        var exception = Assert.Throws<ArgumentException>(() => new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.Constant }));

        Assert.Equal(nameof(CodecSelectorOptions.FixedCodec), exception.ParamName);
    }

    [Fact]
    public void FixedCodec_AnyOtherCodecOrNull_Kept()
    {
        Assert.Equal("zstd-19", new CodecSelectorOptions { FixedCodec = Codec.CreateZstd(19) }.FixedCodec?.Name);
        Assert.Null(new CodecSelectorOptions { FixedCodec = null }.FixedCodec);
    }
}
