namespace Aios.Hardware.Cuda.Tests;

public sealed class NvmlExceptionTests
{
    [Theory]
    [InlineData(0, "NVML_SUCCESS")]
    [InlineData(3, "NVML_ERROR_NOT_SUPPORTED")]
    [InlineData(4, "NVML_ERROR_NO_PERMISSION")]
    [InlineData(9, "NVML_ERROR_DRIVER_NOT_LOADED")]
    [InlineData(12, "NVML_ERROR_LIBRARY_NOT_FOUND")]
    [InlineData(15, "NVML_ERROR_GPU_IS_LOST")]
    [InlineData(999, "NVML_ERROR_UNKNOWN")]
    [InlineData(400, "NVML_ERROR_400")]
    public void ReturnCodeName_NvmlCode_IsTheHeaderName(int code, string name)
    {
        var exception = new NvmlException("nvmlDeviceGetCount_v2", code);

        Assert.Equal(name, exception.ReturnCodeName);
        Assert.Equal(code, exception.ReturnCode);
    }

    [Fact]
    public void Message_FunctionAndCode_NamesBoth()
    {
        var exception = new NvmlException("nvmlDeviceGetMemoryInfo", 15);

        Assert.Equal("nvmlDeviceGetMemoryInfo failed with NVML_ERROR_GPU_IS_LOST (15).", exception.Message);
        Assert.Equal("nvmlDeviceGetMemoryInfo", exception.Function);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Constructor_BlankFunction_Throws(string function)
    {
        Assert.Throws<ArgumentException>(() => new NvmlException(function, 3));
    }

    [Fact]
    public void Constructor_MessageAndInner_KeepsBothWithUnknownCode()
    {
        var inner = new InvalidOperationException("inner");

        var exception = new NvmlException("outer", inner);

        Assert.Same(inner, exception.InnerException);
        Assert.Equal("outer", exception.Message);
        Assert.Equal("NVML_ERROR_UNKNOWN", exception.ReturnCodeName);
        Assert.Equal(string.Empty, exception.Function);
    }
}
