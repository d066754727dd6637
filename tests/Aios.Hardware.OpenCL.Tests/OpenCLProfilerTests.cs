namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLProfilerTests
{
    private static readonly OpenCLProfilerOptions Small = new() { BufferBytes = 4L * 1024 * 1024, Repetitions = 2, FmaWorkItems = 1024, FmaIterations = 256 };

    [Fact]
    public async Task Profile_PoclCpuDevice_ReturnsPositiveFiniteFiguresAndTheSizesUsed()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        DeviceProfile profile = new OpenCLProfiler(Small).Profile(device, TestContext.Current.CancellationToken);

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
    public async Task Profile_DefaultOptions_Completes()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        DeviceProfile profile = new OpenCLProfiler().Profile(device, TestContext.Current.CancellationToken);

        Assert.Equal(OpenCLProfilerOptions.DefaultBufferBytes, profile.BufferBytes);
        Assert.True(profile.BandwidthBytesPerSecond > 0);
        Assert.True(profile.Fp32FlopsPerSecond > 0);
    }

    [Fact]
    public void Profile_NullDevice_Throws()
    {
        Assert.Throws<ArgumentNullException>("device", () => new OpenCLProfiler().Profile(null!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Profile_CancelledToken_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();

        Assert.ThrowsAny<OperationCanceledException>(() => new OpenCLProfiler(Small).Profile(device, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Profile_DeviceOfAnotherProvider_Throws()
    {
        var device = new Device { Id = new DeviceId("cuda", "GPU-0"), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "H100" };

        Assert.Throws<ArgumentException>("device", () => new OpenCLProfiler().Profile(device, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Profile_UnknownOpenCLDevice_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        var device = new Device { Id = new DeviceId("opencl", "no-such-platform/no-such-device/0"), Kind = DeviceKind.Gpu, Vendor = "none", Name = "none" };

        Assert.Throws<ArgumentException>("device", () => new OpenCLProfiler(Small).Profile(device, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Profile_Partition_Throws()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await OpenCLDeviceProviderTests.FindPoclCpuAsync();
        if (device.Partitions.Count == 0)
        {
            Assert.Skip("the PoCL device has no partitions here");
        }

        Assert.Throws<ArgumentException>("device", () => new OpenCLProfiler(Small).Profile(device.Partitions[0], TestContext.Current.CancellationToken));
    }
}
