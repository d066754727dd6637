using Aios.Hardware.OpenCL.Interop;

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
}
