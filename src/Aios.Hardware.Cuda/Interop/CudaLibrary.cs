using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Aios.Hardware.Cuda.Interop;

/// <summary>
/// The CUDA driver API entry points this adapter calls, bound from one loaded copy of <c>libcuda.so.1</c>.
/// </summary>
/// <remarks>
/// Bound through unmanaged function pointers for the reason given on <see cref="NvmlLibrary"/>. Signatures and
/// attribute numbers: CUDA Driver API reference (docs.nvidia.com/cuda/cuda-driver-api), cuda.h
/// (<c>CUdevice_attribute</c>).
/// </remarks>
internal sealed unsafe class CudaLibrary
{
    /// <summary><c>CUDA_SUCCESS</c>.</summary>
    public const int Success = 0;

    /// <summary><c>CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT</c>.</summary>
    public const int AttributeMultiprocessorCount = 16;

    /// <summary><c>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR</c>.</summary>
    public const int AttributeComputeCapabilityMajor = 75;

    /// <summary><c>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR</c>.</summary>
    public const int AttributeComputeCapabilityMinor = 76;

    private readonly delegate* unmanaged<uint, int> _init;
    private readonly delegate* unmanaged<int*, int> _deviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> _deviceGet;
    private readonly delegate* unmanaged<byte*, int, int> _deviceGetUuid;
    private readonly delegate* unmanaged<int*, int, int, int> _deviceGetAttribute;

    private CudaLibrary(nint library)
    {
        _init = (delegate* unmanaged<uint, int>)Export(library, "cuInit");
        _deviceGetCount = (delegate* unmanaged<int*, int>)Export(library, "cuDeviceGetCount");
        _deviceGet = (delegate* unmanaged<int*, int, int>)Export(library, "cuDeviceGet");
        // cuDeviceGetUuid_v2 reports MIG instances by their own UUID; the unversioned one predates MIG (CUDA 11.4 notes).
        _deviceGetUuid = (delegate* unmanaged<byte*, int, int>)Export(library, "cuDeviceGetUuid_v2");
        if (_deviceGetUuid is null)
        {
            _deviceGetUuid = (delegate* unmanaged<byte*, int, int>)Export(library, "cuDeviceGetUuid");
        }

        _deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)Export(library, "cuDeviceGetAttribute");
    }

    /// <summary>Loads the CUDA driver library from <paramref name="path"/> when present and complete.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out CudaLibrary? library)
    {
        library = null;
        if (!NativeLibrary.TryLoad(path, out nint handle))
        {
            return false;
        }

        var candidate = new CudaLibrary(handle);
        if (candidate._init is null || candidate._deviceGetCount is null || candidate._deviceGet is null
            || candidate._deviceGetUuid is null || candidate._deviceGetAttribute is null)
        {
            return false;
        }

        library = candidate;
        return true;
    }

    public int Init() => _init(0);

    public int DeviceGetCount(out int count)
    {
        fixed (int* result = &count)
        {
            return _deviceGetCount(result);
        }
    }

    public int DeviceGet(int ordinal, out int device)
    {
        fixed (int* result = &device)
        {
            return _deviceGet(result, ordinal);
        }
    }

    /// <summary>The device's UUID in NVML's text form, <c>GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public int DeviceGetUuid(int device, out Guid uuid)
    {
        byte* bytes = stackalloc byte[16];
        int code = _deviceGetUuid(bytes, device);
        uuid = code == Success ? new Guid(new ReadOnlySpan<byte>(bytes, 16), bigEndian: true) : Guid.Empty;
        return code;
    }

    public int DeviceGetAttribute(int device, int attribute, out int value)
    {
        fixed (int* result = &value)
        {
            return _deviceGetAttribute(result, attribute, device);
        }
    }

    private static void* Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address) ? (void*)address : null;
}
