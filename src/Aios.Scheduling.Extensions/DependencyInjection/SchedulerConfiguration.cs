using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Configuration;

namespace Aios.Scheduling.DependencyInjection;

/// <summary>
/// Reads <see cref="SchedulerOptions"/> and a <see cref="ClusterSpec"/> from configuration, collecting every bad value
/// rather than stopping at the first. Read by hand rather than bound: the policy is a name (<c>"las+backfill"</c>), lists
/// replace the defaults rather than append to them, and no reflection is needed (trimming- and AOT-safe).
/// </summary>
internal static class SchedulerConfiguration
{
    /// <summary>Applies the keys present in <paramref name="section"/> to <paramref name="options"/>.</summary>
    public static void Apply(IConfiguration section, SchedulerOptions options, List<string> failures)
    {
        Read(section, nameof(SchedulerOptions.Policy), failures, ParsePolicy, value => options.Policy = value);
        Read(section, nameof(SchedulerOptions.AgingIntervalSeconds), failures, ParseDouble, value => options.AgingIntervalSeconds = value);
        Read(section, nameof(SchedulerOptions.StarvationFactor), failures, ParseDouble, value => options.StarvationFactor = value);
        Read(section, nameof(SchedulerOptions.ScanDepth), failures, text => int.Parse(text, CultureInfo.InvariantCulture), value => options.ScanDepth = value);
        Read(section, nameof(SchedulerOptions.HeterogeneityTolerance), failures, ParseDouble, value => options.HeterogeneityTolerance = value);
        Read(section, nameof(SchedulerOptions.RetainEndedJobs), failures, bool.Parse, value => options.RetainEndedJobs = value);
        IConfigurationSection thresholds = section.GetSection(nameof(SchedulerOptions.AttainedServiceThresholds));
        if (thresholds.Exists())
        {
            var values = new List<double>();
            foreach (IConfigurationSection item in thresholds.GetChildren())
            {
                Read(item, failures, ParseDouble, values.Add);
            }

            Set(thresholds.Path, failures, () => options.AttainedServiceThresholds = values);
        }

        IConfigurationSection queues = section.GetSection(nameof(SchedulerOptions.Queues));
        if (queues.Exists())
        {
            var list = new List<QueueSpec>();
            foreach (IConfigurationSection queue in queues.GetChildren())
            {
                Set(queue.Path, failures, () =>
                {
                    var spec = new QueueSpec(queue[nameof(QueueSpec.Name)] ?? throw new FormatException("Name is required."))
                    {
                        Parent = queue[nameof(QueueSpec.Parent)],
                    };
                    Read(queue, nameof(QueueSpec.Weight), failures, ParseDouble, value => spec = spec with { Weight = value });
                    Read(queue, nameof(QueueSpec.GuaranteedGpus), failures, ParseLong, value => spec = spec with { GuaranteedGpus = value });
                    Read(queue, nameof(QueueSpec.BorrowingLimit), failures, ParseLong, value => spec = spec with { BorrowingLimit = value });
                    Read(queue, nameof(QueueSpec.LendingLimit), failures, ParseLong, value => spec = spec with { LendingLimit = value });
                    list.Add(spec);
                });
            }

            options.Queues = list;
        }
    }

    /// <summary>Reads a cluster: <c>Nodes:0:Name</c>, <c>Nodes:0:Devices:&lt;type&gt;</c> (a count), <c>Nodes:0:CpuCores</c>, <c>Nodes:0:MemoryBytes</c>.</summary>
    public static ClusterSpec? ReadCluster(IConfigurationSection section, List<string> failures)
    {
        var nodes = new List<NodeSpec>();
        foreach (IConfigurationSection node in section.GetSection("Nodes").GetChildren())
        {
            var devices = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (IConfigurationSection device in node.GetSection(nameof(NodeSpec.Devices)).GetChildren())
            {
                Read(device, failures, text => int.Parse(text, CultureInfo.InvariantCulture), count => devices[device.Key] = count);
            }

            Set(node.Path, failures, () =>
            {
                var spec = new NodeSpec(node[nameof(NodeSpec.Name)] ?? throw new FormatException("Name is required."), devices);
                Read(node, nameof(NodeSpec.CpuCores), failures, ParseDouble, value => spec = spec with { CpuCores = value });
                Read(node, nameof(NodeSpec.MemoryBytes), failures, ParseLong, value => spec = spec with { MemoryBytes = value });
                nodes.Add(spec);
            });
        }

        if (nodes.Count == 0)
        {
            failures.Add($"{section.GetSection("Nodes").Path}: the cluster needs at least one node (Nodes:0:Name, Nodes:0:Devices:<type> = count).");
            return null;
        }

        ClusterSpec? cluster = null;
        Set(section.Path, failures, () => cluster = new ClusterSpec(nodes));
        return cluster;
    }

    /// <summary>Parses a policy name, optionally with <c>+backfill</c> (as <c>aios simulate --policy</c> takes it).</summary>
    private static SchedulingPolicy ParsePolicy(string text)
    {
        const string backfill = "+backfill";
        return text.EndsWith(backfill, StringComparison.OrdinalIgnoreCase)
            ? SchedulingPolicy.Parse(text[..^backfill.Length]) with { Backfill = true }
            : SchedulingPolicy.Parse(text);
    }

    /// <summary>Parses a number written with the invariant culture (<c>1.5</c>, <c>1e3</c>, <c>Infinity</c>).</summary>
    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Parses a whole number written with the invariant culture.</summary>
    public static long ParseLong(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Parses and sets the value of <paramref name="key"/> when the section has one; a bad value is added to <paramref name="failures"/> with its path.</summary>
    public static void Read<T>(IConfiguration section, string key, List<string> failures, Func<string, T> parse, Action<T> set)
    {
        if (section.GetSection(key) is { Value: { } } item)
        {
            Read(item, failures, parse, set);
        }
    }

    /// <summary>Parses and sets the value of <paramref name="item"/>; a bad value is added to <paramref name="failures"/> with its path.</summary>
    public static void Read<T>(IConfigurationSection item, List<string> failures, Func<string, T> parse, Action<T> set) =>
        Set(item.Path, failures, () => set(parse(item.Value ?? "")));

    /// <summary>Runs <paramref name="set"/>; a format, overflow or argument error is added to <paramref name="failures"/> as <c>path: message</c>.</summary>
    public static void Set(string path, List<string> failures, Action set)
    {
        try
        {
            set();
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
        {
            failures.Add($"{path}: {exception.Message}");
        }
    }
}
