using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace Aios.Hardware.Cuda.Interop;

/// <summary>
/// The NVML entry points this adapter calls, bound from one loaded copy of <c>libnvidia-ml.so.1</c>.
/// </summary>
/// <remarks>
/// Every signature is blittable, so a call through an unmanaged function pointer is exactly the stub that
/// <c>[LibraryImport]</c> would generate; binding per loaded library instead of per assembly is what lets a
/// provider be pointed at a particular library file (tests load one fake build per scenario, in parallel).
/// Entry points missing from an older driver read as <see cref="NvmlReturn.FunctionNotFound"/>.
/// Signatures and constants: NVML API reference (docs.nvidia.com/deploy/nvml-api), nvml.h.
/// </remarks>
internal sealed unsafe class NvmlLibrary
{
    /// <summary><c>NVML_TEMPERATURE_GPU</c>.</summary>
    public const int TemperatureGpu = 0;

    /// <summary><c>NVML_CLOCK_SM</c>.</summary>
    public const int ClockStreamingMultiprocessor = 1;

    /// <summary><c>NVML_NVLINK_MAX_LINKS</c> in current headers.</summary>
    public const uint MaxNvLinks = 18;

    /// <summary><c>NVML_NVLINK_DEVICE_TYPE_SWITCH</c>.</summary>
    public const int NvLinkDeviceTypeSwitch = 2;

    /// <summary><c>NVML_DEVICE_MIG_ENABLE</c>.</summary>
    public const uint MigEnabled = 1;

    private const int NameBufferSize = 96;
    private const int UuidBufferSize = 96;
    private const int VersionBufferSize = 96;

    private readonly delegate* unmanaged<int> _init;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<byte*, uint, int> _systemGetDriverVersion;
    private readonly delegate* unmanaged<uint*, int> _deviceGetCount;
    private readonly delegate* unmanaged<uint, nint*, int> _deviceGetHandleByIndex;
    private readonly delegate* unmanaged<byte*, nint*, int> _deviceGetHandleByUuid;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _deviceGetName;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _deviceGetUuid;
    private readonly delegate* unmanaged<nint, NvmlPciInfo*, int> _deviceGetPciInfo;
    private readonly delegate* unmanaged<nint, NvmlMemory*, int> _deviceGetMemoryInfo;
    private readonly delegate* unmanaged<nint, NvmlUtilization*, int> _deviceGetUtilizationRates;
    private readonly delegate* unmanaged<nint, int, uint*, int> _deviceGetTemperature;
    private readonly delegate* unmanaged<nint, uint*, int> _deviceGetPowerUsage;
    private readonly delegate* unmanaged<nint, int, uint*, int> _deviceGetClockInfo;
    private readonly delegate* unmanaged<nint, int, uint*, int> _deviceGetMaxClockInfo;
    private readonly delegate* unmanaged<nint, uint*, int> _deviceGetNumaNodeId;
    private readonly delegate* unmanaged<nint, nint, int*, int> _deviceGetTopologyCommonAncestor;
    private readonly delegate* unmanaged<nint, uint, int*, int> _deviceGetNvLinkState;
    private readonly delegate* unmanaged<nint, uint, NvmlPciInfo*, int> _deviceGetNvLinkRemotePciInfo;
    private readonly delegate* unmanaged<nint, uint, int*, int> _deviceGetNvLinkRemoteDeviceType;
    private readonly delegate* unmanaged<nint, uint, uint*, int> _deviceGetNvLinkVersion;
    private readonly delegate* unmanaged<nint, uint*, uint*, int> _deviceGetMigMode;
    private readonly delegate* unmanaged<nint, uint*, int> _deviceGetMaxMigDeviceCount;
    private readonly delegate* unmanaged<nint, uint, nint*, int> _deviceGetMigDeviceHandleByIndex;
    private readonly delegate* unmanaged<nint, NvmlDeviceAttributes*, int> _deviceGetAttributes;

    private NvmlLibrary(nint library)
    {
        _init = (delegate* unmanaged<int>)Export(library, "nvmlInit_v2");
        _shutdown = (delegate* unmanaged<int>)Export(library, "nvmlShutdown");
        _systemGetDriverVersion = (delegate* unmanaged<byte*, uint, int>)Export(library, "nvmlSystemGetDriverVersion");
        _deviceGetCount = (delegate* unmanaged<uint*, int>)Export(library, "nvmlDeviceGetCount_v2");
        _deviceGetHandleByIndex = (delegate* unmanaged<uint, nint*, int>)Export(library, "nvmlDeviceGetHandleByIndex_v2");
        _deviceGetHandleByUuid = (delegate* unmanaged<byte*, nint*, int>)Export(library, "nvmlDeviceGetHandleByUUID");
        _deviceGetName = (delegate* unmanaged<nint, byte*, uint, int>)Export(library, "nvmlDeviceGetName");
        _deviceGetUuid = (delegate* unmanaged<nint, byte*, uint, int>)Export(library, "nvmlDeviceGetUUID");
        _deviceGetPciInfo = (delegate* unmanaged<nint, NvmlPciInfo*, int>)Export(library, "nvmlDeviceGetPciInfo_v3");
        _deviceGetMemoryInfo = (delegate* unmanaged<nint, NvmlMemory*, int>)Export(library, "nvmlDeviceGetMemoryInfo");
        _deviceGetUtilizationRates = (delegate* unmanaged<nint, NvmlUtilization*, int>)Export(library, "nvmlDeviceGetUtilizationRates");
        _deviceGetTemperature = (delegate* unmanaged<nint, int, uint*, int>)Export(library, "nvmlDeviceGetTemperature");
        _deviceGetPowerUsage = (delegate* unmanaged<nint, uint*, int>)Export(library, "nvmlDeviceGetPowerUsage");
        _deviceGetClockInfo = (delegate* unmanaged<nint, int, uint*, int>)Export(library, "nvmlDeviceGetClockInfo");
        _deviceGetMaxClockInfo = (delegate* unmanaged<nint, int, uint*, int>)Export(library, "nvmlDeviceGetMaxClockInfo");
        _deviceGetNumaNodeId = (delegate* unmanaged<nint, uint*, int>)Export(library, "nvmlDeviceGetNumaNodeId");
        _deviceGetTopologyCommonAncestor = (delegate* unmanaged<nint, nint, int*, int>)Export(library, "nvmlDeviceGetTopologyCommonAncestor");
        _deviceGetNvLinkState = (delegate* unmanaged<nint, uint, int*, int>)Export(library, "nvmlDeviceGetNvLinkState");
        _deviceGetNvLinkRemotePciInfo = (delegate* unmanaged<nint, uint, NvmlPciInfo*, int>)Export(library, "nvmlDeviceGetNvLinkRemotePciInfo_v2");
        _deviceGetNvLinkRemoteDeviceType = (delegate* unmanaged<nint, uint, int*, int>)Export(library, "nvmlDeviceGetNvLinkRemoteDeviceType");
        _deviceGetNvLinkVersion = (delegate* unmanaged<nint, uint, uint*, int>)Export(library, "nvmlDeviceGetNvLinkVersion");
        _deviceGetMigMode = (delegate* unmanaged<nint, uint*, uint*, int>)Export(library, "nvmlDeviceGetMigMode");
        _deviceGetMaxMigDeviceCount = (delegate* unmanaged<nint, uint*, int>)Export(library, "nvmlDeviceGetMaxMigDeviceCount");
        _deviceGetMigDeviceHandleByIndex = (delegate* unmanaged<nint, uint, nint*, int>)Export(library, "nvmlDeviceGetMigDeviceHandleByIndex");
        _deviceGetAttributes = (delegate* unmanaged<nint, NvmlDeviceAttributes*, int>)Export(library, "nvmlDeviceGetAttributes_v2");
    }

    /// <summary>
    /// Loads NVML from <paramref name="path"/> (a soname searched the usual way, or a file), or says why it could not.
    /// </summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out NvmlLibrary? library, [NotNullWhen(false)] out string? reason)
    {
        string file = Path.GetFileName(path);
        if (!NativeLibrary.TryLoad(path, out nint handle))
        {
            library = null;
            reason = Path.IsPathRooted(path) && File.Exists(path)
                ? $"{file} could not be loaded from {path}: not a usable shared library for this process"
                : $"{file} not found: no NVIDIA driver installed";
            return false;
        }

        library = new NvmlLibrary(handle);
        if (library._init is null || library._deviceGetCount is null || library._deviceGetHandleByIndex is null)
        {
            library = null;
            reason = $"{file} lacks nvmlInit_v2, nvmlDeviceGetCount_v2 or nvmlDeviceGetHandleByIndex_v2: the NVIDIA driver is too old";
            return false;
        }

        reason = null;
        return true;
    }

    public int Init() => _init();

    public int Shutdown() => _shutdown is null ? NvmlReturn.FunctionNotFound : _shutdown();

    public int SystemGetDriverVersion(out string version)
    {
        byte* buffer = stackalloc byte[VersionBufferSize];
        int code = _systemGetDriverVersion is null ? NvmlReturn.FunctionNotFound : _systemGetDriverVersion(buffer, VersionBufferSize);
        version = code == NvmlReturn.Success ? ReadString(buffer, VersionBufferSize) : string.Empty;
        return code;
    }

    public int DeviceGetCount(out uint count)
    {
        fixed (uint* result = &count)
        {
            return _deviceGetCount(result);
        }
    }

    public int DeviceGetHandleByIndex(uint index, out nint device)
    {
        fixed (nint* result = &device)
        {
            return _deviceGetHandleByIndex(index, result);
        }
    }

    public int DeviceGetHandleByUuid(string uuid, out nint device)
    {
        device = 0;
        if (_deviceGetHandleByUuid is null)
        {
            return NvmlReturn.FunctionNotFound;
        }

        byte[] text = Encoding.ASCII.GetBytes(uuid + "\0");
        fixed (byte* uuidText = text)
        fixed (nint* result = &device)
        {
            return _deviceGetHandleByUuid(uuidText, result);
        }
    }

    public int DeviceGetName(nint device, out string name) => GetString(_deviceGetName, device, NameBufferSize, out name);

    public int DeviceGetUuid(nint device, out string uuid) => GetString(_deviceGetUuid, device, UuidBufferSize, out uuid);

    public int DeviceGetPciBusId(nint device, out string busId)
    {
        NvmlPciInfo info = default;
        int code = _deviceGetPciInfo is null ? NvmlReturn.FunctionNotFound : _deviceGetPciInfo(device, &info);
        busId = code == NvmlReturn.Success ? ReadString((byte*)&info.BusId, 32) : string.Empty;
        return code;
    }

    public int DeviceGetMemoryInfo(nint device, out NvmlMemory memory)
    {
        fixed (NvmlMemory* result = &memory)
        {
            return _deviceGetMemoryInfo is null ? NvmlReturn.FunctionNotFound : _deviceGetMemoryInfo(device, result);
        }
    }

    public int DeviceGetUtilizationRates(nint device, out NvmlUtilization utilization)
    {
        fixed (NvmlUtilization* result = &utilization)
        {
            return _deviceGetUtilizationRates is null ? NvmlReturn.FunctionNotFound : _deviceGetUtilizationRates(device, result);
        }
    }

    public int DeviceGetTemperature(nint device, int sensor, out uint celsius)
    {
        fixed (uint* result = &celsius)
        {
            return _deviceGetTemperature is null ? NvmlReturn.FunctionNotFound : _deviceGetTemperature(device, sensor, result);
        }
    }

    public int DeviceGetPowerUsage(nint device, out uint milliwatts)
    {
        fixed (uint* result = &milliwatts)
        {
            return _deviceGetPowerUsage is null ? NvmlReturn.FunctionNotFound : _deviceGetPowerUsage(device, result);
        }
    }

    public int DeviceGetClockInfo(nint device, int clock, out uint megahertz)
    {
        fixed (uint* result = &megahertz)
        {
            return _deviceGetClockInfo is null ? NvmlReturn.FunctionNotFound : _deviceGetClockInfo(device, clock, result);
        }
    }

    public int DeviceGetMaxClockInfo(nint device, int clock, out uint megahertz)
    {
        fixed (uint* result = &megahertz)
        {
            return _deviceGetMaxClockInfo is null ? NvmlReturn.FunctionNotFound : _deviceGetMaxClockInfo(device, clock, result);
        }
    }

    public int DeviceGetNumaNodeId(nint device, out uint node)
    {
        fixed (uint* result = &node)
        {
            return _deviceGetNumaNodeId is null ? NvmlReturn.FunctionNotFound : _deviceGetNumaNodeId(device, result);
        }
    }

    public int DeviceGetTopologyCommonAncestor(nint first, nint second, out int level)
    {
        fixed (int* result = &level)
        {
            return _deviceGetTopologyCommonAncestor is null ? NvmlReturn.FunctionNotFound : _deviceGetTopologyCommonAncestor(first, second, result);
        }
    }

    public int DeviceGetNvLinkState(nint device, uint link, out int isActive)
    {
        fixed (int* result = &isActive)
        {
            return _deviceGetNvLinkState is null ? NvmlReturn.FunctionNotFound : _deviceGetNvLinkState(device, link, result);
        }
    }

    public int DeviceGetNvLinkRemotePciBusId(nint device, uint link, out string busId)
    {
        NvmlPciInfo info = default;
        int code = _deviceGetNvLinkRemotePciInfo is null ? NvmlReturn.FunctionNotFound : _deviceGetNvLinkRemotePciInfo(device, link, &info);
        busId = code == NvmlReturn.Success ? ReadString((byte*)&info.BusId, 32) : string.Empty;
        return code;
    }

    public int DeviceGetNvLinkRemoteDeviceType(nint device, uint link, out int type)
    {
        fixed (int* result = &type)
        {
            return _deviceGetNvLinkRemoteDeviceType is null ? NvmlReturn.FunctionNotFound : _deviceGetNvLinkRemoteDeviceType(device, link, result);
        }
    }

    public int DeviceGetNvLinkVersion(nint device, uint link, out uint version)
    {
        fixed (uint* result = &version)
        {
            return _deviceGetNvLinkVersion is null ? NvmlReturn.FunctionNotFound : _deviceGetNvLinkVersion(device, link, result);
        }
    }

    public int DeviceGetMigMode(nint device, out uint current, out uint pending)
    {
        fixed (uint* currentResult = &current)
        fixed (uint* pendingResult = &pending)
        {
            return _deviceGetMigMode is null ? NvmlReturn.FunctionNotFound : _deviceGetMigMode(device, currentResult, pendingResult);
        }
    }

    public int DeviceGetMaxMigDeviceCount(nint device, out uint count)
    {
        fixed (uint* result = &count)
        {
            return _deviceGetMaxMigDeviceCount is null ? NvmlReturn.FunctionNotFound : _deviceGetMaxMigDeviceCount(device, result);
        }
    }

    public int DeviceGetMigDeviceHandleByIndex(nint device, uint index, out nint migDevice)
    {
        fixed (nint* result = &migDevice)
        {
            return _deviceGetMigDeviceHandleByIndex is null ? NvmlReturn.FunctionNotFound : _deviceGetMigDeviceHandleByIndex(device, index, result);
        }
    }

    public int DeviceGetAttributes(nint device, out NvmlDeviceAttributes attributes)
    {
        fixed (NvmlDeviceAttributes* result = &attributes)
        {
            return _deviceGetAttributes is null ? NvmlReturn.FunctionNotFound : _deviceGetAttributes(device, result);
        }
    }

    private static int GetString(delegate* unmanaged<nint, byte*, uint, int> function, nint device, int size, out string value)
    {
        byte* buffer = stackalloc byte[size];
        int code = function is null ? NvmlReturn.FunctionNotFound : function(device, buffer, (uint)size);
        value = code == NvmlReturn.Success ? ReadString(buffer, size) : string.Empty;
        return code;
    }

    private static string ReadString(byte* buffer, int size)
    {
        var span = new ReadOnlySpan<byte>(buffer, size);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    private static void* Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address) ? (void*)address : null;
}
