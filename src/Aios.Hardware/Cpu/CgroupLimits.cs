using System.Globalization;

namespace Aios.Hardware.Cpu;

/// <summary>
/// The effective cgroup v2 limits of this process: the most restrictive <c>cpu.max</c> and <c>memory.max</c> on the
/// path from its cgroup up to the root, and the leaf-most <c>cpuset.cpus.effective</c> (which already folds in the
/// ancestors'). Source: Linux, Documentation/admin-guide/cgroup-v2.rst. cgroup v1 hierarchies are not read.
/// </summary>
internal sealed record CgroupLimits
{
    /// <summary>No limits known.</summary>
    public static CgroupLimits None { get; } = new();

    /// <summary>The CPU bandwidth limit in milli-CPUs (quota × 1000 / period), when one is set.</summary>
    public long? CpuMilli { get; init; }

    /// <summary>The memory limit in bytes, when one is set.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The cgroup folder whose <c>memory.max</c> is the limit (its <c>memory.current</c> is the usage).</summary>
    public string? MemoryDirectory { get; init; }

    /// <summary>The CPUs the process may run on, when a cpuset says so.</summary>
    public IReadOnlyList<int>? CpuSet { get; init; }

    /// <summary>Reads the limits under a file-system root; absent files mean no limit.</summary>
    public static CgroupLimits Read(string root)
    {
        string? membership = LinuxFiles.ReadText(Path.Combine(root, "proc/self/cgroup"));
        string? relative = null;
        if (membership is not null)
        {
            foreach (string line in membership.Split('\n'))
            {
                // The unified (v2) hierarchy is the line with hierarchy id 0 and no controller list: "0::/path".
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    relative = line[3..].Trim();
                }
            }
        }

        if (relative is null)
        {
            return None;
        }

        string mount = Path.Combine(root, "sys/fs/cgroup");
        long? cpuMilli = null;
        long? memory = null;
        string? memoryDirectory = null;
        IReadOnlyList<int>? cpuSet = null;
        foreach (string directory in PathToRoot(mount, relative))
        {
            if (TryReadCpuMax(Path.Combine(directory, "cpu.max"), out long milli) && (cpuMilli is null || milli < cpuMilli))
            {
                cpuMilli = milli;
            }

            if (TryReadMax(Path.Combine(directory, "memory.max"), out long bytes) && (memory is null || bytes < memory))
            {
                memory = bytes;
                memoryDirectory = directory;
            }

            if (cpuSet is null && LinuxFiles.ReadText(Path.Combine(directory, "cpuset.cpus.effective")) is { Length: > 0 } cpus
                && CpuList.TryParse(cpus, out int[]? parsed))
            {
                cpuSet = parsed;
            }
        }

        return new CgroupLimits { CpuMilli = cpuMilli, MemoryBytes = memory, MemoryDirectory = memoryDirectory, CpuSet = cpuSet };
    }

    /// <summary>Parses <c>cpu.max</c>: <c>"max 100000"</c> is no limit, <c>"150000 100000"</c> is 1.5 CPUs (1500 milli-CPUs).</summary>
    internal static bool TryParseCpuMax(ReadOnlySpan<char> text, out long milliCpus)
    {
        milliCpus = 0;
        text = text.Trim();
        int space = text.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> quotaText = text[..space];
        ReadOnlySpan<char> periodText = text[(space + 1)..].Trim();
        if (quotaText.SequenceEqual("max")
            || !long.TryParse(quotaText, NumberStyles.None, CultureInfo.InvariantCulture, out long quota)
            || !long.TryParse(periodText, NumberStyles.None, CultureInfo.InvariantCulture, out long period)
            || period <= 0)
        {
            return false;
        }

        milliCpus = quota * 1000 / period;
        return true;
    }

    private static bool TryReadCpuMax(string path, out long milliCpus)
    {
        milliCpus = 0;
        return LinuxFiles.ReadText(path) is { } text && TryParseCpuMax(text, out milliCpus);
    }

    private static bool TryReadMax(string path, out long value)
    {
        value = 0;
        return LinuxFiles.ReadText(path) is { } text
            && !text.Equals("max", StringComparison.Ordinal)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static List<string> PathToRoot(string mount, string relative)
    {
        var directories = new List<string>();
        string[] parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int depth = parts.Length; depth >= 0; depth--)
        {
            // A ".." would climb out of the mount; the kernel never writes one, so such a line is not trusted.
            if (depth > 0 && Array.IndexOf(parts, "..", 0, depth) >= 0)
            {
                continue;
            }

            directories.Add(depth == 0 ? mount : Path.Combine(mount, string.Join('/', parts, 0, depth)));
        }

        return directories;
    }
}
