namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLExceptionTests
{
    [Fact]
    public void Constructor_CallAndCode_NamesBoth()
    {
        var exception = new OpenCLException("clBuildProgram", -11, "Build log: error");

        Assert.Equal("clBuildProgram", exception.FunctionName);
        Assert.Equal(-11, exception.ErrorCode);
        Assert.Equal("CL_BUILD_PROGRAM_FAILURE", exception.ErrorName);
        Assert.Equal("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11). Build log: error", exception.Message);
    }

    [Theory]
    [InlineData(-1001, "CL_PLATFORM_NOT_FOUND_KHR")]
    [InlineData(-5, "CL_OUT_OF_RESOURCES")]
    [InlineData(-61, "CL_INVALID_BUFFER_SIZE")]
    [InlineData(-9999, "CL_ERROR_-9999")]
    public void ErrorName_KnownAndUnknownCodes_AreNamed(int code, string name)
    {
        Assert.Equal(name, new OpenCLException("clFinish", code).ErrorName);
    }

    [Fact]
    public void Constructor_Message_HasNoCall()
    {
        var inner = new InvalidOperationException("x");

        var exception = new OpenCLException("wrong result", inner);

        Assert.Equal("wrong result", exception.Message);
        Assert.Same(inner, exception.InnerException);
        Assert.Equal(string.Empty, exception.FunctionName);
        Assert.Equal(0, exception.ErrorCode);
    }

    [Fact]
    public void Constructor_NullCall_Throws()
    {
        Assert.Throws<ArgumentNullException>("functionName", () => new OpenCLException(null!, -1));
    }
}
