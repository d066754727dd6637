using System.Globalization;
using Aios.Hardware.Cuda.Interop;

namespace Aios.Hardware.Cuda;

/// <summary>
/// Discovers NVIDIA GPUs through NVML (<c>libnvidia-ml.so.1</c>: identity, memory, PCI bus id, NUMA node, topology,
/// NVLink peers, MIG instances, telemetry) and enriches them from the CUDA driver API (<c>libcuda.so.1</c>: compute
/// capability, multiprocessor count), joining the two by UUID, never by index.
/// </summary>
/// <remarks>
/// <para>
/// A machine without the driver gives an unavailable provider with the reason (library missing, kernel driver not
/// loaded); discovery does not throw for the outside world's failures. A GPU that NVML reports lost
/// (<c>NVML_ERROR_GPU_IS_LOST</c>) stays in the inventory with <see cref="HealthStatus.Unavailable"/>.
/// MIG instances are the <see cref="Device.Partitions"/> of their GPU and consume its memory and multiprocessors.
/// </para>
/// <para>
/// NVML is initialized on first use and stays initialized until <see cref="Dispose"/>, so that a telemetry sample is
/// a handful of cheap queries. Sources: NVML API reference (docs.nvidia.com/deploy/nvml-api), CUDA Driver API
/// reference, Linux sysfs PCI ABI (<c>/sys/bus/pci/devices/*/numa_node</c>, <c>local_cpulist</c>).
/// </para>
/// </remarks>
public sealed class CudaDeviceProvider : DeviceProvider, IDisposable
{
    private const string DefaultNvmlPath = "libnvidia-ml.so.1";
    private const string DefaultCudaPath = "libcuda.so.1";
    private const string DefaultSysfsRoot = "/sys";

    private readonly string _nvmlPath;
    private readonly string _cudaPath;
    private readonly string _sysfsRoot;
    private readonly Lock _gate = new();
    private NvmlLibrary? _nvml;
    private CudaLibrary? _cuda;
    private bool _cudaLoadAttempted;
    private string? _loadFailure;
    private bool _loadAttempted;
    private bool _initialized;
    private int _initFailure = NvmlReturn.LibraryNotFound;
    private bool _disposed;
    private Dictionary<string, nint> _handles = [];

    /// <summary>Creates a provider that loads the installed NVIDIA driver's libraries.</summary>
    public CudaDeviceProvider()
        : this(DefaultNvmlPath, DefaultCudaPath, DefaultSysfsRoot)
    {
    }

    /// <summary>Creates a provider over particular library files and sysfs root (tests point these at fakes).</summary>
    internal CudaDeviceProvider(string nvmlPath, string cudaPath, string sysfsRoot)
    {
        _nvmlPath = nvmlPath;
        _cudaPath = cudaPath;
        _sysfsRoot = sysfsRoot;
    }

    /// <summary>The provider's name, <c>cuda</c>; device ids are <c>cuda:&lt;NVML UUID&gt;</c>.</summary>
    public override string Name => "cuda";

    /// <summary>
    /// Lists the GPUs NVML sees, with their MIG instances as partitions and the links between them (NVLink peers as
    /// <see cref="LinkKind.DirectFabric"/>, otherwise the PCIe common ancestor NVML reports).
    /// </summary>
    /// <param name="cancellationToken">Cancels before discovery starts.</param>
    /// <returns>The discovery; unavailable, with the reason, when the driver is missing or not loaded.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!TryInitialize(out NvmlLibrary? nvml, out string? reason))
            {
                return ValueTask.FromResult(ProviderDiscovery.Unavailable(reason));
            }

            var discovery = new NvmlDiscovery(nvml, Name, _sysfsRoot, ReadCudaDevices());
            ProviderDiscovery result = discovery.Run();
            _handles = discovery.Handles;
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Reads utilization, memory use, temperature, power and SM clock of a GPU or MIG instance. Each field says whether
    /// it was read: <c>NVML_ERROR_NOT_SUPPORTED</c> gives <see cref="TelemetryStatus.NotSupported"/>,
    /// <c>NVML_ERROR_NO_PERMISSION</c> <see cref="TelemetryStatus.NoPermission"/>, any other failure
    /// <see cref="TelemetryStatus.Error"/> with the function and the code's name.
    /// </summary>
    /// <param name="device">A device this provider discovered.</param>
    /// <param name="timestamp">The time to stamp the sample with.</param>
    /// <param name="cancellationToken">Cancels before the device is read.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="device"/> belongs to another provider.</exception>
    /// <exception cref="NvmlException">NVML could not be loaded or initialized.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public override ValueTask<TelemetrySample> SampleAsync(Device device, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Id.Provider != Name)
        {
            throw new ArgumentException($"{device.Id} does not belong to the {Name} provider.", nameof(device));
        }

        cancellationToken.ThrowIfCancellationRequested();
        NvmlLibrary nvml;
        Dictionary<string, nint> handles;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!TryInitialize(out NvmlLibrary? loaded, out _))
            {
                throw new NvmlException("nvmlInit_v2", _initFailure);
            }

            nvml = loaded;
            handles = _handles;
        }

        return ValueTask.FromResult(NvmlTelemetry.Sample(nvml, handles, device.Id, timestamp));
    }

    /// <summary>Shuts NVML down if this provider initialized it; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_initialized)
            {
                _ = _nvml!.Shutdown();
                _initialized = false;
            }

            _handles = [];
        }
    }

    private bool TryInitialize([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NvmlLibrary? nvml, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        if (!_loadAttempted)
        {
            _loadAttempted = true;
            _ = NvmlLibrary.TryLoad(_nvmlPath, out _nvml, out _loadFailure);
        }

        nvml = _nvml;
        if (nvml is null)
        {
            reason = _loadFailure ?? $"{Path.GetFileName(_nvmlPath)} could not be loaded";
            return false;
        }

        if (!_initialized)
        {
            // Retried on every call while it fails: the kernel driver may be loaded later.
            int code = nvml.Init();
            if (code != NvmlReturn.Success)
            {
                _initFailure = code;
                reason = code switch
                {
                    NvmlReturn.DriverNotLoaded => "NVML_ERROR_DRIVER_NOT_LOADED: the NVIDIA kernel driver is not loaded (nvmlInit_v2)",
                    NvmlReturn.LibraryNotFound => "NVML_ERROR_LIBRARY_NOT_FOUND: NVML found no NVIDIA driver library to load (nvmlInit_v2)",
                    _ => new NvmlException("nvmlInit_v2", code).Message,
                };
                nvml = null;
                return false;
            }

            _initialized = true;
        }

        reason = null;
        return true;
    }

    private Dictionary<Guid, CudaDeviceInfo> ReadCudaDevices()
    {
        var devices = new Dictionary<Guid, CudaDeviceInfo>();
        if (!_cudaLoadAttempted)
        {
            // CUDA is optional: without it devices lack compute capability and SM count, nothing more.
            _cudaLoadAttempted = true;
            _ = CudaLibrary.TryLoad(_cudaPath, out _cuda);
        }

        CudaLibrary? cuda = _cuda;
        if (cuda is null || cuda.Init() != CudaLibrary.Success || cuda.DeviceGetCount(out int count) != CudaLibrary.Success)
        {
            return devices;
        }

        for (int ordinal = 0; ordinal < count; ordinal++)
        {
            if (cuda.DeviceGet(ordinal, out int device) == CudaLibrary.Success
                && cuda.DeviceGetUuid(device, out Guid uuid) == CudaLibrary.Success
                && cuda.DeviceGetAttribute(device, CudaLibrary.AttributeComputeCapabilityMajor, out int major) == CudaLibrary.Success
                && cuda.DeviceGetAttribute(device, CudaLibrary.AttributeComputeCapabilityMinor, out int minor) == CudaLibrary.Success
                && cuda.DeviceGetAttribute(device, CudaLibrary.AttributeMultiprocessorCount, out int multiprocessors) == CudaLibrary.Success)
            {
                devices[uuid] = new CudaDeviceInfo(new Version(major, minor), multiprocessors);
            }
        }

        return devices;
    }
}
