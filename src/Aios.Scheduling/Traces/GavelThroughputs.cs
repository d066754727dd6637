using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Aios.Scheduling.Traces;

/// <summary>
/// The isolated training throughputs (steps per second) of Gavel's job types on each device type, read from Gavel's
/// <c>simulation_throughputs.json</c>.
/// </summary>
/// <remarks>
/// <para>Source: Narayanan et al., "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads", OSDI
/// 2020 (github.com/stanford-futuredata/gavel, <c>scheduler/simulation_throughputs.json</c>).</para>
/// <para>The file maps a device type ("k80", "p100", "v100", and "*_unconsolidated" variants) to keys that are Python
/// tuple literals <c>('ResNet-18 (batch size 16)', 1)</c> of job type and scale factor; under each, the key
/// <c>"null"</c> holds the job's throughput when it runs alone, and the other keys the pair throughputs when it shares
/// a device (not read here). Read with <see cref="JsonDocument"/>: no reflection, safe under trimming and AOT.</para>
/// </remarks>
public sealed class GavelThroughputs
{
    private readonly FrozenDictionary<(string DeviceType, string JobType, int ScaleFactor), double> isolated;

    private GavelThroughputs(Dictionary<(string, string, int), double> isolated, IReadOnlyList<string> deviceTypes, IReadOnlyList<string> jobTypes)
    {
        this.isolated = isolated.ToFrozenDictionary();
        DeviceTypes = deviceTypes;
        JobTypes = jobTypes;
    }

    /// <summary>Gets the device types Gavel's simulator uses by default: "k80", "p100" and "v100".</summary>
    public static IReadOnlyList<string> DefaultDeviceTypes { get; } = ["k80", "p100", "v100"];

    /// <summary>Gets every device type in the file, in ordinal order.</summary>
    public IReadOnlyList<string> DeviceTypes { get; }

    /// <summary>Gets every job type in the file (without scale factor), in ordinal order.</summary>
    public IReadOnlyList<string> JobTypes { get; }

    /// <summary>Reads a throughputs file from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON stream; left open.</param>
    /// <returns>The throughputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="TraceFormatException">The JSON is malformed or a key is not a (job type, scale factor) tuple.</exception>
    public static GavelThroughputs Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8Json);
            return FromDocument(document);
        }
        catch (JsonException exception)
        {
            throw new TraceFormatException($"simulation throughputs: malformed JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a throughputs file from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The throughputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="TraceFormatException">The JSON is malformed or a key is not a (job type, scale factor) tuple.</exception>
    public static GavelThroughputs Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return FromDocument(document);
        }
        catch (JsonException exception)
        {
            throw new TraceFormatException($"simulation throughputs: malformed JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a throughputs file from JSON text, or says that it cannot.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="throughputs">The throughputs; null when the JSON is malformed or a key is not a (job type, scale factor) tuple.</param>
    /// <returns>Whether <paramref name="json"/> is a throughputs file.</returns>
    public static bool TryParse([NotNullWhen(true)] string? json, [NotNullWhen(true)] out GavelThroughputs? throughputs)
    {
        throughputs = null;
        if (json is null)
        {
            return false;
        }

        try
        {
            throughputs = Parse(json);
            return true;
        }
        catch (TraceFormatException)
        {
            return false;
        }
    }

    /// <summary>Looks up a job's isolated throughput on a device type.</summary>
    /// <param name="deviceType">The device type, e.g. "v100".</param>
    /// <param name="jobType">The job type, e.g. "ResNet-18 (batch size 16)".</param>
    /// <param name="scaleFactor">The number of workers.</param>
    /// <param name="stepsPerSecond">The throughput, when found and greater than 0.</param>
    /// <returns>True when the file gives a positive isolated throughput for this combination.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deviceType"/> or <paramref name="jobType"/> is null.</exception>
    public bool TryGetIsolatedThroughput(string deviceType, string jobType, int scaleFactor, out double stepsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(deviceType);
        ArgumentNullException.ThrowIfNull(jobType);
        return isolated.TryGetValue((deviceType, jobType, scaleFactor), out stepsPerSecond);
    }

    /// <summary>Collects a job's isolated throughputs on several device types, leaving out those the file does not give.</summary>
    /// <param name="jobType">The job type.</param>
    /// <param name="scaleFactor">The number of workers.</param>
    /// <param name="deviceTypes">The device types to look up; <see cref="DefaultDeviceTypes"/> when null.</param>
    /// <returns>Device type to steps per second.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobType"/> is null.</exception>
    public IReadOnlyDictionary<string, double> GetIsolatedThroughputs(string jobType, int scaleFactor, IEnumerable<string>? deviceTypes = null)
    {
        ArgumentNullException.ThrowIfNull(jobType);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string deviceType in deviceTypes ?? DefaultDeviceTypes)
        {
            if (TryGetIsolatedThroughput(deviceType, jobType, scaleFactor, out double stepsPerSecond))
            {
                result[deviceType] = stepsPerSecond;
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Parses a Python tuple literal key <c>('Job type', 4)</c>.</summary>
    internal static bool TryParseKey(string key, out string jobType, out int scaleFactor)
    {
        jobType = "";
        scaleFactor = 0;
        ReadOnlySpan<char> text = key.AsSpan().Trim();
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
        {
            return false;
        }

        text = text[1..^1];
        int comma = text.LastIndexOf(',');
        if (comma < 0)
        {
            return false;
        }

        ReadOnlySpan<char> name = text[..comma].Trim();
        ReadOnlySpan<char> number = text[(comma + 1)..].Trim();
        if (name.Length < 2 || name[0] != name[^1] || (name[0] != '\'' && name[0] != '"'))
        {
            return false;
        }

        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out scaleFactor) || scaleFactor < 1)
        {
            return false;
        }

        jobType = name[1..^1].ToString();
        return jobType.Length > 0;
    }

    private static GavelThroughputs FromDocument(JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new TraceFormatException("simulation throughputs: the root must be an object keyed by device type.");
        }

        var isolated = new Dictionary<(string, string, int), double>();
        var deviceTypes = new SortedSet<string>(StringComparer.Ordinal);
        var jobTypes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty device in document.RootElement.EnumerateObject())
        {
            deviceTypes.Add(device.Name);
            if (device.Value.ValueKind != JsonValueKind.Object)
            {
                throw new TraceFormatException($"simulation throughputs: device type '{device.Name}' must map to an object of jobs.");
            }

            foreach (JsonProperty job in device.Value.EnumerateObject())
            {
                if (!TryParseKey(job.Name, out string jobType, out int scaleFactor))
                {
                    throw new TraceFormatException($"simulation throughputs: under '{device.Name}', key \"{job.Name}\" is not a ('job type', scale factor) tuple.");
                }

                jobTypes.Add(jobType);
                if (job.Value.ValueKind == JsonValueKind.Object
                    && job.Value.TryGetProperty("null", out JsonElement alone)
                    && alone.ValueKind == JsonValueKind.Number
                    && alone.TryGetDouble(out double stepsPerSecond)
                    && double.IsFinite(stepsPerSecond)
                    && stepsPerSecond > 0)
                {
                    isolated[(device.Name, jobType, scaleFactor)] = stepsPerSecond;
                }
            }
        }

        return new GavelThroughputs(isolated, [.. deviceTypes], [.. jobTypes]);
    }
}
