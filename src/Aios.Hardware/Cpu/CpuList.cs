using System.Globalization;
using System.Text;

namespace Aios.Hardware.Cpu;

/// <summary>
/// The kernel's CPU list format (<c>0-3,8,10-11</c>), used by <c>/sys/devices/system/cpu/online</c>,
/// <c>node*/cpulist</c> and <c>cpuset.cpus.effective</c> (Linux, Documentation/admin-guide/cputopology.rst).
/// </summary>
internal static class CpuList
{
    /// <summary>Parses a CPU list into ascending, distinct CPU numbers; malformed parts are skipped.</summary>
    public static int[] Parse(ReadOnlySpan<char> text)
    {
        var cpus = new SortedSet<int>();
        foreach (Range range in text.Trim().Split(','))
        {
            ReadOnlySpan<char> part = text.Trim()[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            int dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int single))
                {
                    cpus.Add(single);
                }

                continue;
            }

            if (int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int last)
                && first <= last)
            {
                for (int cpu = first; cpu <= last; cpu++)
                {
                    cpus.Add(cpu);
                }
            }
        }

        return [.. cpus];
    }

    /// <summary>Formats ascending CPU numbers in the kernel's list form, collapsing runs into ranges.</summary>
    public static string Format(IReadOnlyList<int> cpus)
    {
        var text = new StringBuilder();
        for (int i = 0; i < cpus.Count; i++)
        {
            int start = cpus[i];
            while (i + 1 < cpus.Count && cpus[i + 1] == cpus[i] + 1)
            {
                i++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(start.ToString(CultureInfo.InvariantCulture));
            if (cpus[i] != start)
            {
                text.Append('-').Append(cpus[i].ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
