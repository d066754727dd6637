using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL.Tests.Interop;

public sealed class OpenCLLibraryTests
{
    [Fact]
    public void TryLoad_MissingLibrary_ReturnsTheReason()
    {
        Assert.False(OpenCLLibrary.TryLoad("libOpenCL-aios-missing.so.1", out string? reason));
        Assert.Equal("libOpenCL-aios-missing.so.1 not found: install an OpenCL ICD loader (e.g. ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd)", reason);
    }

    [Fact]
    public void TryLoad_InstalledLoader_Succeeds()
    {
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(OpenCLLibrary.DefaultName, out nint handle))
        {
            Assert.Skip("libOpenCL.so.1 is not installed here (apt-get install ocl-icd-libopencl1)");
        }

        System.Runtime.InteropServices.NativeLibrary.Free(handle);

        Assert.True(OpenCLLibrary.TryLoad(OpenCLLibrary.DefaultName, out string? reason));
        Assert.Null(reason);
    }
}
