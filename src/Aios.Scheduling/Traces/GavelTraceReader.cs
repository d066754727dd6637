using System.Globalization;

namespace Aios.Scheduling.Traces;

/// <summary>
/// Reads Gavel's <c>.trace</c> files: one job a line, ten tab-separated fields, joined with the isolated throughputs
/// of <see cref="GavelThroughputs"/>.
/// </summary>
/// <remarks>
/// <para>Source: Narayanan et al., OSDI 2020 (github.com/stanford-futuredata/gavel, <c>scheduler/utils.py</c>,
/// <c>parse_trace</c>). The fields are: job type, command, working directory, num-steps argument, needs-data-dir flag,
/// total steps, scale factor, priority weight, SLO, arrival time (seconds).</para>
/// <para>Arrival times are kept as given: Gavel traces start at 0. <see cref="TraceJob.Id"/> is the job's 0-based
/// position in the file (Gavel's job id); <see cref="TraceJob.Gpus"/> and <see cref="TraceJob.ScaleFactor"/> are the
/// scale factor; <see cref="TraceJob.Duration"/> is null, because it depends on the device
/// (<see cref="TraceJob.TryGetDurationOn"/>). The command, directory, flags and SLO are not kept. Blank lines are
/// skipped.</para>
/// </remarks>
public static class GavelTraceReader
{
    private static readonly string[] ColumnNames =
        ["job type", "command", "working directory", "num steps argument", "needs data dir", "total steps", "scale factor", "priority weight", "SLO", "arrival time"];

    /// <summary>Reads the jobs of a Gavel trace.</summary>
    /// <param name="reader">The trace text.</param>
    /// <param name="throughputs">The throughputs to attach to each job, or null to leave <see cref="TraceJob.Throughputs"/> empty.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="deviceTypes">The device types whose throughputs to attach; <see cref="GavelThroughputs.DefaultDeviceTypes"/> when null.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed.</exception>
    public static IEnumerable<TraceJob> Read(TextReader reader, GavelThroughputs? throughputs = null, string source = "gavel.trace", IReadOnlyList<string>? deviceTypes = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Parser(source, throughputs, deviceTypes).ReadAll(reader);
    }

    /// <summary>Reads the jobs of a Gavel trace from a UTF-8 stream.</summary>
    /// <param name="stream">The trace bytes; left open.</param>
    /// <param name="throughputs">The throughputs to attach to each job, or null to leave <see cref="TraceJob.Throughputs"/> empty.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="deviceTypes">The device types whose throughputs to attach; <see cref="GavelThroughputs.DefaultDeviceTypes"/> when null.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: a line is malformed.</exception>
    public static IAsyncEnumerable<TraceJob> ReadAsync(Stream stream, GavelThroughputs? throughputs = null, string source = "gavel.trace", IReadOnlyList<string>? deviceTypes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Parser(source, throughputs, deviceTypes).ReadAllAsync(stream, cancellationToken);
    }

    private sealed class Parser(string source, GavelThroughputs? throughputs, IReadOnlyList<string>? deviceTypes) : TraceLineParser(source)
    {
        private long jobIndex;

        public override TraceJob? Parse(string line, long lineNumber)
        {
            if (line.Length == 0)
            {
                return null;
            }

            string[] fields = line.Split('\t');
            if (fields.Length != ColumnNames.Length)
            {
                throw Error(lineNumber, null, $"expected {ColumnNames.Length} tab-separated fields ({string.Join(", ", ColumnNames)}), found {fields.Length}.");
            }

            string jobType = fields[0];
            if (jobType.Length == 0)
            {
                throw Error(lineNumber, ColumnNames[0], "the job type is empty.");
            }

            if (!long.TryParse(fields[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out long totalSteps) || totalSteps < 1)
            {
                throw Error(lineNumber, ColumnNames[5], $"'{fields[5]}' is not a whole number of steps from 1 to {long.MaxValue}.");
            }

            int scaleFactor = ParseGpus(fields[6], lineNumber, ColumnNames[6]);
            double priority = ParsePositive(fields[7], lineNumber, ColumnNames[7]);
            if (!double.TryParse(fields[8], NumberStyles.Float, CultureInfo.InvariantCulture, out double slo) || !double.IsFinite(slo))
            {
                throw Error(lineNumber, ColumnNames[8], $"'{fields[8]}' is not a finite number (Gavel writes -1 for no SLO).");
            }

            double arrival = ParseNonNegativeSeconds(fields[9], lineNumber, ColumnNames[9]);
            return new TraceJob((jobIndex++).ToString(CultureInfo.InvariantCulture), arrival, scaleFactor)
            {
                JobType = jobType,
                TotalSteps = totalSteps,
                ScaleFactor = scaleFactor,
                Priority = priority,
                Throughputs = throughputs is null ? TraceJob.NoThroughputs : throughputs.GetIsolatedThroughputs(jobType, scaleFactor, deviceTypes),
            };
        }
    }
}
