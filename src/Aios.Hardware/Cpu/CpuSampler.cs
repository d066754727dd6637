using System.Globalization;

namespace Aios.Hardware.Cpu;

/// <summary>
/// Reads the telemetry of one socket device. It keeps the previous <c>/proc/stat</c> counters of the device's CPUs and
/// the previous RAPL energy reading, so that each sample reports the busy fraction and the power over the interval
/// since the one before. Paths are resolved once; a sample reads a handful of files into a reused buffer and parses
/// spans, so that it costs microseconds and allocates only the sample itself and the file handles.
/// </summary>
internal sealed class CpuSampler
{
    private readonly Lock _gate = new();
    private readonly bool[] _member;
    private readonly string _procStat;
    private readonly string _procMeminfo;
    private readonly string[] _nodeMeminfo;
    private readonly string? _cgroupMemoryCurrent;
    private readonly long? _cgroupMemoryLimit;
    private readonly string[] _frequencyPaths;
    private readonly string? _temperaturePath;
    private readonly string? _energyPath;
    private readonly long _energyRange;
    private byte[] _buffer = new byte[16 * 1024];
    private ulong _previousTotal;
    private ulong _previousIdle;
    private double? _lastUtilization;
    private bool _energyDenied;
    private bool _hasEnergy;
    private long _previousEnergy;
    private DateTimeOffset _previousEnergyTime;
    private double? _lastPower;

    public CpuSampler(string root, IReadOnlyList<int> cpus, int socket, int socketCount, IReadOnlyList<int> nodes, bool useNodeMemory, CgroupLimits limits)
    {
        int maximum = -1;
        foreach (int cpu in cpus)
        {
            maximum = Math.Max(maximum, cpu);
        }

        _member = new bool[maximum + 1];
        var frequencies = new List<string>(cpus.Count);
        foreach (int cpu in cpus)
        {
            _member[cpu] = true;
            string path = Path.Combine(root, "sys/devices/system/cpu", $"cpu{cpu.ToString(CultureInfo.InvariantCulture)}", "cpufreq/scaling_cur_freq");
            if (File.Exists(path))
            {
                frequencies.Add(path);
            }
        }

        _frequencyPaths = [.. frequencies];
        _procStat = Path.Combine(root, "proc/stat");
        _procMeminfo = Path.Combine(root, "proc/meminfo");
        _nodeMeminfo = useNodeMemory
            ? [.. nodes.Select(node => Path.Combine(root, "sys/devices/system/node", $"node{node.ToString(CultureInfo.InvariantCulture)}", "meminfo"))]
            : [];
        if (limits.MemoryDirectory is { } memoryDirectory && limits.MemoryBytes is { } limit)
        {
            string current = Path.Combine(memoryDirectory, "memory.current");
            _cgroupMemoryCurrent = File.Exists(current) ? current : null;
            _cgroupMemoryLimit = limit;
        }

        _temperaturePath = FindTemperature(root, socket, socketCount);
        (_energyPath, _energyRange) = FindEnergy(root, socket);
    }

    /// <summary>Reads one sample.</summary>
    public TelemetrySample Sample(DeviceId device, DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            (TelemetryValue used, TelemetryValue free) = ReadMemory();
            return new TelemetrySample
            {
                Device = device,
                Timestamp = timestamp,
                Utilization = ReadUtilization(),
                MemoryUsedBytes = used,
                MemoryFreeBytes = free,
                ClockHz = ReadClock(),
                TemperatureCelsius = ReadTemperature(),
                PowerWatts = ReadPower(timestamp),
            };
        }
    }

    /// <summary>
    /// Busy fraction from the per-CPU lines of <c>/proc/stat</c> (proc(5)): the fields are user, nice, system, idle,
    /// iowait, irq, softirq, steal, guest, guest_nice in clock ticks; guest time is already counted in user, so the
    /// total is the sum of the first eight, and busy = (Δtotal − Δidle − Δiowait) / Δtotal. The first sample covers
    /// the time since boot.
    /// </summary>
    private TelemetryValue ReadUtilization()
    {
        if (LinuxFiles.TryRead(_procStat, ref _buffer, "\nintr"u8, out int length) != ReadOutcome.Read)
        {
            return TelemetryValue.NotSupported;
        }

        ulong total = 0;
        ulong idle = 0;
        bool found = false;
        ReadOnlySpan<byte> text = _buffer.AsSpan(0, length);
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (!line.StartsWith("cpu"u8))
            {
                if (found)
                {
                    break;
                }

                continue;
            }

            // The aggregate "cpu " line comes first; only the per-CPU "cpuN" lines are summed.
            line = line[3..];
            if (line.IsEmpty || (uint)(line[0] - '0') > 9)
            {
                continue;
            }

            long cpu = ParseNumber(ref line, out bool ok);
            if (!ok || cpu >= _member.Length || !_member[cpu])
            {
                continue;
            }

            found = true;
            for (int field = 0; field < 8; field++)
            {
                ulong ticks = (ulong)ParseNumber(ref line, out bool parsed);
                if (!parsed)
                {
                    break;
                }

                total += ticks;
                if (field is 3 or 4)
                {
                    idle += ticks;
                }
            }
        }

        if (!found)
        {
            return TelemetryValue.NotSupported;
        }

        if (total < _previousTotal || idle < _previousIdle)
        {
            // A CPU of the set went offline and took its counters with it: start a new baseline from here.
            _previousTotal = total;
            _previousIdle = idle;
            return _lastUtilization is { } kept ? TelemetryValue.Of(kept) : TelemetryValue.NotSupported;
        }

        if (total == _previousTotal)
        {
            // No tick elapsed since the last sample: the fraction over an empty interval is the last one seen.
            return _lastUtilization is { } last ? TelemetryValue.Of(last) : TelemetryValue.NotSupported;
        }

        double deltaTotal = total - _previousTotal;
        double deltaIdle = idle - _previousIdle;
        double busy = Math.Clamp((deltaTotal - deltaIdle) / deltaTotal, 0, 1);
        _previousTotal = total;
        _previousIdle = idle;
        _lastUtilization = busy;
        return TelemetryValue.Of(busy);
    }

    /// <summary>
    /// Host memory from <c>/proc/meminfo</c> (used = MemTotal − MemAvailable); on a multi-socket host, the socket's NUMA
    /// nodes (used = MemTotal − MemFree of <c>node*/meminfo</c>, which has no MemAvailable). Under a cgroup memory limit,
    /// used is the cgroup's <c>memory.current</c> and free is at most the limit minus that.
    /// </summary>
    private (TelemetryValue Used, TelemetryValue Free) ReadMemory()
    {
        long total = 0;
        long free = 0;
        if (_nodeMeminfo.Length > 0)
        {
            foreach (string path in _nodeMeminfo)
            {
                if (LinuxFiles.TryRead(path, ref _buffer, default, out int length) != ReadOutcome.Read
                    || !LinuxFiles.TryFindBytes(_buffer.AsSpan(0, length), "MemTotal:"u8, out long nodeTotal)
                    || !LinuxFiles.TryFindBytes(_buffer.AsSpan(0, length), "MemFree:"u8, out long nodeFree))
                {
                    return (TelemetryValue.NotSupported, TelemetryValue.NotSupported);
                }

                total += nodeTotal;
                free += nodeFree;
            }
        }
        else
        {
            if (LinuxFiles.TryRead(_procMeminfo, ref _buffer, default, out int length) != ReadOutcome.Read)
            {
                return (TelemetryValue.NotSupported, TelemetryValue.NotSupported);
            }

            ReadOnlySpan<byte> text = _buffer.AsSpan(0, length);
            if (!LinuxFiles.TryFindBytes(text, "MemTotal:"u8, out total)
                || !(LinuxFiles.TryFindBytes(text, "MemAvailable:"u8, out free) || LinuxFiles.TryFindBytes(text, "MemFree:"u8, out free)))
            {
                return (TelemetryValue.NotSupported, TelemetryValue.NotSupported);
            }
        }

        long used = total - free;
        if (_cgroupMemoryCurrent is not null && _cgroupMemoryLimit is { } limit && LinuxFiles.TryReadInt64(_cgroupMemoryCurrent, out long current))
        {
            used = current;
            free = Math.Min(free, Math.Max(0, limit - current));
        }

        return (TelemetryValue.Of(used), TelemetryValue.Of(free));
    }

    /// <summary>The mean of <c>cpufreq/scaling_cur_freq</c> (kHz) over the device's CPUs, in hertz.</summary>
    private TelemetryValue ReadClock()
    {
        long sum = 0;
        int count = 0;
        foreach (string path in _frequencyPaths)
        {
            if (LinuxFiles.TryReadInt64(path, out long kilohertz))
            {
                sum += kilohertz;
                count++;
            }
        }

        return count == 0 ? TelemetryValue.NotSupported : TelemetryValue.Of(sum * 1000.0 / count);
    }

    /// <summary>The package temperature in millidegrees Celsius from hwmon or a thermal zone, in degrees.</summary>
    private TelemetryValue ReadTemperature()
    {
        if (_temperaturePath is null)
        {
            return TelemetryValue.NotSupported;
        }

        return LinuxFiles.TryReadInt64WithOutcome(_temperaturePath, out long millidegrees) switch
        {
            ReadOutcome.Read => TelemetryValue.Of(millidegrees / 1000.0),
            ReadOutcome.Denied => TelemetryValue.NoPermission,
            _ => TelemetryValue.Failed($"{_temperaturePath} could not be read"),
        };
    }

    /// <summary>
    /// Package power from the RAPL energy counter (<c>/sys/class/powercap/intel-rapl:N/energy_uj</c>, Linux
    /// Documentation/power/powercap/powercap.rst): Δenergy / Δt between samples, the counter wrapping at
    /// <c>max_energy_range_uj</c>. Kernels patched for CVE-2020-8694 (PLATYPUS) let only root read it; then the field says NoPermission.
    /// </summary>
    private TelemetryValue ReadPower(DateTimeOffset timestamp)
    {
        if (_energyPath is null)
        {
            return TelemetryValue.NotSupported;
        }

        if (_energyDenied)
        {
            return TelemetryValue.NoPermission;
        }

        switch (LinuxFiles.TryReadInt64WithOutcome(_energyPath, out long energy))
        {
            case ReadOutcome.Denied:
                _energyDenied = true;
                return TelemetryValue.NoPermission;
            case ReadOutcome.Missing:
                return TelemetryValue.Failed($"{_energyPath} could not be read");
        }

        if (!_hasEnergy)
        {
            _hasEnergy = true;
            _previousEnergy = energy;
            _previousEnergyTime = timestamp;
            return new TelemetryValue(TelemetryStatus.NotSupported, 0, "power needs a second sample to measure the energy used over an interval");
        }

        double seconds = (timestamp - _previousEnergyTime).TotalSeconds;
        if (seconds <= 0)
        {
            return _lastPower is { } last ? TelemetryValue.Of(last) : new TelemetryValue(TelemetryStatus.NotSupported, 0, "power needs samples at distinct times");
        }

        long delta = energy - _previousEnergy;
        if (delta < 0)
        {
            delta += _energyRange;
        }

        _previousEnergy = energy;
        _previousEnergyTime = timestamp;
        double watts = delta / 1_000_000.0 / seconds;
        _lastPower = watts;
        return TelemetryValue.Of(watts);
    }

    private static long ParseNumber(ref ReadOnlySpan<byte> text, out bool ok)
    {
        int start = 0;
        while (start < text.Length && text[start] == (byte)' ')
        {
            start++;
        }

        long value = 0;
        int end = start;
        while (end < text.Length && (uint)(text[end] - '0') <= 9)
        {
            value = (value * 10) + (text[end] - '0');
            end++;
        }

        ok = end > start;
        text = text[end..];
        return value;
    }

    /// <summary>
    /// Finds the socket's temperature input: the hwmon <c>coretemp</c> input labelled <c>Package id N</c> (Intel),
    /// else the N-th <c>k10temp</c>/<c>zenpower</c> hwmon's Tctl (AMD), else the N-th <c>x86_pkg_temp</c> thermal
    /// zone; on a single-socket host also a <c>cpu-thermal</c>/<c>cpu_thermal</c> zone (Arm boards).
    /// </summary>
    private static string? FindTemperature(string root, int socket, int socketCount)
    {
        string hwmonRoot = Path.Combine(root, "sys/class/hwmon");
        var amd = new List<string>();
        foreach (string hwmon in Enumerate(hwmonRoot, "hwmon*"))
        {
            string? name = LinuxFiles.ReadText(Path.Combine(hwmon, "name"));
            if (name == "coretemp")
            {
                foreach (string label in Enumerate(hwmon, "temp*_label"))
                {
                    if (LinuxFiles.ReadText(label) == $"Package id {socket.ToString(CultureInfo.InvariantCulture)}")
                    {
                        string input = label[..^"label".Length] + "input";
                        if (File.Exists(input))
                        {
                            return input;
                        }
                    }
                }
            }
            else if (name is "k10temp" or "zenpower" && File.Exists(Path.Combine(hwmon, "temp1_input")))
            {
                amd.Add(Path.Combine(hwmon, "temp1_input"));
            }
        }

        if (amd.Count == socketCount && socket < amd.Count)
        {
            return amd[socket];
        }

        string thermalRoot = Path.Combine(root, "sys/class/thermal");
        var packageZones = new List<string>();
        string? cpuZone = null;
        foreach (string zone in Enumerate(thermalRoot, "thermal_zone*"))
        {
            string? type = LinuxFiles.ReadText(Path.Combine(zone, "type"));
            string input = Path.Combine(zone, "temp");
            if (!File.Exists(input))
            {
                continue;
            }

            if (type == "x86_pkg_temp")
            {
                packageZones.Add(input);
            }
            else if (type is "cpu-thermal" or "cpu_thermal")
            {
                cpuZone ??= input;
            }
        }

        if (packageZones.Count == socketCount && socket < packageZones.Count)
        {
            return packageZones[socket];
        }

        return socketCount == 1 ? cpuZone : null;
    }

    /// <summary>Finds the RAPL package domain named <c>package-N</c> and its counter range.</summary>
    private static (string? Path, long Range) FindEnergy(string root, int socket)
    {
        string expected = $"package-{socket.ToString(CultureInfo.InvariantCulture)}";
        foreach (string zone in Enumerate(Path.Combine(root, "sys/class/powercap"), "intel-rapl:*"))
        {
            // Sub-domains (core, uncore, dram) are intel-rapl:N:M; only package domains are wanted.
            if (Path.GetFileName(zone).Count(c => c == ':') != 1 || LinuxFiles.ReadText(Path.Combine(zone, "name")) != expected)
            {
                continue;
            }

            string energy = Path.Combine(zone, "energy_uj");
            if (!File.Exists(energy))
            {
                continue;
            }

            long range = LinuxFiles.TryReadInt64(Path.Combine(zone, "max_energy_range_uj"), out long value) && value > 0 ? value : long.MaxValue;
            return (energy, range);
        }

        return (null, 0);
    }

    private static string[] Enumerate(string directory, string pattern)
    {
        try
        {
            string[] entries = Directory.GetFileSystemEntries(directory, pattern);
            // Numbered entries (hwmon2, hwmon10) sort by number: shorter names first, then ordinally.
            Array.Sort(entries, static (a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
            return entries;
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
