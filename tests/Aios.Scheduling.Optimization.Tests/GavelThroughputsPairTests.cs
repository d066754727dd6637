using System.Text;
using Aios.Scheduling.Traces;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Optimization.Tests;

// The pair throughputs of GavelThroughputs (core) that space sharing reads, and the reader's strictness.
public sealed class GavelThroughputsPairTests
{
    [Fact]
    public void TryGetPairThroughputs_RealFile_IsThePairEntry()
    {
        string path = SharedData.RequireFile("traces/gavel/simulation_throughputs.json");
        using FileStream stream = File.OpenRead(path);
        GavelThroughputs table = GavelThroughputs.Load(stream);

        // "v100" → "('ResNet-18 (batch size 16)', 1)" → "('ResNet-18 (batch size 256)', 1)": [24.45464779058787, 10.300256501360458].
        Assert.True(table.TryGetPairThroughputs("v100", "ResNet-18 (batch size 16)", 1, "ResNet-18 (batch size 256)", 1, out double self, out double other));
        Assert.Equal(24.45464779058787, self);
        Assert.Equal(10.300256501360458, other);
        Assert.False(table.TryGetPairThroughputs("v100", "ResNet-18 (batch size 16)", 1, "ResNet-18 (batch size 256)", 2, out _, out _));
    }

    [Fact]
    public void TryGetPairThroughputs_ZeroPair_IsUnknown()
    {
        GavelThroughputs table = GavelThroughputs.Parse(RoundSimulatorTests.Table);

        Assert.False(table.TryGetPairThroughputs("v100", "B", 1, "B", 1, out _, out _));
        Assert.True(table.TryGetPairThroughputs("v100", "A", 1, "B", 1, out double a, out double b));
        Assert.Equal((8.0, 2.1), (a, b));
    }

    [Theory]
    [InlineData("""{"v100": {"('A', 1)": 3}}""", "('A', 1)")]
    [InlineData("""{"v100": {"('A', 1)": {"null": "fast"}}}""", "null")]
    [InlineData("""{"v100": {"('A', 1)": {"null": -1}}}""", "null")]
    [InlineData("""{"v100": {"('A', 1)": {"null": 1, "('B', 1)": [1]}}}""", "('B', 1)")]
    [InlineData("""{"v100": {"('A', 1)": {"null": 1, "('B', 1)": [1, "x"]}}}""", "('B', 1)")]
    [InlineData("""{"v100": {"('A', 1)": {"null": 1, "B": [1, 1]}}}""", "\"B\"")]
    public void Parse_MalformedEntry_ThrowsNamingFileAndKey(string json, string key)
    {
        var exception = Assert.Throws<TraceFormatException>(() => GavelThroughputs.Parse(json));

        Assert.Contains("simulation_throughputs.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
        Assert.Contains("'v100'", exception.Message, StringComparison.Ordinal);
    }

    // Thousands of mutations of a valid file (characters replaced, deleted, duplicated or inserted): each is either
    // read or rejected with TraceFormatException, never another exception.
    [Property(MaxTest = 4000)]
    public Property Parse_MutatedInput_ParsesOrThrowsTraceFormatException() => Prop.ForAll(
        Mutations().ToArbitrary(),
        json =>
        {
            try
            {
                GavelThroughputs table = GavelThroughputs.Parse(json);
                return table.DeviceTypes.Count >= 0;
            }
            catch (TraceFormatException)
            {
                return true;
            }
        });

    private static Gen<string> Mutations() =>
        from count in Gen.Choose(1, 6)
        from edits in Gen.ArrayOf(
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, RoundSimulatorTests.Table.Length - 1)
            from character in Gen.Elements("{}[]\",:0123456789-.eE'()nul \\xA".ToCharArray())
            select (kind, position, character), count)
        select Apply(edits);

    private static string Apply((int Kind, int Position, char Character)[] edits)
    {
        var builder = new StringBuilder(RoundSimulatorTests.Table);
        foreach ((int kind, int position, char character) in edits)
        {
            int at = Math.Min(position, builder.Length - 1);
            if (at < 0)
            {
                break;
            }

            switch (kind)
            {
                case 0: builder[at] = character; break;
                case 1: builder.Remove(at, 1); break;
                case 2: builder.Insert(at, builder[at]); break;
                default: builder.Insert(at, character); break;
            }
        }

        return builder.ToString();
    }
}
