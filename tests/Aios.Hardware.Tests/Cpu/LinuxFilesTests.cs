using System.Text;
using Aios.Hardware.Cpu;

namespace Aios.Hardware.Tests.Cpu;

public sealed class LinuxFilesTests
{
    private const string Meminfo = "MemTotal:       65536000 kB\nMemFree:        16384000 kB\nMemAvailable:   32768000 kB\nHugePages_Total:       0\n";

    [Theory]
    [InlineData("MemTotal:", 65536000L * 1024)]
    [InlineData("MemAvailable:", 32768000L * 1024)]
    [InlineData("HugePages_Total:", 0L)]
    public void TryFindBytes_MeminfoKey_ReturnsBytes(string key, long expected)
    {
        Assert.True(LinuxFiles.TryFindBytes(Encoding.ASCII.GetBytes(Meminfo), Encoding.ASCII.GetBytes(key), out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void TryFindBytes_MissingKey_ReturnsFalse() =>
        Assert.False(LinuxFiles.TryFindBytes(Encoding.ASCII.GetBytes(Meminfo), "SwapTotal:"u8, out _));

    [Theory]
    [InlineData("32768K", 32L * 1024 * 1024)]
    [InlineData("1M\n", 1024L * 1024)]
    [InlineData("512", 512L)]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    public void TryParseSize_SysfsCacheSize_ReturnsBytes(string text, long expected)
    {
        Assert.True(LinuxFiles.TryParseSize(text, out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12X")]
    [InlineData("K")]
    public void TryParseSize_Malformed_ReturnsFalse(string text) =>
        Assert.False(LinuxFiles.TryParseSize(text, out _));

    [Fact]
    public void TryReadInt64_MissingFile_ReturnsFalse() =>
        Assert.False(LinuxFiles.TryReadInt64(Path.Combine(Path.GetTempPath(), "aios-missing-" + Guid.NewGuid().ToString("N")), out _));

    [Fact]
    public void TryRead_StopMarkerFound_StopsAndKeepsWhatWasRead()
    {
        using var host = new LinuxHostFixture();
        host.Write("stat", "cpu0 1 2 3\nintr " + new string('9', 100_000) + "\n");
        byte[] buffer = new byte[64];

        ReadOutcome outcome = LinuxFiles.TryRead(Path.Combine(host.Root, "stat"), ref buffer, "\nintr"u8, out int length);

        Assert.Equal(ReadOutcome.Read, outcome);
        Assert.True(length < 100_000, $"read {length} bytes past the marker");
        Assert.StartsWith("cpu0 1 2 3\nintr", Encoding.ASCII.GetString(buffer, 0, length), StringComparison.Ordinal);
    }
}
