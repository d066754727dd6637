using Aios.Data.Chunking;

namespace Aios.Data.Tests.Chunking;

public sealed class FastCdcOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedValues()
    {
        var options = new FastCdcOptions();

        Assert.Equal(16 * 1024, options.MinimumLength);
        Assert.Equal(64 * 1024, options.AverageLength);
        Assert.Equal(256 * 1024, options.MaximumLength);
        Assert.Equal(2, options.NormalizationLevel);
    }

    [Theory]
    [InlineData("MinimumLength", 63)]
    [InlineData("MinimumLength", 0)]
    [InlineData("MinimumLength", -1)]
    [InlineData("MinimumLength", Chunker.MaximumSupportedLength + 1)]
    [InlineData("AverageLength", 63)]
    [InlineData("AverageLength", Chunker.MaximumSupportedLength + 1)]
    [InlineData("MaximumLength", 63)]
    [InlineData("MaximumLength", int.MaxValue)]
    [InlineData("NormalizationLevel", -1)]
    [InlineData("NormalizationLevel", 5)]
    public void Init_OutOfRange_ThrowsNamingTheOptionAndItsRange(string option, int value)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.CreateContentDefined(option switch
        {
            "MinimumLength" => new FastCdcOptions { MinimumLength = value },
            "AverageLength" => new FastCdcOptions { AverageLength = value },
            "MaximumLength" => new FastCdcOptions { MaximumLength = value },
            _ => new FastCdcOptions { NormalizationLevel = value },
        }));

        Assert.Equal(option, exception.ParamName);
        Assert.Equal(value, exception.ActualValue);
        Assert.Contains(option == "NormalizationLevel" ? "[0, 4]" : $"[64, {Chunker.MaximumSupportedLength}]", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1024, 1024, 4096, "AverageLength")]
    [InlineData(2048, 1024, 4096, "AverageLength")]
    [InlineData(1024, 4096, 4096, "MaximumLength")]
    [InlineData(1024, 4096, 2048, "MaximumLength")]
    public void CreateContentDefined_LengthsNotIncreasing_ThrowsNamingTheOption(int minimum, int average, int maximum, string option)
    {
        var options = new FastCdcOptions { MinimumLength = minimum, AverageLength = average, MaximumLength = maximum };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.CreateContentDefined(options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public void CreateContentDefined_TightestAndWidestLengths_Accepted()
    {
        Chunker tightest = Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 64, AverageLength = 65, MaximumLength = 66, NormalizationLevel = 4 });
        Chunker widest = Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 64, AverageLength = Chunker.MaximumSupportedLength - 1, MaximumLength = Chunker.MaximumSupportedLength, NormalizationLevel = 0 });

        Assert.Equal(66, tightest.MaximumChunkLength);
        Assert.Equal(Chunker.MaximumSupportedLength, widest.MaximumChunkLength);
    }

    [Fact]
    public void CreateContentDefined_OptionsChangedAfterwards_ChunkerKeepsItsCopy()
    {
        var options = new FastCdcOptions { MinimumLength = 1024, AverageLength = 4096, MaximumLength = 8192 };
        Chunker chunker = Chunker.CreateContentDefined(options);

        options.MaximumLength = 64;
        options.NormalizationLevel = 9;

        Assert.Equal(8192, chunker.MaximumChunkLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.CreateContentDefined(options));
    }
}
