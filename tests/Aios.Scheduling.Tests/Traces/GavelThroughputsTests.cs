using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Traces;

// Data: traces/gavel/simulation_throughputs.json from the Gavel artifact (Narayanan et al., OSDI 2020,
// github.com/stanford-futuredata/gavel, scheduler/simulation_throughputs.json).
public sealed class GavelThroughputsTests
{
    internal static GavelThroughputs LoadReal()
    {
        string path = SharedData.RequireFile("traces/gavel/simulation_throughputs.json");
        using FileStream stream = File.OpenRead(path);
        return GavelThroughputs.Load(stream);
    }

    [Fact]
    public void TryGetIsolatedThroughput_KnownJob_IsTheNullEntry()
    {
        GavelThroughputs throughputs = LoadReal();

        // "v100" → "('Transformer (batch size 128)', 2)" → "null": 10.069238394742342 in the raw file.
        Assert.True(throughputs.TryGetIsolatedThroughput("v100", "Transformer (batch size 128)", 2, out double v100));
        Assert.True(throughputs.TryGetIsolatedThroughput("k80", "ResNet-18 (batch size 16)", 1, out double k80));

        Assert.Equal(10.069238394742342, v100);
        Assert.Equal(4.795294551566172, k80);
    }

    [Fact]
    public void Load_RealFile_ListsDeviceAndJobTypes()
    {
        GavelThroughputs throughputs = LoadReal();

        Assert.Equal(["k80", "k80_unconsolidated", "p100", "p100_unconsolidated", "v100", "v100_unconsolidated"], throughputs.DeviceTypes);
        Assert.Contains("ResNet-50 (batch size 64)", throughputs.JobTypes);
        Assert.Contains("A3C", throughputs.JobTypes);
        Assert.Equal(26, throughputs.JobTypes.Count);
    }

    [Fact]
    public void TryGetIsolatedThroughput_UnknownCombination_ReturnsFalse()
    {
        GavelThroughputs throughputs = GavelThroughputs.Parse("""{"v100": {"('A', 1)": {"null": 2.5}}}""");

        Assert.False(throughputs.TryGetIsolatedThroughput("v100", "A", 2, out _));
        Assert.False(throughputs.TryGetIsolatedThroughput("k80", "A", 1, out _));
        Assert.True(throughputs.TryGetIsolatedThroughput("v100", "A", 1, out double value));
        Assert.Equal(2.5, value);
    }

    [Theory]
    [InlineData("('ResNet-18 (batch size 16)', 1)", "ResNet-18 (batch size 16)", 1)]
    [InlineData("(\"LM (batch size 5)\",4)", "LM (batch size 5)", 4)]
    [InlineData(" ('A3C', 16) ", "A3C", 16)]
    public void TryParseKey_TupleLiteral_GivesTypeAndScaleFactor(string key, string jobType, int scaleFactor)
    {
        Assert.True(GavelThroughputs.TryParseKey(key, out string parsedType, out int parsedScale));

        Assert.Equal(jobType, parsedType);
        Assert.Equal(scaleFactor, parsedScale);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("('A', 0)")]
    [InlineData("('A' 1)")]
    [InlineData("(A, 1)")]
    [InlineData("('', 1)")]
    public void TryParseKey_NotATuple_ReturnsFalse(string key)
    {
        Assert.False(GavelThroughputs.TryParseKey(key, out _, out _));
    }

    [Fact]
    public void Parse_BadKey_ThrowsNamingIt()
    {
        var exception = Assert.Throws<TraceFormatException>(() => GavelThroughputs.Parse("""{"v100": {"ResNet": {"null": 1}}}"""));

        Assert.Contains("\"ResNet\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_Throws()
    {
        Assert.Throws<TraceFormatException>(() => GavelThroughputs.Parse("{\"v100\": "));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"v100\": {\"ResNet\": {\"null\": 1}}}")]
    [InlineData(null)]
    public void TryParse_NotAThroughputsFile_ReturnsFalse(string? json)
    {
        Assert.True(GavelThroughputs.TryParse("""{"v100": {"('A', 1)": {"null": 2.5}}}""", out GavelThroughputs? valid));
        Assert.NotNull(valid);
        Assert.False(GavelThroughputs.TryParse(json, out GavelThroughputs? throughputs));
        Assert.Null(throughputs);
    }
}
