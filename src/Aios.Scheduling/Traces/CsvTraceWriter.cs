using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Traces;

/// <summary>Writes jobs in the generic trace CSV that <see cref="CsvTraceReader"/> reads.</summary>
/// <remarks>
/// The header is <c>id,submit,gpus,duration,queue,priority,type</c>. Numbers are written in the invariant culture
/// with the shortest text that parses back to the same double, so a written trace reads back to equal values. Only
/// these columns are written: total steps, scale factor and throughputs are not.
/// </remarks>
public static class CsvTraceWriter
{
    /// <summary>The header row this writer emits.</summary>
    public const string Header = "id,submit,gpus,duration,queue,priority,type";

    /// <summary>Writes the header row and one line per job.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="jobs">The jobs, written in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="jobs"/> is null, or a job is null.</exception>
    /// <exception cref="ArgumentException">A job's id, queue or type holds a line break (the format keeps one job to a line).</exception>
    public static void Write(TextWriter writer, IEnumerable<TraceJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(jobs);
        writer.WriteLine(Header);
        var line = new StringBuilder();
        foreach (TraceJob job in jobs)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(jobs));
            line.Clear();
            AppendText(line, job.Id);
            line.Append(',').Append(job.SubmitTime.ToString("R", CultureInfo.InvariantCulture));
            line.Append(',').Append(job.Gpus.ToString(CultureInfo.InvariantCulture));
            line.Append(',');
            if (job.Duration is double duration)
            {
                line.Append(duration.ToString("R", CultureInfo.InvariantCulture));
            }

            line.Append(',');
            AppendText(line, job.Queue);
            line.Append(',').Append(job.Priority.ToString("R", CultureInfo.InvariantCulture));
            line.Append(',');
            AppendText(line, job.JobType);
            writer.WriteLine(line);
        }
    }

    private static void AppendText(StringBuilder line, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{text}' holds a line break; the trace CSV keeps one job to a line.", nameof(text));
        }

        if (text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) || text.Trim().Length != text.Length)
        {
            line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            line.Append(text);
        }
    }
}
