using System.Globalization;
using System.Text.RegularExpressions;

namespace Aios.Hardware.OpenCL.Interop;

/// <summary>A root OpenCL device: the native handle (valid for the life of the process) and its description.</summary>
/// <param name="Handle">The <c>cl_device_id</c>.</param>
/// <param name="Device">The description reported by discovery.</param>
internal readonly record struct OpenCLDeviceHandle(nint Handle, Device Device);

/// <summary>
/// Walks every platform and device of the loaded ICD loader and describes each as a <see cref="Device"/>.
/// </summary>
/// <remarks>
/// Identity (the <see cref="DeviceId.Key"/>): the <c>cl_khr_device_uuid</c> UUID when present, else the
/// <c>cl_khr_pci_bus_info</c> bus id, else <c>platform-name/device-name/ordinal</c> where the ordinal counts devices of the
/// same name on that platform; a key already taken (two drivers exposing one GPU) falls back to the last form.
/// Partitions: a device that can partition by NUMA affinity domain is split that way when it yields at least two
/// sub-devices; otherwise one that can partition equally is split into two halves of <c>computeUnits / 2</c> units.
/// Sub-device keys are the parent key plus <c>/sub&lt;index&gt;</c>; their handles are released after reading.
/// </remarks>
internal static unsafe partial class OpenCLDeviceEnumerator
{
    private static readonly Lock Gate = new();

    /// <summary>Describes every device; enumerations are serialized because they create and release sub-devices.</summary>
    internal static List<OpenCLDeviceHandle> Enumerate(string providerName, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return EnumerateLocked(providerName, cancellationToken);
        }
    }

    private static List<OpenCLDeviceHandle> EnumerateLocked(string providerName, CancellationToken cancellationToken)
    {
        var result = new List<OpenCLDeviceHandle>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (nint platform in OpenCLQuery.GetPlatforms())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string platformName = OpenCLQuery.GetPlatformString(platform, OpenCLConstants.PlatformName);
            var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (nint handle in OpenCLQuery.GetDevices(platform))
            {
                string name = OpenCLQuery.GetDeviceString(handle, OpenCLConstants.DeviceName);
                int ordinal = ordinals.GetValueOrDefault(name);
                ordinals[name] = ordinal + 1;
                HashSet<string> extensions = ReadExtensions(handle);
                string? uuid = extensions.Contains("cl_khr_device_uuid") ? ReadUuid(handle) : null;
                string? pciBusId = extensions.Contains("cl_khr_pci_bus_info") ? ReadPciBusId(handle) : null;
                string key = uuid ?? pciBusId ?? FallbackKey(platformName, name, ordinal);
                if (!keys.Add(key))
                {
                    key = FallbackKey(platformName, name, ordinal);
                    keys.Add(key);
                }

                var id = new DeviceId(providerName, key);
                Device device = Describe(handle, id, platformName, name, extensions, uuid, pciBusId, parent: null, partitionType: null);
                device = device with { Partitions = ReadPartitions(handle, device, platformName, extensions, pciBusId) };
                result.Add(new OpenCLDeviceHandle(handle, device));
            }
        }

        return result;
    }

    private static string FallbackKey(string platformName, string deviceName, int ordinal)
        => string.Create(CultureInfo.InvariantCulture, $"{platformName}/{deviceName}/{ordinal}");

    private static Device Describe(nint handle, DeviceId id, string platformName, string name, HashSet<string> extensions, string? uuid, string? pciBusId, DeviceId? parent, string? partitionType)
    {
        ulong type = OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceType);
        string vendor = OpenCLQuery.GetDeviceString(handle, OpenCLConstants.DeviceVendor);
        uint computeUnits = OpenCLQuery.GetDeviceValue<uint>(handle, OpenCLConstants.DeviceMaxComputeUnits);
        uint clockMegahertz = OpenCLQuery.GetDeviceValue<uint>(handle, OpenCLConstants.DeviceMaxClockFrequency);
        ulong globalMemory = OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceGlobalMemSize);
        var capacities = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [CapacityNames.ComputeUnits] = computeUnits,
        };
        if (globalMemory > 0)
        {
            capacities[CapacityNames.MemoryBytes] = (long)Math.Min(globalMemory, long.MaxValue);
        }

        if (clockMegahertz > 0)
        {
            capacities[CapacityNames.ClockHz] = clockMegahertz * 1_000_000L;
        }

        var attributes = new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal)
        {
            [OpenCLAttributeNames.DriverVersion] = DeviceAttribute.FromString(OpenCLQuery.GetDeviceString(handle, OpenCLConstants.DriverVersion)),
            [OpenCLAttributeNames.Platform] = DeviceAttribute.FromString(platformName),
            [OpenCLAttributeNames.VendorId] = DeviceAttribute.FromInteger(OpenCLQuery.GetDeviceValue<uint>(handle, OpenCLConstants.DeviceVendorId)),
            [OpenCLAttributeNames.MaxWorkGroupSize] = DeviceAttribute.FromInteger((long)OpenCLQuery.GetDeviceValue<nuint>(handle, OpenCLConstants.DeviceMaxWorkGroupSize)),
            [OpenCLAttributeNames.LocalMemoryBytes] = DeviceAttribute.FromInteger((long)OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceLocalMemSize)),
            [OpenCLAttributeNames.MaxAllocationBytes] = DeviceAttribute.FromInteger((long)OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceMaxMemAllocSize)),
            [OpenCLAttributeNames.DoubleFp] = DeviceAttribute.FromBoolean(OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceDoubleFpConfig) != 0),
        };
        if (TryParseVersion(OpenCLQuery.GetDeviceString(handle, OpenCLConstants.DeviceVersion), out Version? version))
        {
            attributes[OpenCLAttributeNames.Version] = DeviceAttribute.FromVersion(version);
        }

        if (OpenCLQuery.TryGetDeviceBytes(handle, OpenCLConstants.DeviceOpenCLCVersion, out byte[]? cVersionBytes, out _)
            && TryParseVersion(System.Text.Encoding.UTF8.GetString(cVersionBytes), out Version? cVersion))
        {
            attributes[OpenCLAttributeNames.OpenCLCVersion] = DeviceAttribute.FromVersion(cVersion);
        }

        foreach (string extension in extensions)
        {
            attributes[OpenCLAttributeNames.ExtensionPrefix + extension] = DeviceAttribute.FromBoolean(true);
        }

        if (uuid is not null)
        {
            attributes[OpenCLAttributeNames.Uuid] = DeviceAttribute.FromString(uuid);
        }

        if (partitionType is not null)
        {
            attributes[OpenCLAttributeNames.PartitionType] = DeviceAttribute.FromString(partitionType);
        }

        bool available = OpenCLQuery.GetDeviceValue<uint>(handle, OpenCLConstants.DeviceAvailable) != 0;
        return new Device
        {
            Id = id,
            Kind = KindOf(type, name, vendor),
            Vendor = vendor,
            Name = name,
            Capacities = capacities,
            Attributes = attributes,
            Topology = pciBusId is null ? DeviceTopology.Unknown : new DeviceTopology { PciBusId = pciBusId },
            Parent = parent,
            Health = available ? DeviceHealth.Healthy : DeviceHealth.Unavailable("the OpenCL driver reports CL_DEVICE_AVAILABLE = false"),
        };
    }

    /// <summary>Maps <c>CL_DEVICE_TYPE</c> bits to a kind; accelerators named or sold as FPGAs become <see cref="DeviceKind.Fpga"/>.</summary>
    internal static DeviceKind KindOf(ulong type, string name, string vendor)
    {
        if ((type & OpenCLConstants.DeviceTypeGpu) != 0)
        {
            return DeviceKind.Gpu;
        }

        if ((type & OpenCLConstants.DeviceTypeCpu) != 0)
        {
            return DeviceKind.Cpu;
        }

        if ((type & OpenCLConstants.DeviceTypeAccelerator) != 0)
        {
            return LooksLikeFpga(name) || LooksLikeFpga(vendor) ? DeviceKind.Fpga : DeviceKind.Accelerator;
        }

        return DeviceKind.Other;
    }

    private static bool LooksLikeFpga(string text)
        => text.Contains("FPGA", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Xilinx", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Altera", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the first <c>major.minor</c> in an OpenCL version string such as <c>OpenCL 3.0 PoCL</c> or <c>OpenCL C 1.2</c>.</summary>
    internal static bool TryParseVersion(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Version? version)
    {
        Match match = VersionPattern().Match(text);
        if (match.Success
            && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
        {
            version = new Version(major, minor);
            return true;
        }

        version = null;
        return false;
    }

    [GeneratedRegex(@"OpenCL (?:C )?(\d{1,4})\.(\d{1,4})", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    private static HashSet<string> ReadExtensions(nint handle)
    {
        string text = OpenCLQuery.GetDeviceString(handle, OpenCLConstants.DeviceExtensions);
        return new HashSet<string>(text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
    }

    private static string? ReadUuid(nint handle)
    {
        if (!OpenCLQuery.TryGetDeviceBytes(handle, OpenCLConstants.DeviceUuidKhr, out byte[]? bytes, out _) || bytes.Length != 16)
        {
            return null;
        }

        string hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
    }

    private static string? ReadPciBusId(nint handle)
    {
        if (!OpenCLQuery.TryGetDeviceBytes(handle, OpenCLConstants.DevicePciBusInfoKhr, out byte[]? bytes, out _) || bytes.Length < 16)
        {
            return null;
        }

        fixed (byte* pointer = bytes)
        {
            uint* parts = (uint*)pointer;
            return string.Create(CultureInfo.InvariantCulture, $"{parts[0]:x4}:{parts[1]:x2}:{parts[2]:x2}.{parts[3]:x}");
        }
    }

    private static Device[] ReadPartitions(nint handle, Device parent, string platformName, HashSet<string> extensions, string? pciBusId)
    {
        uint maximum = OpenCLQuery.GetDeviceValue<uint>(handle, OpenCLConstants.DevicePartitionMaxSubDevices);
        if (maximum < 2 || !OpenCLQuery.TryGetDeviceBytes(handle, OpenCLConstants.DevicePartitionProperties, out byte[]? bytes, out _))
        {
            return [];
        }

        var supported = new HashSet<nint>();
        for (int offset = 0; offset + sizeof(nint) <= bytes.Length; offset += sizeof(nint))
        {
            supported.Add((nint)BitConverter.ToInt64(bytes, offset));
        }

        if (supported.Contains(OpenCLConstants.DevicePartitionByAffinityDomain)
            && (OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DevicePartitionAffinityDomain) & (ulong)OpenCLConstants.DeviceAffinityDomainNuma) != 0)
        {
            Device[] byNuma = Partition(handle, parent, platformName, extensions, pciBusId, OpenCLConstants.DevicePartitionByAffinityDomain, OpenCLConstants.DeviceAffinityDomainNuma, maximum, "affinityDomain");
            if (byNuma.Length >= 2)
            {
                return byNuma;
            }
        }

        parent.TryGetCapacity(CapacityNames.ComputeUnits, out long computeUnits);
        if (supported.Contains(OpenCLConstants.DevicePartitionEqually) && computeUnits >= 2)
        {
            return Partition(handle, parent, platformName, extensions, pciBusId, OpenCLConstants.DevicePartitionEqually, (nint)(computeUnits / 2), maximum, "equally");
        }

        return [];
    }

    private static Device[] Partition(nint handle, Device parent, string platformName, HashSet<string> extensions, string? pciBusId, nint scheme, nint argument, uint maximum, string partitionType)
    {
        nint* properties = stackalloc nint[] { scheme, argument, 0 };
        uint count;
        if (OpenCLNative.clCreateSubDevices(handle, properties, 0, null, &count) != OpenCLConstants.Success || count == 0)
        {
            return [];
        }

        count = Math.Min(count, maximum);
        var subDevices = new nint[count];
        uint created = 0;
        fixed (nint* pointer = subDevices)
        {
            if (OpenCLNative.clCreateSubDevices(handle, properties, count, pointer, &created) != OpenCLConstants.Success)
            {
                return [];
            }
        }

        try
        {
            var partitions = new Device[Math.Min(created, count)];
            for (int index = 0; index < partitions.Length; index++)
            {
                var id = new DeviceId(parent.Id.Provider, string.Create(CultureInfo.InvariantCulture, $"{parent.Id.Key}/sub{index}"));
                string name = OpenCLQuery.GetDeviceString(subDevices[index], OpenCLConstants.DeviceName);
                partitions[index] = Describe(subDevices[index], id, platformName, name, extensions, uuid: null, pciBusId, parent.Id, partitionType);
            }

            return partitions;
        }
        finally
        {
            foreach (nint subDevice in subDevices)
            {
                if (subDevice != 0)
                {
                    _ = OpenCLNative.clReleaseDevice(subDevice);
                }
            }
        }
    }
}
