using Aios.Hardware.Cuda.Interop;

namespace Aios.Hardware.Cuda;

/// <summary>
/// An NVML call failed: names the function and the <c>nvmlReturn_t</c> code (number and nvml.h name).
/// </summary>
/// <remarks>
/// Discovery never throws this: there a failure becomes an unavailable provider or a device's health. It is thrown
/// where a caller asks for something NVML cannot give, e.g. telemetry when NVML cannot be initialized.
/// Return codes: NVML API reference, <c>nvmlReturn_t</c>.
/// </remarks>
public sealed class NvmlException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public NvmlException()
        : this("An NVML call failed.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">What failed.</param>
    public NvmlException(string message)
        : base(message)
    {
        Function = string.Empty;
        ReturnCode = NvmlReturn.Unknown;
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public NvmlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Function = string.Empty;
        ReturnCode = NvmlReturn.Unknown;
    }

    /// <summary>Creates an exception for <paramref name="function"/> returning <paramref name="returnCode"/>.</summary>
    /// <param name="function">The NVML function that failed, e.g. <c>nvmlInit_v2</c>.</param>
    /// <param name="returnCode">The <c>nvmlReturn_t</c> it returned.</param>
    /// <exception cref="ArgumentException"><paramref name="function"/> is null, empty or white space.</exception>
    public NvmlException(string function, int returnCode)
        : base(FormatMessage(function, returnCode))
    {
        Function = function;
        ReturnCode = returnCode;
    }

    /// <summary>The NVML function that failed, e.g. <c>nvmlInit_v2</c>; empty when not known.</summary>
    public string Function { get; }

    /// <summary>The <c>nvmlReturn_t</c> value the function returned (999, <c>NVML_ERROR_UNKNOWN</c>, when not known).</summary>
    public int ReturnCode { get; }

    /// <summary>The nvml.h name of <see cref="ReturnCode"/>, e.g. <c>NVML_ERROR_GPU_IS_LOST</c>.</summary>
    public string ReturnCodeName => NvmlReturn.Name(ReturnCode);

    private static string FormatMessage(string function, int returnCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        return $"{function} failed with {NvmlReturn.Name(returnCode)} ({returnCode}).";
    }
}
