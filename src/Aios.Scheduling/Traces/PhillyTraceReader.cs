using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aios.Scheduling.Traces;

/// <summary>
/// Reads the Microsoft Philly trace in the CSV form that Gavel and later schedulers use:
/// <c>timestamp,duration,num_gpus,gpu_time,cluster</c>, one job a line after the header.
/// </summary>
/// <remarks>
/// <para>Source: Jeon et al., "Analysis of Large-Scale Multi-Tenant GPU Clusters for DNN Training Workloads", USENIX
/// ATC 2019 (github.com/msr-fiddle/philly-traces), as reduced to this CSV by the Gavel artifact
/// (Narayanan et al., OSDI 2020, github.com/stanford-futuredata/gavel).</para>
/// <para>Timestamps ("2017-10-09 07:01:55", UTC) become seconds after an origin. The file is not sorted by time, so
/// a single streaming pass cannot know its earliest submit: the caller either passes the origin, or uses
/// <see cref="FindOrigin"/> (a first pass that reads only the timestamp column) and then reads again;
/// <see cref="ReadFile"/> does both passes over a file. Jobs keep file order; <see cref="TraceJob.Id"/> is the job's
/// 0-based position in the file. <c>cluster</c> (the virtual cluster) becomes <see cref="TraceJob.Queue"/>;
/// <c>gpu_time</c> is ignored (it is duration × GPUs). Blank lines are skipped.</para>
/// </remarks>
public static class PhillyTraceReader
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Reads jobs whose submit times are seconds after <paramref name="origin"/>.</summary>
    /// <param name="reader">The trace text, starting at the header line.</param>
    /// <param name="origin">The time that becomes 0; no job may be submitted before it.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed or submitted before the origin.</exception>
    public static IEnumerable<TraceJob> Read(TextReader reader, DateTime origin, string source = "philly.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Parser(source, origin).ReadAll(reader);
    }

    /// <summary>Reads jobs from a UTF-8 stream whose submit times are seconds after <paramref name="origin"/>.</summary>
    /// <param name="stream">The trace bytes, starting at the header line; left open.</param>
    /// <param name="origin">The time that becomes 0; no job may be submitted before it.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed or submitted before the origin.</exception>
    public static IAsyncEnumerable<TraceJob> ReadAsync(Stream stream, DateTime origin, string source = "philly.csv", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Parser(source, origin).ReadAllAsync(stream, cancellationToken);
    }

    /// <summary>Finds the earliest submit timestamp of a trace, reading only the timestamp column.</summary>
    /// <param name="reader">The trace text, starting at the header line.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The earliest timestamp.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">A timestamp is malformed, or the trace holds no job.</exception>
    public static DateTime FindOrigin(TextReader reader, string source = "philly.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Parser(source, DateTime.MinValue);
        DateTime earliest = DateTime.MaxValue;
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            int comma = line.IndexOf(',', StringComparison.Ordinal);
            DateTime timestamp = parser.ParseTimestamp(comma < 0 ? line : line[..comma], lineNumber);
            if (timestamp < earliest)
            {
                earliest = timestamp;
            }
        }

        return earliest == DateTime.MaxValue ? throw new TraceFormatException(source, lineNumber, null, "the trace holds no job, so it has no origin.") : earliest;
    }

    /// <summary>Reads a Philly trace file in two passes: the first finds the earliest submit, which becomes time 0.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The jobs in file order, read lazily (the file is opened when enumeration starts).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed.</exception>
    /// <exception cref="IOException">While enumerating: the file cannot be read.</exception>
    public static IEnumerable<TraceJob> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFileCore(path);
    }

    /// <summary>Reads a Philly trace file asynchronously in two passes: the first finds the earliest submit, which becomes time 0.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The jobs in file order, read lazily (the file is opened when enumeration starts).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed.</exception>
    /// <exception cref="IOException">While enumerating: the file cannot be read.</exception>
    public static IAsyncEnumerable<TraceJob> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFileCoreAsync(path, cancellationToken);
    }

    private static async IAsyncEnumerable<TraceJob> ReadFileCoreAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string source = Path.GetFileName(path);
        var parser = new Parser(source, DateTime.MinValue);
        DateTime earliest = DateTime.MaxValue;
        long lineNumber = 0;
        using (var first = new StreamReader(path))
        {
            while (await first.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (lineNumber > 1 && line.Length > 0)
                {
                    int comma = line.IndexOf(',', StringComparison.Ordinal);
                    DateTime timestamp = parser.ParseTimestamp(comma < 0 ? line : line[..comma], lineNumber);
                    earliest = timestamp < earliest ? timestamp : earliest;
                }
            }
        }

        if (earliest == DateTime.MaxValue)
        {
            throw new TraceFormatException(source, lineNumber, null, "the trace holds no job, so it has no origin.");
        }

        FileStream second = File.OpenRead(path);
        await using (second.ConfigureAwait(false))
        {
            await foreach (TraceJob job in ReadAsync(second, earliest, source, cancellationToken).ConfigureAwait(false))
            {
                yield return job;
            }
        }
    }

    private static IEnumerable<TraceJob> ReadFileCore(string path)
    {
        string source = Path.GetFileName(path);
        DateTime origin;
        using (var first = new StreamReader(path))
        {
            origin = FindOrigin(first, source);
        }

        using var second = new StreamReader(path);
        foreach (TraceJob job in Read(second, origin, source))
        {
            yield return job;
        }
    }

    private sealed class Parser(string source, DateTime origin) : TraceLineParser(source)
    {
        private long jobIndex;

        public override TraceJob? Parse(string line, long lineNumber)
        {
            if (lineNumber == 1)
            {
                if (!line.StartsWith("timestamp,duration,num_gpus", StringComparison.Ordinal))
                {
                    throw Error(lineNumber, null, "expected the header 'timestamp,duration,num_gpus,gpu_time,cluster'.");
                }

                return null;
            }

            if (line.Length == 0)
            {
                return null;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 5)
            {
                throw Error(lineNumber, null, $"expected 5 comma-separated fields (timestamp,duration,num_gpus,gpu_time,cluster), found {fields.Length}.");
            }

            DateTime submitted = ParseTimestamp(fields[0], lineNumber);
            if (submitted < origin)
            {
                throw Error(lineNumber, "timestamp", $"'{fields[0]}' is before the origin {origin.ToString(TimestampFormat, CultureInfo.InvariantCulture)}.");
            }

            double seconds = (submitted - origin).TotalSeconds;
            if (seconds > TraceJob.MaxSeconds)
            {
                throw Error(lineNumber, "timestamp", $"'{fields[0]}' is {seconds:G4} seconds after the origin {origin.ToString(TimestampFormat, CultureInfo.InvariantCulture)}; at most {TraceJob.MaxSeconds:G} seconds (about 3,170 years) can be represented.");
            }

            double duration = ParseDuration(fields[1], lineNumber, "duration");
            int gpus = ParseGpus(fields[2], lineNumber, "num_gpus");
            string cluster = fields[4];
            return new TraceJob((jobIndex++).ToString(CultureInfo.InvariantCulture), seconds, gpus)
            {
                Duration = duration,
                Queue = cluster.Length == 0 ? null : cluster,
            };
        }

        public DateTime ParseTimestamp(string text, long lineNumber) =>
            DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime value)
                ? value
                : throw Error(lineNumber, "timestamp", $"'{text}' is not a timestamp of the form {TimestampFormat}.");
    }
}
