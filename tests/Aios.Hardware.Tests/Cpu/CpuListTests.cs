using Aios.Hardware.Cpu;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0-3,8,10-11\n", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("", new int[0])]
    [InlineData(" \n", new int[0])]
    [InlineData("3,1-2,2", new[] { 1, 2, 3 })]
    [InlineData("0 - 1 , 4", new[] { 0, 1, 4 })]
    [InlineData("65535", new[] { 65535 })]
    public void Parse_KernelList_ReturnsAscendingDistinctCpus(string text, int[] expected) =>
        Assert.Equal(expected, CpuList.Parse(text));

    [Theory]
    [InlineData("2-1,4", "'2-1'")]
    [InlineData("x,4", "'x'")]
    [InlineData("1,,2", "''")]
    [InlineData("-3", "'-3'")]
    [InlineData("1-2-3", "'1-2-3'")]
    [InlineData("65536", "'65536'")]
    [InlineData("+1", "'+1'")]
    public void Parse_NotACpuList_ThrowsFormatExceptionNamingThePart(string text, string part)
    {
        FormatException exception = Assert.Throws<FormatException>(() => CpuList.Parse(text));

        Assert.Contains($"{part} is not a CPU from 0 to 65535", exception.Message, StringComparison.Ordinal);
        Assert.False(CpuList.TryParse(text, out int[]? cpus));
        Assert.Null(cpus);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(CpuList.TryParse((string?)null, out _));

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 8, 10, 11 }, "0-3,8,10-11")]
    [InlineData(new[] { 7 }, "7")]
    [InlineData(new int[0], "")]
    public void Format_AscendingCpus_CollapsesRuns(int[] cpus, string expected) =>
        Assert.Equal(expected, CpuList.Format(cpus));

    [Property(MaxTest = 3000)]
    public bool Format_ThenParse_ReturnsTheSameSet(byte[] cpus)
    {
        int[] set = [.. cpus.Select(c => (int)c).Distinct().Order()];
        return CpuList.Parse(CpuList.Format(set)).SequenceEqual(set);
    }

    [Property(MaxTest = 5000)]
    public Property Parse_AnyText_ReturnsAscendingDistinctCpusOrThrowsFormatException() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("0", "1", "7", "12", "-", ",", " ", "x", "99999")).Select(parts => string.Concat(parts)).ToArbitrary(), text =>
        {
            try
            {
                int[] cpus = CpuList.Parse(text);
                return cpus.Zip(cpus.Skip(1)).All(pair => pair.First < pair.Second) && CpuList.TryParse(text, out int[]? again) && again.SequenceEqual(cpus);
            }
            catch (FormatException exception)
            {
                return exception.Message.Contains("is not a Linux CPU list", StringComparison.Ordinal) && !CpuList.TryParse(text, out _);
            }
        });
}
