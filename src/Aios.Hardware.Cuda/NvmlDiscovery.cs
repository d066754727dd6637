using System.Globalization;
using Aios.Hardware.Cpu;
using Aios.Hardware.Cuda.Interop;

namespace Aios.Hardware.Cuda;

/// <summary>
/// One discovery pass over an initialized NVML: devices, MIG partitions, links, and the handles telemetry reuses.
/// </summary>
internal sealed class NvmlDiscovery
{
    private const long BytesPerMebibyte = 1024L * 1024L;
    private const double MegahertzToHertz = 1e6;

    private readonly NvmlLibrary _nvml;
    private readonly string _provider;
    private readonly string _sysfsRoot;
    private readonly Dictionary<Guid, CudaDeviceInfo> _cuda;

    public NvmlDiscovery(NvmlLibrary nvml, string provider, string sysfsRoot, Dictionary<Guid, CudaDeviceInfo> cuda)
    {
        _nvml = nvml;
        _provider = provider;
        _sysfsRoot = sysfsRoot;
        _cuda = cuda;
    }

    /// <summary>Device key (NVML UUID) to NVML handle, for every device and partition found.</summary>
    public Dictionary<string, nint> Handles { get; } = new(StringComparer.Ordinal);

    public ProviderDiscovery Run()
    {
        int code = _nvml.DeviceGetCount(out uint count);
        if (code != NvmlReturn.Success)
        {
            var failure = new NvmlException("nvmlDeviceGetCount_v2", code);
            return ProviderDiscovery.Unavailable(failure.Message, failure);
        }

        DeviceAttribute? driverVersion = null;
        if (_nvml.SystemGetDriverVersion(out string driver) == NvmlReturn.Success && driver.Length > 0)
        {
            driverVersion = Version.TryParse(driver, out Version? parsed) ? DeviceAttribute.FromVersion(parsed) : DeviceAttribute.FromString(driver);
        }

        var gpus = new List<Gpu>((int)count);
        for (uint index = 0; index < count; index++)
        {
            gpus.Add(DescribeGpu(index, driverVersion));
        }

        return new ProviderDiscovery
        {
            Available = true,
            Devices = gpus.ConvertAll(gpu => gpu.Device),
            Links = FindLinks(gpus),
        };
    }

    private Gpu DescribeGpu(uint index, DeviceAttribute? driverVersion)
    {
        int code = _nvml.DeviceGetHandleByIndex(index, out nint handle);
        if (code != NvmlReturn.Success)
        {
            // Without a handle nothing else can be read; the GPU is still listed, tainted, under its NVML index.
            var unreachable = new Device
            {
                Id = new DeviceId(_provider, $"nvml-index-{index.ToString(CultureInfo.InvariantCulture)}"),
                Kind = DeviceKind.Gpu,
                Vendor = Vendor,
                Name = $"NVIDIA GPU {index.ToString(CultureInfo.InvariantCulture)}",
                Health = DeviceHealth.Unavailable(Describe("nvmlDeviceGetHandleByIndex_v2", code)),
            };
            return new Gpu(unreachable, 0, string.Empty, Lost: true);
        }

        var probe = new Probe();
        string name = probe.Read(_nvml.DeviceGetName(handle, out string productName), "nvmlDeviceGetName") ? productName : "NVIDIA GPU";
        string busId = probe.Read(_nvml.DeviceGetPciBusId(handle, out string pciBusId), "nvmlDeviceGetPciInfo_v3") ? pciBusId : string.Empty;
        string key = probe.Read(_nvml.DeviceGetUuid(handle, out string uuid), "nvmlDeviceGetUUID") ? uuid
            : busId.Length > 0 ? $"pci-{busId}" : $"nvml-index-{index.ToString(CultureInfo.InvariantCulture)}";

        var attributes = new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal)
        {
            [NvidiaAttributeNames.ProductName] = DeviceAttribute.FromString(name),
        };
        if (uuid.Length > 0)
        {
            attributes[NvidiaAttributeNames.Uuid] = DeviceAttribute.FromString(uuid);
        }

        if (driverVersion is { } driver)
        {
            attributes[NvidiaAttributeNames.DriverVersion] = driver;
        }

        var capacities = new Dictionary<string, long>(StringComparer.Ordinal);
        if (probe.Read(_nvml.DeviceGetMemoryInfo(handle, out NvmlMemory memory), "nvmlDeviceGetMemoryInfo") && memory.Total > 0)
        {
            capacities[CapacityNames.MemoryBytes] = (long)memory.Total;
        }

        if (probe.Read(_nvml.DeviceGetMaxClockInfo(handle, NvmlLibrary.ClockStreamingMultiprocessor, out uint maxClock), "nvmlDeviceGetMaxClockInfo") && maxClock > 0)
        {
            capacities[CapacityNames.ClockHz] = (long)(maxClock * MegahertzToHertz);
        }

        CudaDeviceInfo? cuda = FindCuda(uuid);
        if (cuda is { } info)
        {
            attributes[NvidiaAttributeNames.ComputeCapability] = DeviceAttribute.FromVersion(info.ComputeCapability);
            attributes[NvidiaAttributeNames.MultiprocessorCount] = DeviceAttribute.FromInteger(info.MultiprocessorCount);
            capacities[CapacityNames.ComputeUnits] = info.MultiprocessorCount;
        }

        DeviceTopology topology = ReadTopology(handle, busId, probe);
        var id = new DeviceId(_provider, key);
        IReadOnlyList<Device> partitions = [];
        if (probe.Read(_nvml.DeviceGetMigMode(handle, out uint currentMode, out _), "nvmlDeviceGetMigMode"))
        {
            bool migEnabled = currentMode == NvmlLibrary.MigEnabled;
            attributes[NvidiaAttributeNames.MigEnabled] = DeviceAttribute.FromBoolean(migEnabled);
            if (migEnabled)
            {
                partitions = DescribeMigDevices(handle, id, name, attributes, topology, probe);

                // In MIG mode CUDA enumerates the instances, not the GPU; every instance shares the GPU's architecture.
                foreach (Device partition in partitions)
                {
                    if (!attributes.ContainsKey(NvidiaAttributeNames.ComputeCapability)
                        && partition.TryGetAttribute(NvidiaAttributeNames.ComputeCapability, out DeviceAttribute capability))
                    {
                        attributes[NvidiaAttributeNames.ComputeCapability] = capability;
                    }
                }
            }
        }

        DeviceHealth health = probe.LostIn is { } function
            ? DeviceHealth.Unavailable($"GPU is lost: {function} returned NVML_ERROR_GPU_IS_LOST (15); the GPU needs a reset or the node a reboot")
            : DeviceHealth.Healthy;
        if (health.Status != HealthStatus.Healthy)
        {
            partitions = [.. partitions.Select(partition => partition with { Health = health })];
        }

        Handles[key] = handle;
        var device = new Device
        {
            Id = id,
            Kind = DeviceKind.Gpu,
            Vendor = Vendor,
            Name = name,
            Attributes = attributes,
            Capacities = capacities,
            Topology = topology,
            Partitions = partitions,
            Health = health,
        };
        return new Gpu(device, handle, NormalizeBusId(busId), probe.LostIn is not null);
    }

    private List<Device> DescribeMigDevices(nint parent, DeviceId parentId, string parentName, Dictionary<string, DeviceAttribute> parentAttributes, DeviceTopology topology, Probe probe)
    {
        var partitions = new List<Device>();
        if (!probe.Read(_nvml.DeviceGetMaxMigDeviceCount(parent, out uint maximum), "nvmlDeviceGetMaxMigDeviceCount"))
        {
            return partitions;
        }

        for (uint index = 0; index < maximum; index++)
        {
            // NOT_FOUND marks an empty slot: MIG instances need not be numbered contiguously.
            if (!probe.Read(_nvml.DeviceGetMigDeviceHandleByIndex(parent, index, out nint handle), "nvmlDeviceGetMigDeviceHandleByIndex"))
            {
                continue;
            }

            string key = probe.Read(_nvml.DeviceGetUuid(handle, out string uuid), "nvmlDeviceGetUUID") ? uuid
                : $"{parentId.Key}/mig-{index.ToString(CultureInfo.InvariantCulture)}";
            var attributes = new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal);
            foreach (string inherited in (string[])[NvidiaAttributeNames.ProductName, NvidiaAttributeNames.DriverVersion, NvidiaAttributeNames.ComputeCapability])
            {
                if (parentAttributes.TryGetValue(inherited, out DeviceAttribute value))
                {
                    attributes[inherited] = value;
                }
            }

            if (uuid.Length > 0)
            {
                attributes[NvidiaAttributeNames.Uuid] = DeviceAttribute.FromString(uuid);
            }

            var capacities = new Dictionary<string, long>(StringComparer.Ordinal);
            string profile = "MIG";
            if (probe.Read(_nvml.DeviceGetAttributes(handle, out NvmlDeviceAttributes migAttributes), "nvmlDeviceGetAttributes_v2"))
            {
                capacities[CapacityNames.MemoryBytes] = (long)migAttributes.MemorySizeMB * BytesPerMebibyte;
                capacities[CapacityNames.ComputeUnits] = migAttributes.MultiprocessorCount;
                capacities[CapacityNames.Slices] = migAttributes.GpuInstanceSliceCount;
                attributes[NvidiaAttributeNames.MultiprocessorCount] = DeviceAttribute.FromInteger(migAttributes.MultiprocessorCount);

                // NVIDIA's profile names round the instance's memory up to whole gigabytes, e.g. 40192 MiB -> 3g.40gb.
                long gigabytes = ((long)migAttributes.MemorySizeMB + 1023) / 1024;
                profile = $"MIG {migAttributes.GpuInstanceSliceCount.ToString(CultureInfo.InvariantCulture)}g.{gigabytes.ToString(CultureInfo.InvariantCulture)}gb";
            }
            else if (probe.Read(_nvml.DeviceGetMemoryInfo(handle, out NvmlMemory memory), "nvmlDeviceGetMemoryInfo") && memory.Total > 0)
            {
                capacities[CapacityNames.MemoryBytes] = (long)memory.Total;
            }

            if (FindCuda(uuid) is { } cuda)
            {
                attributes[NvidiaAttributeNames.ComputeCapability] = DeviceAttribute.FromVersion(cuda.ComputeCapability);
            }

            Handles[key] = handle;
            partitions.Add(new Device
            {
                Id = new DeviceId(_provider, key),
                Kind = DeviceKind.Gpu,
                Vendor = Vendor,
                Name = $"{parentName} {profile}",
                Attributes = attributes,
                Capacities = capacities,
                Topology = topology,
                Parent = parentId,
            });
        }

        return partitions;
    }

    private DeviceTopology ReadTopology(nint handle, string busId, Probe probe)
    {
        string? sysfsDevice = SysfsPciDevice(busId);
        int? numaNode = null;
        if (probe.Read(_nvml.DeviceGetNumaNodeId(handle, out uint node), "nvmlDeviceGetNumaNodeId"))
        {
            numaNode = (int)node;
        }
        else if (sysfsDevice is not null && TryReadSysfs(sysfsDevice, "numa_node", out string text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int sysfsNode) && sysfsNode >= 0)
        {
            numaNode = sysfsNode;
        }

        IReadOnlyList<int> cpus = sysfsDevice is not null && TryReadSysfs(sysfsDevice, "local_cpulist", out string list) && CpuList.TryParse(list, out int[]? local) ? local : [];
        return new DeviceTopology
        {
            NumaNode = numaNode,
            PciBusId = busId.Length > 0 ? NormalizeBusId(busId) : null,
            CpuSet = cpus,
        };
    }

    private List<DeviceLink> FindLinks(List<Gpu> gpus)
    {
        var fabrics = new NvLinkFabric[gpus.Count];
        for (int i = 0; i < gpus.Count; i++)
        {
            fabrics[i] = gpus[i].Lost ? new NvLinkFabric() : ReadNvLinks(gpus[i].Handle);
        }

        var links = new List<DeviceLink>();
        for (int i = 0; i < gpus.Count; i++)
        {
            for (int j = i + 1; j < gpus.Count; j++)
            {
                if (gpus[i].Lost || gpus[j].Lost)
                {
                    continue;
                }

                int direct = Math.Max(fabrics[i].LinksTo(gpus[j].BusId), fabrics[j].LinksTo(gpus[i].BusId));

                // Behind NVSwitches every GPU on the fabric is one hop from every other (DGX/HGX), at the smaller
                // of the two GPUs' total NVLink bandwidth.
                int switched = Math.Min(fabrics[i].SwitchLinks, fabrics[j].SwitchLinks);
                if (direct > 0 || switched > 0)
                {
                    double? perLink = NvLinkBytesPerSecond(fabrics[i].Version);
                    links.Add(new DeviceLink(gpus[i].Device.Id, gpus[j].Device.Id, LinkKind.DirectFabric, perLink * Math.Max(direct, switched)));
                }
                else if (_nvml.DeviceGetTopologyCommonAncestor(gpus[i].Handle, gpus[j].Handle, out int level) == NvmlReturn.Success
                    && ToLinkKind(level) is { } kind)
                {
                    links.Add(new DeviceLink(gpus[i].Device.Id, gpus[j].Device.Id, kind));
                }
            }
        }

        return links;
    }

    private NvLinkFabric ReadNvLinks(nint handle)
    {
        var fabric = new NvLinkFabric();
        for (uint link = 0; link < NvmlLibrary.MaxNvLinks; link++)
        {
            if (_nvml.DeviceGetNvLinkState(handle, link, out int active) != NvmlReturn.Success || active == 0)
            {
                continue;
            }

            if (fabric.Version == 0 && _nvml.DeviceGetNvLinkVersion(handle, link, out uint version) == NvmlReturn.Success)
            {
                fabric.Version = version;
            }

            if (_nvml.DeviceGetNvLinkRemoteDeviceType(handle, link, out int type) == NvmlReturn.Success
                && type == NvmlLibrary.NvLinkDeviceTypeSwitch)
            {
                fabric.SwitchLinks++;
            }
            else if (_nvml.DeviceGetNvLinkRemotePciBusId(handle, link, out string remote) == NvmlReturn.Success)
            {
                string peer = NormalizeBusId(remote);
                fabric.Peers[peer] = fabric.LinksTo(peer) + 1;
            }
        }

        return fabric;
    }

    /// <summary>
    /// One NVLink's bandwidth per direction for the version <c>nvmlDeviceGetNvLinkVersion</c> reports, or null where
    /// it is not known. Recent nvml.h numbers versions 1.0, 2.0, 2.2, 3.0, 3.1, 4.0, 5.0 as 1 to 7; older drivers
    /// report the major version. Both readings agree except at 5 (NVLink 3.1 at 25 GB/s, or NVLink 5 at 50 GB/s),
    /// which is left unknown. Rates: NVIDIA NVLink generations (1: 20 GB/s; 2–4: 25 GB/s; 5: 50 GB/s per link and direction).
    /// </summary>
    internal static double? NvLinkBytesPerSecond(uint version) => version switch
    {
        1 => 20e9,
        2 or 3 or 4 or 6 => 25e9,
        7 => 50e9,
        _ => null,
    };

    /// <summary>Maps <c>nvmlGpuTopologyLevel_t</c> (nvml.h) to the closest <see cref="LinkKind"/>.</summary>
    internal static LinkKind? ToLinkKind(int level) => level switch
    {
        0 or 10 => LinkKind.SamePcieSwitch, // INTERNAL (same board), SINGLE (one PCIe switch)
        20 or 30 => LinkKind.SameHostBridge, // MULTIPLE (several PCIe switches), HOSTBRIDGE
        40 => LinkKind.SameNumaNode, // NODE: different host bridges in one NUMA node
        50 => LinkKind.CrossSocket, // SYSTEM: across the SMP interconnect
        _ => null,
    };

    /// <summary>NVML writes bus ids as <c>00000000:3B:00.0</c>; sysfs and hwloc as <c>0000:3b:00.0</c>.</summary>
    internal static string NormalizeBusId(string busId)
    {
        int colon = busId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return busId.ToLowerInvariant();
        }

        string domain = busId[..colon];
        if (domain.Length > 4 && domain[..^4].All(c => c == '0'))
        {
            domain = domain[^4..];
        }

        return (domain + busId[colon..]).ToLowerInvariant();
    }

    /// <summary>The GUID inside an NVML UUID (<c>GPU-…</c> or <c>MIG-…</c>), which CUDA reports as 16 bytes.</summary>
    internal static bool TryParseUuid(string uuid, out Guid guid)
    {
        guid = Guid.Empty;
        return (uuid.StartsWith("GPU-", StringComparison.Ordinal) || uuid.StartsWith("MIG-", StringComparison.Ordinal))
            && Guid.TryParseExact(uuid.AsSpan(4), "D", out guid);
    }

    private CudaDeviceInfo? FindCuda(string uuid) =>
        TryParseUuid(uuid, out Guid guid) && _cuda.TryGetValue(guid, out CudaDeviceInfo info) ? info : null;

    private string? SysfsPciDevice(string busId) =>
        busId.Length == 0 ? null : Path.Combine(_sysfsRoot, "bus", "pci", "devices", NormalizeBusId(busId));

    private static bool TryReadSysfs(string directory, string file, out string text)
    {
        try
        {
            text = File.ReadAllText(Path.Combine(directory, file)).Trim();
            return text.Length > 0;
        }
        catch (IOException)
        {
            text = string.Empty;
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static string Describe(string function, int code) => new NvmlException(function, code).Message;

    private const string Vendor = "NVIDIA";

    /// <summary>A GPU as discovered, with what link discovery needs.</summary>
    private sealed record Gpu(Device Device, nint Handle, string BusId, bool Lost);

    /// <summary>One GPU's active NVLinks: links to each peer GPU (by bus id), links to NVSwitches, the version.</summary>
    private sealed class NvLinkFabric
    {
        public Dictionary<string, int> Peers { get; } = new(StringComparer.Ordinal);

        public int SwitchLinks { get; set; }

        public uint Version { get; set; }

        public int LinksTo(string busId) => Peers.TryGetValue(busId, out int count) ? count : 0;
    }

    /// <summary>Tracks whether any query of one GPU reported it lost; other failures just leave a field unset.</summary>
    private sealed class Probe
    {
        public string? LostIn { get; private set; }

        public bool Read(int code, string function)
        {
            if (code == NvmlReturn.GpuIsLost)
            {
                LostIn ??= function;
            }

            return code == NvmlReturn.Success;
        }
    }
}
