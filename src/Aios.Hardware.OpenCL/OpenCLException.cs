using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL;

/// <summary>
/// An OpenCL API call failed: the message names the call and the <c>CL_…</c> error code, and for a kernel that
/// did not build, the compiler's log.
/// </summary>
/// <remarks>Error codes are those of the Khronos OpenCL specification, appendix "Error Codes".</remarks>
public sealed class OpenCLException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpenCLException()
        : this("An OpenCL call failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What failed and what to do.</param>
    public OpenCLException(string message)
        : base(message)
    {
        FunctionName = string.Empty;
        ErrorName = string.Empty;
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public OpenCLException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionName = string.Empty;
        ErrorName = string.Empty;
    }

    /// <summary>Creates an exception for the OpenCL call <paramref name="functionName"/> that returned <paramref name="errorCode"/>.</summary>
    /// <param name="functionName">The OpenCL function, e.g. <c>clBuildProgram</c>.</param>
    /// <param name="errorCode">The negative <c>cl_int</c> status it returned.</param>
    /// <param name="detail">More context (e.g. the build log), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="functionName"/> is <see langword="null"/>.</exception>
    public OpenCLException(string functionName, int errorCode, string? detail = null)
        : base(FormatMessage(functionName, errorCode, detail))
    {
        FunctionName = functionName;
        ErrorCode = errorCode;
        ErrorName = OpenCLErrorNames.Of(errorCode);
    }

    /// <summary>Gets the OpenCL function that failed (empty when not from a call).</summary>
    public string FunctionName { get; }

    /// <summary>Gets the <c>cl_int</c> status the call returned (0 when not from a call).</summary>
    public int ErrorCode { get; }

    /// <summary>Gets the symbolic name of <see cref="ErrorCode"/>, e.g. <c>CL_BUILD_PROGRAM_FAILURE</c> (empty when not from a call).</summary>
    public string ErrorName { get; }

    private static string FormatMessage(string functionName, int errorCode, string? detail)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        string message = $"{functionName} failed with {OpenCLErrorNames.Of(errorCode)} ({errorCode}).";
        return detail is null ? message : message + " " + detail;
    }
}
