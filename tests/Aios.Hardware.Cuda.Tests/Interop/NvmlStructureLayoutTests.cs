using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aios.Hardware.Cuda.Interop;

namespace Aios.Hardware.Cuda.Tests.Interop;

public sealed class NvmlStructureLayoutTests
{
    [Fact]
    public void SizeOf_EachStructure_MatchesTheNvmlHeaderLayout()
    {
        Assert.Equal(24, Unsafe.SizeOf<NvmlMemory>());
        Assert.Equal(8, Unsafe.SizeOf<NvmlUtilization>());
        Assert.Equal(68, Unsafe.SizeOf<NvmlPciInfo>());
        Assert.Equal(40, Unsafe.SizeOf<NvmlDeviceAttributes>());
    }

    [Fact]
    public void OffsetOf_PciInfoFields_MatchTheNvmlHeaderLayout()
    {
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlPciInfo>(nameof(NvmlPciInfo.Domain)));
        Assert.Equal(36, (int)Marshal.OffsetOf<NvmlPciInfo>(nameof(NvmlPciInfo.BusId)));
        Assert.Equal(32, (int)Marshal.OffsetOf<NvmlDeviceAttributes>(nameof(NvmlDeviceAttributes.MemorySizeMB)));
    }
}
