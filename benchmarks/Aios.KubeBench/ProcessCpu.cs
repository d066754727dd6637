using System.Diagnostics;
using System.Globalization;

namespace Aios.KubeBench;

/// <summary>
/// CPU seconds (user + system) used so far by this process and by each child it started (kube-apiserver, etcd,
/// kube-scheduler), read from <c>/proc</c>: on a shared machine the time a run takes depends on the other load, the
/// CPU each part spends much less so.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> Names = new();

    /// <summary>Names a child process in the samples (children are otherwise named by their program).</summary>
    public static void Name(int processId, string name) => Names[processId] = name;

    public static Dictionary<string, double> Sample()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["harness"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        };
        int self = Environment.ProcessId;
        string[] folders;
        try
        {
            folders = Directory.GetDirectories("/proc");
        }
        catch (IOException)
        {
            return seconds;
        }

        foreach (string folder in folders)
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(folder, "stat"));
                int open = stat.IndexOf('(', StringComparison.Ordinal);
                int close = stat.LastIndexOf(')');
                string name = stat[(open + 1)..close];
                string[] fields = stat[(close + 2)..].Split(' ');
                // After "pid (comm) ": state ppid … utime is field 14 of stat, the 12th after comm; stime the 13th.
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != self)
                {
                    continue;
                }

                if (Names.TryGetValue(int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture), out string? given))
                {
                    name = given;
                }

                double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                string key = name.StartsWith("kube-apiserver", StringComparison.Ordinal) ? "kube-apiserver"
                    : name.StartsWith("kube-scheduler", StringComparison.Ordinal) ? "kube-scheduler"
                    : name;
                seconds[key] = seconds.GetValueOrDefault(key) + cpu;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // a process that ended meanwhile, or not a process folder
            }
        }

        return seconds;
    }

    /// <summary>What each part used between two samples, e.g. <c>kube-apiserver 12.1 s, etcd 2.0 s, harness 5.3 s</c>.</summary>
    public static string Describe(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        var parts = new List<string>();
        foreach ((string name, double total) in after.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            double used = total - before.GetValueOrDefault(name);
            if (used >= 0.05)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {used:F1} s"));
            }
        }

        return string.Join(", ", parts);
    }
}
