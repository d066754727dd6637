using System.Globalization;

namespace Aios.Hardware.Cpu;

/// <summary>
/// Builds one <see cref="Device"/> per physical package (socket) from <c>/proc/cpuinfo</c>,
/// <c>/sys/devices/system/cpu</c> (Documentation/admin-guide/cputopology.rst), <c>/sys/devices/system/node</c>,
/// <c>/proc/meminfo</c> and the cgroup v2 limits. Every figure is optional: a missing file leaves its capacity or
/// attribute out.
/// </summary>
internal static class LinuxCpuDiscovery
{
    private static readonly (string Flag, string Attribute)[] KeyFlags =
    [
        ("avx2", CpuAttributeNames.Avx2),
        ("avx512f", CpuAttributeNames.Avx512F),
        ("amx_tile", CpuAttributeNames.AmxTile),
        ("sse4_2", CpuAttributeNames.Sse42),
    ];

    /// <summary>One socket found: the device and what telemetry needs to read for it.</summary>
    internal sealed record Socket(Device Device, int[] NumaNodes, bool UsesNodeMemory, CgroupLimits Limits);

    /// <summary>Discovers the sockets under a root, or says why it cannot.</summary>
    public static (IReadOnlyList<Socket> Sockets, string? Unavailable) Discover(string root, string providerName)
    {
        string cpuinfoPath = Path.Combine(root, "proc/cpuinfo");
        string? cpuinfo = LinuxFiles.ReadText(cpuinfoPath);
        if (cpuinfo is null)
        {
            return ([], $"{cpuinfoPath} is not readable: the CPU provider needs Linux procfs mounted at {Path.Combine(root, "proc")}");
        }

        Dictionary<int, Dictionary<string, string>> processors = ParseCpuInfo(cpuinfo);
        string cpuRoot = Path.Combine(root, "sys/devices/system/cpu");
        int[] online = LinuxFiles.ReadText(Path.Combine(cpuRoot, "online")) is { } onlineText && CpuList.TryParse(onlineText, out int[]? onlineCpus)
            ? onlineCpus
            : [.. processors.Keys.Order()];
        CgroupLimits limits = CgroupLimits.Read(root);
        var allowed = limits.CpuSet is { } cpuSet ? new HashSet<int>(cpuSet) : null;
        Dictionary<int, int[]> nodes = ReadNodes(root);

        var packages = new SortedDictionary<int, List<(int Cpu, int Core)>>();
        foreach (int cpu in online)
        {
            processors.TryGetValue(cpu, out Dictionary<string, string>? fields);
            string topology = Path.Combine(cpuRoot, $"cpu{cpu.ToString(CultureInfo.InvariantCulture)}", "topology");
            int package = ReadTopologyId(Path.Combine(topology, "physical_package_id"), fields, "physical id", 0);
            int core = ReadTopologyId(Path.Combine(topology, "core_id"), fields, "core id", cpu);
            if (!packages.TryGetValue(package, out List<(int Cpu, int Core)>? members))
            {
                packages[package] = members = [];
            }

            members.Add((cpu, core));
        }

        long? hostMemory = ReadHostMemory(root);
        var sockets = new List<Socket>();
        foreach ((int package, List<(int Cpu, int Core)> members) in packages)
        {
            int[] cpus = [.. members.Where(m => allowed is null || allowed.Contains(m.Cpu)).Select(m => m.Cpu)];
            if (cpus.Length == 0)
            {
                // The process's cpuset excludes the whole package: nothing there is usable from here.
                continue;
            }

            int[] packageNodes = [.. nodes.Where(n => n.Value.Intersect(members.Select(m => m.Cpu)).Any()).Select(n => n.Key).Order()];
            bool usesNodeMemory = packages.Count > 1 && packageNodes.Length > 0;
            sockets.Add(new Socket(
                BuildDevice(root, providerName, package, members, cpus, processors, packageNodes, packages.Count, hostMemory, limits),
                packageNodes,
                usesNodeMemory,
                limits));
        }

        return (sockets, null);
    }

    private static Device BuildDevice(
        string root,
        string providerName,
        int package,
        List<(int Cpu, int Core)> members,
        int[] cpus,
        Dictionary<int, Dictionary<string, string>> processors,
        int[] packageNodes,
        int packageCount,
        long? hostMemory,
        CgroupLimits limits)
    {
        Dictionary<string, string>? fields = null;
        foreach (int cpu in cpus)
        {
            if (processors.TryGetValue(cpu, out fields))
            {
                break;
            }
        }

        string cpuRoot = Path.Combine(root, "sys/devices/system/cpu");
        string firstCpu = Path.Combine(cpuRoot, $"cpu{cpus[0].ToString(CultureInfo.InvariantCulture)}");
        var capacities = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [CapacityNames.ComputeUnits] = cpus.Length,
            [CapacityNames.Cores] = members.Where(m => Array.IndexOf(cpus, m.Cpu) >= 0).Select(m => m.Core).Distinct().Count(),
        };

        long? memory = packageCount == 1 ? hostMemory : SumNodeMemory(root, packageNodes);
        if (limits.MemoryBytes is { } memoryLimit)
        {
            memory = memory is { } known ? Math.Min(known, memoryLimit) : memoryLimit;
        }

        if (memory is { } bytes)
        {
            capacities[CapacityNames.MemoryBytes] = bytes;
        }

        if (ReadClockHz(cpuRoot, cpus, fields) is { } clock)
        {
            capacities[CapacityNames.ClockHz] = clock;
        }

        var attributes = new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal)
        {
            [CpuAttributeNames.ThreadsPerCore] = DeviceAttribute.FromInteger(members.GroupBy(m => m.Core).Max(g => g.Count())),
        };
        if (fields is not null && fields.TryGetValue("flags", out string? flagText))
        {
            var flags = new HashSet<string>(flagText.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            foreach ((string flag, string attribute) in KeyFlags)
            {
                attributes[attribute] = DeviceAttribute.FromBoolean(flags.Contains(flag));
            }
        }

        if (ReadL3Bytes(firstCpu) is { } l3)
        {
            attributes[CpuAttributeNames.CacheL3Bytes] = DeviceAttribute.FromInteger(l3);
        }

        if (packageNodes.Length > 0)
        {
            attributes[CpuAttributeNames.NumaNodes] = DeviceAttribute.FromString(CpuList.Format(packageNodes));
        }

        if (limits.CpuMilli is { } milli)
        {
            attributes[CpuAttributeNames.CgroupCpuLimit] = DeviceAttribute.FromInteger(milli);
        }

        if (limits.MemoryBytes is { } limit)
        {
            attributes[CpuAttributeNames.CgroupMemoryLimitBytes] = DeviceAttribute.FromInteger(limit);
        }

        return new Device
        {
            Id = new DeviceId(providerName, CpuDeviceProvider.SocketKey(package)),
            Kind = DeviceKind.Cpu,
            Vendor = Field(fields, "vendor_id") ?? "unknown",
            Name = Field(fields, "model name") ?? Field(fields, "Processor") ?? Field(fields, "cpu model") ?? Field(fields, "cpu") ?? "CPU",
            Capacities = capacities,
            Attributes = attributes,
            Topology = new DeviceTopology
            {
                Socket = package,
                NumaNode = packageNodes.Length > 0 ? packageNodes[0] : null,
                CpuSet = cpus,
            },
        };
    }

    /// <summary>Splits <c>/proc/cpuinfo</c> into one field table per <c>processor</c> block.</summary>
    internal static Dictionary<int, Dictionary<string, string>> ParseCpuInfo(string text)
    {
        var processors = new Dictionary<int, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (string rawLine in text.Split('\n'))
        {
            int colon = rawLine.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            string key = rawLine[..colon].Trim();
            string value = rawLine[(colon + 1)..].Trim();
            if (key == "processor" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                processors[index] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            current?.TryAdd(key, value);
        }

        return processors;
    }

    private static string? Field(Dictionary<string, string>? fields, string key) =>
        fields is not null && fields.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;

    private static int ReadTopologyId(string sysfsPath, Dictionary<string, string>? fields, string cpuinfoKey, int fallback)
    {
        // Some platforms write -1 for an unknown package or core; the fallback stands in for it.
        if (LinuxFiles.TryReadInt64(sysfsPath, out long id))
        {
            return id < 0 ? fallback : (int)id;
        }

        return Field(fields, cpuinfoKey) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : fallback;
    }

    private static Dictionary<int, int[]> ReadNodes(string root)
    {
        var nodes = new Dictionary<int, int[]>();
        string nodeRoot = Path.Combine(root, "sys/devices/system/node");
        if (!Directory.Exists(nodeRoot))
        {
            return nodes;
        }

        foreach (string directory in Directory.EnumerateDirectories(nodeRoot, "node*"))
        {
            if (int.TryParse(Path.GetFileName(directory).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int node)
                && LinuxFiles.ReadText(Path.Combine(directory, "cpulist")) is { } cpulist
                && CpuList.TryParse(cpulist, out int[]? nodeCpus))
            {
                nodes[node] = nodeCpus;
            }
        }

        return nodes;
    }

    private static long? ReadHostMemory(string root) => ReadMemTotal(Path.Combine(root, "proc/meminfo"));

    private static long? ReadMemTotal(string meminfoPath)
    {
        byte[] buffer = new byte[4096];
        return LinuxFiles.TryRead(meminfoPath, ref buffer, default, out int length) == ReadOutcome.Read
            && LinuxFiles.TryFindBytes(buffer.AsSpan(0, length), "MemTotal:"u8, out long bytes)
                ? bytes
                : null;
    }

    private static long? SumNodeMemory(string root, int[] packageNodes)
    {
        long total = 0;
        foreach (int node in packageNodes)
        {
            string path = Path.Combine(root, "sys/devices/system/node", $"node{node.ToString(CultureInfo.InvariantCulture)}", "meminfo");
            if (ReadMemTotal(path) is not { } bytes)
            {
                return null;
            }

            total += bytes;
        }

        return packageNodes.Length > 0 ? total : null;
    }

    private static long? ReadClockHz(string cpuRoot, int[] cpus, Dictionary<string, string>? fields)
    {
        long maxKilohertz = 0;
        foreach (int cpu in cpus)
        {
            string path = Path.Combine(cpuRoot, $"cpu{cpu.ToString(CultureInfo.InvariantCulture)}", "cpufreq/cpuinfo_max_freq");
            if (LinuxFiles.TryReadInt64(path, out long kilohertz) && kilohertz > maxKilohertz)
            {
                maxKilohertz = kilohertz;
            }
        }

        if (maxKilohertz > 0)
        {
            return maxKilohertz * 1000;
        }

        // Without cpufreq (virtual machines, containers without sysfs) the clock cpuinfo reports is the best left.
        return Field(fields, "cpu MHz") is { } mhz && double.TryParse(mhz, NumberStyles.Float, CultureInfo.InvariantCulture, out double megahertz) && megahertz > 0
            ? (long)Math.Round(megahertz * 1_000_000)
            : null;
    }

    private static long? ReadL3Bytes(string cpuDirectory)
    {
        string cacheRoot = Path.Combine(cpuDirectory, "cache");
        if (!Directory.Exists(cacheRoot))
        {
            return null;
        }

        foreach (string index in Directory.EnumerateDirectories(cacheRoot, "index*").Order(StringComparer.Ordinal))
        {
            if (LinuxFiles.TryReadInt64(Path.Combine(index, "level"), out long level) && level == 3
                && LinuxFiles.ReadText(Path.Combine(index, "size")) is { } size
                && LinuxFiles.TryParseSize(size, out long bytes))
            {
                return bytes;
            }
        }

        return null;
    }
}
