namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLProfilerTests
{
    private static readonly OpenCLProfilerOptions Small = new() { BufferBytes = 4L * 1024 * 1024, Repetitions = 2, FmaWorkItems = 1024, FmaIterations = 256 };

    [Fact]
    public async Task ProfileAsync_PoclCpuDevice_ReturnsPositiveFiniteFiguresAndTheSizesUsed()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        DeviceProfile profile = await new OpenCLProfiler(Small).ProfileAsync(device, TestContext.Current.CancellationToken);

        Assert.Equal(device.Id, profile.Device);
        Assert.True(double.IsFinite(profile.BandwidthBytesPerSecond) && profile.BandwidthBytesPerSecond > 0, $"bandwidth {profile.BandwidthBytesPerSecond}");
        Assert.True(double.IsFinite(profile.Fp32FlopsPerSecond) && profile.Fp32FlopsPerSecond > 0, $"flops {profile.Fp32FlopsPerSecond}");
        Assert.Equal(profile.Fp32FlopsPerSecond / 1e9, profile.Fp32Gflops);
        Assert.Equal(4L * 1024 * 1024, profile.BufferBytes);
        Assert.Equal(2, profile.Repetitions);
        Assert.Equal(1024, profile.FmaWorkItems);
        Assert.Equal(256, profile.FmaIterations);
    }

    [Fact]
    public async Task ProfileAsync_DefaultOptions_Completes()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        DeviceProfile profile = await new OpenCLProfiler().ProfileAsync(device, TestContext.Current.CancellationToken);

        Assert.Equal(OpenCLProfilerOptions.DefaultBufferBytes, profile.BufferBytes);
        Assert.True(profile.BandwidthBytesPerSecond > 0);
        Assert.True(profile.Fp32FlopsPerSecond > 0);
    }

    [Fact]
    public async Task ProfileAsync_NullDevice_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>("device", () => new OpenCLProfiler().ProfileAsync(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProfileAsync_CancelledToken_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OpenCLProfiler(Small).ProfileAsync(device, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ProfileAsync_DeviceOfAnotherProvider_Throws()
    {
        var device = new Device { Id = new DeviceId("cuda", "GPU-0"), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "H100" };

        await Assert.ThrowsAsync<ArgumentException>("device", () => new OpenCLProfiler().ProfileAsync(device, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProfileAsync_UnknownOpenCLDevice_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        var device = new Device { Id = new DeviceId("opencl", "no-such-platform/no-such-device/0"), Kind = DeviceKind.Gpu, Vendor = "none", Name = "none" };

        await Assert.ThrowsAsync<ArgumentException>("device", () => new OpenCLProfiler(Small).ProfileAsync(device, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProfileAsync_Partition_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();
        if (device.Partitions.Count == 0)
        {
            Assert.Skip("the PoCL device has no partitions here");
        }

        await Assert.ThrowsAsync<ArgumentException>("device", () => new OpenCLProfiler(Small).ProfileAsync(device.Partitions[0], TestContext.Current.CancellationToken));
    }
}
