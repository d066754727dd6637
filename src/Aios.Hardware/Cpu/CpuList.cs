using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Aios.Hardware.Cpu;

/// <summary>
/// The Linux kernel's CPU list format (<c>0-3,8,10-11</c>), used by <c>/sys/devices/system/cpu/online</c>,
/// <c>node*/cpulist</c>, a PCI device's <c>local_cpulist</c> and <c>cpuset.cpus.effective</c>
/// (Linux, Documentation/admin-guide/cputopology.rst), and by the static hardware JSON's <c>cpuSet</c>.
/// </summary>
/// <remarks>
/// A list is comma-separated parts, each a CPU number or an ascending range <c>first-last</c>; space around parts is
/// ignored and an empty list (the kernel writes one for an empty cpuset) is valid. CPU numbers run from 0 to
/// <see cref="MaximumCpu"/>. Parsing gives the CPUs ascending and distinct.
/// </remarks>
public static class CpuList
{
    /// <summary>The largest CPU number accepted (65535; Linux's <c>NR_CPUS</c> is at most 8192).</summary>
    public const int MaximumCpu = ushort.MaxValue;

    /// <summary>Parses a CPU list.</summary>
    /// <param name="text">The list, such as <c>0-3,8</c>.</param>
    /// <returns>The CPUs, ascending and distinct.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a CPU list; the message names the bad part.</exception>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses a CPU list.</summary>
    /// <param name="text">The list, such as <c>0-3,8</c>.</param>
    /// <returns>The CPUs, ascending and distinct.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a CPU list; the message names the bad part.</exception>
    public static int[] Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out int[]? cpus, out string? problem) ? cpus : throw new FormatException(problem);

    /// <summary>Parses a CPU list, or says that it cannot.</summary>
    /// <param name="text">The list, such as <c>0-3,8</c>.</param>
    /// <param name="cpus">The CPUs, ascending and distinct; null when the text is not a CPU list.</param>
    /// <returns>Whether <paramref name="text"/> is a CPU list.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out int[]? cpus)
    {
        if (text is null)
        {
            cpus = null;
            return false;
        }

        return TryParse(text.AsSpan(), out cpus, out _);
    }

    /// <summary>Parses a CPU list, or says that it cannot.</summary>
    /// <param name="text">The list, such as <c>0-3,8</c>.</param>
    /// <param name="cpus">The CPUs, ascending and distinct; null when the text is not a CPU list.</param>
    /// <returns>Whether <paramref name="text"/> is a CPU list.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out int[]? cpus) => TryParse(text, out cpus, out _);

    /// <summary>Formats CPU numbers in the kernel's list form, collapsing runs into ranges.</summary>
    /// <param name="cpus">The CPUs, ascending (as <see cref="Parse(string)"/> gives them).</param>
    /// <returns>The list, such as <c>0-3,8</c>; empty for no CPUs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cpus"/> is null.</exception>
    public static string Format(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
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

    /// <summary>Parses, giving the reason when the text is not a CPU list.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out int[]? cpus, [NotNullWhen(false)] out string? problem)
    {
        cpus = null;
        var set = new SortedSet<int>();
        ReadOnlySpan<char> list = text.Trim();
        if (list.IsEmpty)
        {
            cpus = [];
            problem = null;
            return true;
        }

        foreach (Range range in list.Split(','))
        {
            ReadOnlySpan<char> part = list[range].Trim();
            int dash = part.IndexOf('-');
            ReadOnlySpan<char> first = (dash < 0 ? part : part[..dash]).Trim();
            ReadOnlySpan<char> last = (dash < 0 ? part : part[(dash + 1)..]).Trim();
            if (!TryCpu(first, out int low) || !TryCpu(last, out int high) || high < low)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"'{text.ToString()}' is not a Linux CPU list such as \"0-15,32-47\" ('{part.ToString()}' is not a CPU from 0 to {MaximumCpu} or an ascending range)");
                return false;
            }

            for (int cpu = low; cpu <= high; cpu++)
            {
                set.Add(cpu);
            }
        }

        cpus = [.. set];
        problem = null;
        return true;
    }

    private static bool TryCpu(ReadOnlySpan<char> text, out int cpu) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cpu) && cpu <= MaximumCpu;
}
