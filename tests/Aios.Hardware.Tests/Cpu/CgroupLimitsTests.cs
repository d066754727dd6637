using Aios.Hardware.Cpu;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CgroupLimitsTests
{
    [Theory]
    [InlineData("150000 100000", 1500)]
    [InlineData("200000 100000", 2000)]
    [InlineData("50000 100000\n", 500)]
    [InlineData("100000 50000", 2000)]
    public void TryParseCpuMax_QuotaAndPeriod_ReturnsMilliCpus(string text, long expected)
    {
        Assert.True(CgroupLimits.TryParseCpuMax(text, out long milli));
        Assert.Equal(expected, milli);
    }

    [Theory]
    [InlineData("max 100000")]
    [InlineData("max")]
    [InlineData("")]
    [InlineData("100000 0")]
    [InlineData("abc 100000")]
    public void TryParseCpuMax_NoLimitOrMalformed_ReturnsFalse(string text) =>
        Assert.False(CgroupLimits.TryParseCpuMax(text, out _));

    [Fact]
    public void Read_NestedCgroups_TakesTheMostRestrictiveLimitsAndTheLeafCpuset()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container();

        CgroupLimits limits = CgroupLimits.Read(host.Root);

        Assert.Equal(1500, limits.CpuMilli);
        Assert.Equal(3L * 1024 * 1024 * 1024, limits.MemoryBytes);
        Assert.Equal(Path.Combine(host.Root, "sys/fs/cgroup", "kubepods.slice"), limits.MemoryDirectory);
        Assert.Equal([0, 1], limits.CpuSet);
    }

    [Fact]
    public void Read_NoUnifiedHierarchyLine_ReportsNoLimits()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container()
            .Write("proc/self/cgroup", "4:memory:/docker/abc\n1:cpu:/docker/abc\n");

        Assert.Equal(CgroupLimits.None, CgroupLimits.Read(host.Root));
    }

    [Fact]
    public void Read_NoProcSelfCgroup_ReportsNoLimits()
    {
        using var host = new LinuxHostFixture();

        Assert.Equal(CgroupLimits.None, CgroupLimits.Read(host.Root));
    }
}
