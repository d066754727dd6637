using Aios.Hardware.OpenCL.Interop;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Hardware.OpenCL.Tests.Interop;

public sealed class OpenCLDeviceEnumeratorTests
{
    [Theory]
    [InlineData(4UL, "NVIDIA H100", "NVIDIA Corporation", DeviceKind.Gpu)]
    [InlineData(2UL, "pthread-skylake", "AuthenticAMD", DeviceKind.Cpu)]
    [InlineData(1UL | 4UL, "gfx90a", "AMD", DeviceKind.Gpu)]
    [InlineData(8UL, "Intel(R) FPGA Emulation Device", "Intel(R) Corporation", DeviceKind.Fpga)]
    [InlineData(8UL, "xilinx_u250_gen3x16", "Xilinx", DeviceKind.Fpga)]
    [InlineData(8UL, "Card", "Xilinx, Inc.", DeviceKind.Fpga)]
    [InlineData(8UL, "Cell SPE", "IBM", DeviceKind.Accelerator)]
    [InlineData(16UL, "Custom DSP", "TI", DeviceKind.Other)]
    public void KindOf_DeviceType_MapsToKind(ulong type, string name, string vendor, DeviceKind expected)
    {
        Assert.Equal(expected, OpenCLDeviceEnumerator.KindOf(type, name, vendor));
    }

    [Theory]
    [InlineData("OpenCL 3.0 PoCL HSTR: pthread-x86_64", 3, 0)]
    [InlineData("OpenCL C 1.2 PoCL", 1, 2)]
    [InlineData("OpenCL 1.2 CUDA 12.4.131", 1, 2)]
    [InlineData("OpenCL C 12.10", 12, 10)]
    public void TryParseVersion_OpenCLVersionText_ReadsMajorMinor(string text, int major, int minor)
    {
        Assert.True(OpenCLDeviceEnumerator.TryParseVersion(text, out Version? version));
        Assert.Equal(new Version(major, minor), version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3.0")]
    [InlineData("OpenCL x.y")]
    public void TryParseVersion_OtherText_Fails(string text)
    {
        Assert.False(OpenCLDeviceEnumerator.TryParseVersion(text, out Version? version));
        Assert.Null(version);
    }

    [Property(MaxTest = 2000)]
    public Property TryParseVersion_AnyMajorMinorWithSuffix_RoundTrips()
        => Prop.ForAll(
            Gen.Choose(0, 9999).ToArbitrary(),
            Gen.Choose(0, 9999).ToArbitrary(),
            Gen.Elements("", " PoCL", " CUDA 12.4", " HSTR: x 1.2").ToArbitrary(),
            (major, minor, suffix) => OpenCLDeviceEnumerator.TryParseVersion($"OpenCL {major}.{minor}{suffix}", out Version? version)
                && version == new Version(major, minor));

    [Property(MaxTest = 2000)]
    public Property KindOf_GpuBit_WinsOverEveryOtherBit()
        => Prop.ForAll(
            Gen.Choose(0, 31).ToArbitrary(),
            bits => OpenCLDeviceEnumerator.KindOf((ulong)bits | 4UL, "FPGA Xilinx", "Altera") == DeviceKind.Gpu);
}
