namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLProfilerOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreTheDocumentedOnes()
    {
        var options = new OpenCLProfilerOptions();

        Assert.Equal(32L * 1024 * 1024, options.BufferBytes);
        Assert.Equal(3, options.Repetitions);
        Assert.Equal(8192, options.FmaWorkItems);
        Assert.Equal(2048, options.FmaIterations);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(4098)]
    [InlineData(-4096)]
    public void BufferBytes_Invalid_Throws(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>("BufferBytes", () => new OpenCLProfiler(new OpenCLProfilerOptions { BufferBytes = value }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Repetitions_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>("Repetitions", () => new OpenCLProfiler(new OpenCLProfilerOptions { Repetitions = value }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData((1 << 26) + 1)]
    public void FmaWorkItems_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>("FmaWorkItems", () => new OpenCLProfiler(new OpenCLProfilerOptions { FmaWorkItems = value }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData((1 << 24) + 1)]
    public void FmaIterations_OutOfRange_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>("FmaIterations", () => new OpenCLProfiler(new OpenCLProfilerOptions { FmaIterations = value }));
    }

    [Fact]
    public void Setters_ValidValues_AreKept()
    {
        var options = new OpenCLProfilerOptions { BufferBytes = 8192, Repetitions = 1000, FmaWorkItems = 1, FmaIterations = 1 << 24 };

        Assert.Equal(8192, options.BufferBytes);
        Assert.Equal(1000, options.Repetitions);
        Assert.Equal(1, options.FmaWorkItems);
        Assert.Equal(1 << 24, options.FmaIterations);
    }

    [Fact]
    public void Profiler_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        var options = new OpenCLProfilerOptions { Repetitions = 2 };
        var profiler = new OpenCLProfiler(options);

        options.Repetitions = 0;
        options.BufferBytes = 1;

        Assert.NotNull(profiler);
        Assert.Throws<ArgumentOutOfRangeException>("BufferBytes", () => new OpenCLProfiler(options));
    }
}
