using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL;

/// <summary>
/// Reports every OpenCL device of every installed platform (ICD) as a <see cref="Device"/>: kind, vendor, name,
/// memory, compute units and clock as capacities, versions, extensions and limits as attributes (see
/// <see cref="OpenCLAttributeNames"/>), the PCI bus id where the driver has <c>cl_khr_pci_bus_info</c>, and sub-devices
/// as partitions where the device can be partitioned.
/// </summary>
/// <remarks>
/// <para>The ICD loader is loaded at the first discovery by its versioned soname <c>libOpenCL.so.1</c>; when it is
/// missing the provider is unavailable with a reason naming the packages to install, and no exception leaves discovery.</para>
/// <para>A loader without any platform (<c>CL_PLATFORM_NOT_FOUND_KHR</c>, -1001) is reported as <em>available with no
/// devices</em> and a <see cref="ProviderDiscovery.Reason"/> that says so: the OpenCL runtime is installed and works, it
/// simply has nothing to offer, exactly as a CUDA driver with zero GPUs.</para>
/// <para>Identity: the <c>cl_khr_device_uuid</c> UUID (the same bytes NVML and CUDA report, so devices join across
/// providers), else the <c>cl_khr_pci_bus_info</c> bus id, else <c>platform-name/device-name/ordinal</c>.
/// Partitions: split by NUMA affinity domain where supported and yielding two or more, else into two equal halves of
/// <c>computeUnits / 2</c> units where <c>CL_DEVICE_PARTITION_EQUALLY</c> is supported; keys are the parent's plus
/// <c>/sub&lt;index&gt;</c>.</para>
/// <para>Telemetry: OpenCL has no portable telemetry, so <see cref="DeviceProvider.SampleAsync"/> reports every field as
/// not supported.</para>
/// <para>Sources: Khronos, The OpenCL Specification 3.0, §4.1 (platforms), §4.2 (device queries), §4.3 (partitioning);
/// the <c>cl_khr_icd</c>, <c>cl_khr_device_uuid</c> and <c>cl_khr_pci_bus_info</c> extension specifications.</para>
/// </remarks>
public sealed class OpenCLDeviceProvider : DeviceProvider
{
    /// <summary>The provider name used in every <see cref="DeviceId"/> it reports.</summary>
    public const string ProviderName = "opencl";

    private readonly string _libraryName;

    /// <summary>Creates a provider that loads <c>libOpenCL.so.1</c>.</summary>
    public OpenCLDeviceProvider()
        : this(OpenCLLibrary.DefaultName)
    {
    }

    /// <summary>Creates a provider that loads <paramref name="libraryName"/> (tests use a missing name).</summary>
    internal OpenCLDeviceProvider(string libraryName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryName);
        _libraryName = libraryName;
    }

    /// <inheritdoc/>
    public override string Name => ProviderName;

    /// <summary>Lists the OpenCL devices of this machine.</summary>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>The devices, or an unavailable result with the reason (no loader, or a failing driver).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!OpenCLLibrary.TryLoad(_libraryName, out string? reason))
        {
            return ValueTask.FromResult(ProviderDiscovery.Unavailable(reason!));
        }

        try
        {
            if (OpenCLQuery.GetPlatforms().Length == 0)
            {
                return ValueTask.FromResult(new ProviderDiscovery
                {
                    Available = true,
                    Reason = "no OpenCL platform installed (CL_PLATFORM_NOT_FOUND_KHR): install a driver, e.g. pocl-opencl-icd",
                });
            }

            List<OpenCLDeviceHandle> devices = OpenCLDeviceEnumerator.Enumerate(ProviderName, cancellationToken);
            var list = new Device[devices.Count];
            for (int index = 0; index < list.Length; index++)
            {
                list[index] = devices[index].Device;
            }

            return ValueTask.FromResult(new ProviderDiscovery { Available = true, Devices = list });
        }
        catch (OpenCLException exception)
        {
            return ValueTask.FromResult(ProviderDiscovery.Unavailable($"the OpenCL driver failed: {exception.Message}", exception));
        }
        catch (EntryPointNotFoundException exception)
        {
            return ValueTask.FromResult(ProviderDiscovery.Unavailable($"{_libraryName} lacks an OpenCL 1.2 entry point: {exception.Message}", exception));
        }
    }

    /// <summary>Finds the native handle of a root device this provider reported.</summary>
    internal static nint FindHandle(Device device, CancellationToken cancellationToken)
    {
        if (!OpenCLLibrary.TryLoad(OpenCLLibrary.DefaultName, out string? reason))
        {
            throw new OpenCLException(reason!);
        }

        foreach (OpenCLDeviceHandle candidate in OpenCLDeviceEnumerator.Enumerate(ProviderName, cancellationToken))
        {
            if (candidate.Device.Id == device.Id)
            {
                return candidate.Handle;
            }
        }

        throw new ArgumentException($"{device.Id} is not an OpenCL device of this machine (partitions are not profiled; profile the parent).", nameof(device));
    }
}
