namespace Aios.Hardware.Cuda.Interop;

/// <summary>
/// NVML return codes (<c>nvmlReturn_t</c> in nvml.h) and their names, as documented in the NVML API reference
/// ("Error reporting"). Only the values this adapter acts on are named as constants.
/// </summary>
internal static class NvmlReturn
{
    public const int Success = 0;
    public const int Uninitialized = 1;
    public const int InvalidArgument = 2;
    public const int NotSupported = 3;
    public const int NoPermission = 4;
    public const int NotFound = 6;
    public const int InsufficientSize = 7;
    public const int DriverNotLoaded = 9;
    public const int LibraryNotFound = 12;
    public const int FunctionNotFound = 13;
    public const int GpuIsLost = 15;
    public const int Unknown = 999;

    private static readonly string[] Names =
    [
        "NVML_SUCCESS",
        "NVML_ERROR_UNINITIALIZED",
        "NVML_ERROR_INVALID_ARGUMENT",
        "NVML_ERROR_NOT_SUPPORTED",
        "NVML_ERROR_NO_PERMISSION",
        "NVML_ERROR_ALREADY_INITIALIZED",
        "NVML_ERROR_NOT_FOUND",
        "NVML_ERROR_INSUFFICIENT_SIZE",
        "NVML_ERROR_INSUFFICIENT_POWER",
        "NVML_ERROR_DRIVER_NOT_LOADED",
        "NVML_ERROR_TIMEOUT",
        "NVML_ERROR_IRQ_ISSUE",
        "NVML_ERROR_LIBRARY_NOT_FOUND",
        "NVML_ERROR_FUNCTION_NOT_FOUND",
        "NVML_ERROR_CORRUPTED_INFOROM",
        "NVML_ERROR_GPU_IS_LOST",
        "NVML_ERROR_RESET_REQUIRED",
        "NVML_ERROR_OPERATING_SYSTEM",
        "NVML_ERROR_LIB_RM_VERSION_MISMATCH",
        "NVML_ERROR_IN_USE",
        "NVML_ERROR_MEMORY",
        "NVML_ERROR_NO_DATA",
        "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED",
        "NVML_ERROR_INSUFFICIENT_RESOURCES",
        "NVML_ERROR_FREQ_NOT_SUPPORTED",
        "NVML_ERROR_ARGUMENT_VERSION_MISMATCH",
        "NVML_ERROR_DEPRECATED",
        "NVML_ERROR_NOT_READY",
        "NVML_ERROR_GPU_NOT_FOUND",
        "NVML_ERROR_INVALID_STATE",
        "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED",
    ];

    /// <summary>The nvml.h name of a return code, e.g. <c>NVML_ERROR_GPU_IS_LOST</c> for 15.</summary>
    public static string Name(int code) => code switch
    {
        >= 0 when code < Names.Length => Names[code],
        Unknown => "NVML_ERROR_UNKNOWN",
        _ => $"NVML_ERROR_{code}",
    };
}
