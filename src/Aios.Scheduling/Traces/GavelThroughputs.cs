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
/// <c>"null"</c> holds the job's throughput when it runs alone, and every other key, another (job type, scale factor),
/// the pair <c>[this job's steps/s, the other job's steps/s]</c> when the two share the same GPUs (Gavel's space
/// sharing, §3.1). A throughput of 0 means "not measured or does not fit": such entries are left out, so a pair is
/// known only when both of its throughputs are positive. Read with <see cref="JsonDocument"/>: no reflection, safe
/// under trimming and AOT.</para>
/// <para>The reader is strict: a job's value must be an object, <c>"null"</c> a finite number &gt;= 0, and every
/// other entry a tuple key with an array of exactly two finite numbers &gt;= 0; anything else is a
/// <see cref="TraceFormatException"/> that names the device type and the key.</para>
/// <para>The <c>*_unconsolidated</c> device types hold the throughputs of multi-GPU jobs whose workers are spread over
/// several servers instead of packed on one (Gavel's simulator picks them when a job's placement is not consolidated);
/// they are device types of their own here and the caller chooses which to read.</para>
/// </remarks>
public sealed class GavelThroughputs
{
    private readonly FrozenDictionary<(string DeviceType, string JobType, int ScaleFactor), double> isolated;
    private readonly FrozenDictionary<(string DeviceType, string JobType, int ScaleFactor, string OtherType, int OtherScaleFactor), (double Self, double Other)> pairs;

    private GavelThroughputs(Dictionary<(string, string, int), double> isolated, Dictionary<(string, string, int, string, int), (double, double)> pairs, IReadOnlyList<string> deviceTypes, IReadOnlyList<string> jobTypes)
    {
        this.isolated = isolated.ToFrozenDictionary();
        this.pairs = pairs.ToFrozenDictionary();
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
            throw new TraceFormatException($"simulation_throughputs.json: malformed JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
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
            throw new TraceFormatException($"simulation_throughputs.json: malformed JSON at line {exception.LineNumber + 1}: {exception.Message}", exception);
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

    /// <summary>Looks up the throughputs of two jobs sharing the same GPUs of a device type (Gavel's space sharing).</summary>
    /// <param name="deviceType">The device type, e.g. "v100".</param>
    /// <param name="jobType">The first job's type.</param>
    /// <param name="scaleFactor">The first job's number of workers.</param>
    /// <param name="otherJobType">The second job's type.</param>
    /// <param name="otherScaleFactor">The second job's number of workers.</param>
    /// <param name="stepsPerSecond">The first job's throughput while paired, when known.</param>
    /// <param name="otherStepsPerSecond">The second job's throughput while paired, when known.</param>
    /// <returns>True when the file gives both throughputs of this pair, each greater than 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deviceType"/>, <paramref name="jobType"/> or <paramref name="otherJobType"/> is null.</exception>
    public bool TryGetPairThroughputs(string deviceType, string jobType, int scaleFactor, string otherJobType, int otherScaleFactor, out double stepsPerSecond, out double otherStepsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(deviceType);
        ArgumentNullException.ThrowIfNull(jobType);
        ArgumentNullException.ThrowIfNull(otherJobType);
        if (pairs.TryGetValue((deviceType, jobType, scaleFactor, otherJobType, otherScaleFactor), out (double Self, double Other) pair))
        {
            (stepsPerSecond, otherStepsPerSecond) = pair;
            return true;
        }

        stepsPerSecond = 0;
        otherStepsPerSecond = 0;
        return false;
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
            throw new TraceFormatException("simulation_throughputs.json: the root must be an object keyed by device type.");
        }

        var isolated = new Dictionary<(string, string, int), double>();
        var pairs = new Dictionary<(string, string, int, string, int), (double, double)>();
        var deviceTypes = new SortedSet<string>(StringComparer.Ordinal);
        var jobTypes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty device in document.RootElement.EnumerateObject())
        {
            deviceTypes.Add(device.Name);
            if (device.Value.ValueKind != JsonValueKind.Object)
            {
                throw new TraceFormatException($"simulation_throughputs.json: device type '{device.Name}' must map to an object of jobs.");
            }

            foreach (JsonProperty job in device.Value.EnumerateObject())
            {
                if (!TryParseKey(job.Name, out string jobType, out int scaleFactor))
                {
                    throw new TraceFormatException($"simulation_throughputs.json: under '{device.Name}', key \"{job.Name}\" is not a ('job type', scale factor) tuple.");
                }

                if (job.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new TraceFormatException($"simulation_throughputs.json: under '{device.Name}', key \"{job.Name}\" must map to an object of throughputs.");
                }

                jobTypes.Add(jobType);
                foreach (JsonProperty entry in job.Value.EnumerateObject())
                {
                    if (entry.Name == "null")
                    {
                        if (!TryReadThroughput(entry.Value, out double stepsPerSecond))
                        {
                            throw new TraceFormatException($"simulation_throughputs.json: under '{device.Name}', key \"{job.Name}\", entry \"null\" must be a finite number of steps per second >= 0.");
                        }

                        if (stepsPerSecond > 0)
                        {
                            isolated[(device.Name, jobType, scaleFactor)] = stepsPerSecond;
                        }

                        continue;
                    }

                    if (!TryParseKey(entry.Name, out string otherType, out int otherScale))
                    {
                        throw new TraceFormatException($"simulation_throughputs.json: under '{device.Name}', key \"{job.Name}\", entry \"{entry.Name}\" is neither \"null\" nor a ('job type', scale factor) tuple.");
                    }

                    if (entry.Value.ValueKind != JsonValueKind.Array
                        || entry.Value.GetArrayLength() != 2
                        || !TryReadThroughput(entry.Value[0], out double self)
                        || !TryReadThroughput(entry.Value[1], out double other))
                    {
                        throw new TraceFormatException($"simulation_throughputs.json: under '{device.Name}', key \"{job.Name}\", entry \"{entry.Name}\" must be an array of two finite numbers of steps per second >= 0.");
                    }

                    if (self > 0 && other > 0)
                    {
                        pairs[(device.Name, jobType, scaleFactor, otherType, otherScale)] = (self, other);
                    }
                }
            }
        }

        return new GavelThroughputs(isolated, pairs, [.. deviceTypes], [.. jobTypes]);
    }

    private static bool TryReadThroughput(JsonElement element, out double stepsPerSecond)
    {
        stepsPerSecond = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out stepsPerSecond) && double.IsFinite(stepsPerSecond) && stepsPerSecond >= 0;
    }
}
