using Aios.Hardware.Cpu;
using FsCheck.Xunit;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0-3,8,10-11\n", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("", new int[0])]
    [InlineData("2-1,x,4", new[] { 4 })]
    [InlineData("3,1-2,2", new[] { 1, 2, 3 })]
    public void Parse_KernelList_ReturnsAscendingDistinctCpus(string text, int[] expected) =>
        Assert.Equal(expected, CpuList.Parse(text));

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
}
