namespace Aios.Hardware.OpenCL.Tests;

public sealed class DeviceProfileTests
{
    private static readonly Device Sample = new()
    {
        Id = new DeviceId("opencl", "p/d/0"),
        Kind = DeviceKind.Cpu,
        Vendor = "v",
        Name = "d",
        Attributes = new Dictionary<string, DeviceAttribute> { [OpenCLAttributeNames.Platform] = DeviceAttribute.FromString("p") },
    };

    [Fact]
    public void AttachTo_SameDevice_AddsRoundedIntegerAttributesAndKeepsOthers()
    {
        var profile = new DeviceProfile(Sample.Id, 12_345_678.6, 9.4e10, 4096, 3, 64, 8);

        Device device = profile.AttachTo(Sample);

        Assert.True(device.Attributes[OpenCLAttributeNames.MeasuredBandwidthBytesPerSecond].TryGetInteger(out long bandwidth));
        Assert.Equal(12_345_679, bandwidth);
        Assert.True(device.Attributes[OpenCLAttributeNames.MeasuredFp32Flops].TryGetInteger(out long flops));
        Assert.Equal(94_000_000_000, flops);
        Assert.Equal("p", device.Attributes[OpenCLAttributeNames.Platform].ToString());
        Assert.False(Sample.Attributes.ContainsKey(OpenCLAttributeNames.MeasuredFp32Flops));
    }

    [Fact]
    public void AttachTo_OtherDevice_Throws()
    {
        var profile = new DeviceProfile(new DeviceId("opencl", "other"), 1, 1, 4096, 1, 1, 1);

        Assert.Throws<ArgumentException>("device", () => profile.AttachTo(Sample));
    }

    [Fact]
    public void AttachTo_Null_Throws()
    {
        var profile = new DeviceProfile(Sample.Id, 1, 1, 4096, 1, 1, 1);

        Assert.Throws<ArgumentNullException>("device", () => profile.AttachTo(null!));
    }

    [Fact]
    public void Gigabytes_AreTheFiguresOverABillion()
    {
        var profile = new DeviceProfile(Sample.Id, 2.5e10, 7.5e11, 4096, 1, 1, 1);

        Assert.Equal(25.0, profile.BandwidthGigabytesPerSecond);
        Assert.Equal(750.0, profile.Fp32Gflops);
    }
}
