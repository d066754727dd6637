using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aios.Scheduling.Traces;

/// <summary>
/// Turns the lines of one trace file into jobs, one line at a time, so that no reader ever holds the whole file.
/// A derived parser sees every line with its 1-based number and returns null for lines that hold no job (a header, a
/// blank line).
/// </summary>
internal abstract class TraceLineParser
{
    protected TraceLineParser(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    public string Source { get; }

    public abstract TraceJob? Parse(string line, long lineNumber);

    public IEnumerable<TraceJob> ReadAll(TextReader reader)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (Parse(line, lineNumber) is { } job)
            {
                yield return job;
            }
        }
    }

    public async IAsyncEnumerable<TraceJob> ReadAllAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (Parse(line, lineNumber) is { } job)
            {
                yield return job;
            }
        }
    }

    protected TraceFormatException Error(long lineNumber, string? column, string problem) =>
        new(Source, lineNumber, column, problem);

    protected double ParseNonNegativeSeconds(string text, long lineNumber, string column)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0 && value <= TraceJob.MaxSeconds))
        {
            throw Error(lineNumber, column, $"'{text}' is not a number of seconds from 0 to {TraceJob.MaxSeconds:G} (about 3,170 years; epoch milliseconds or nanoseconds are out of range).");
        }

        return value;
    }

    protected double? ParseOptionalDuration(string text, long lineNumber, string column)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return ParseDuration(text, lineNumber, column, " (leave it empty when unknown)");
    }

    protected double ParseDuration(string text, long lineNumber, string column, string hint = "")
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0 && value <= TraceJob.MaxSeconds))
        {
            throw Error(lineNumber, column, $"'{text}' is not a duration greater than 0 and at most {TraceJob.MaxSeconds:G} seconds{hint}.");
        }

        return value;
    }

    protected double ParsePositive(string text, long lineNumber, string column)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
        {
            throw Error(lineNumber, column, $"'{text}' is not a finite number greater than 0 (at most {double.MaxValue:G}).");
        }

        return value;
    }

    protected int ParseGpus(string text, long lineNumber, string column)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 1)
        {
            throw Error(lineNumber, column, $"'{text}' is not a whole number of GPUs from 1 to {int.MaxValue}.");
        }

        return value;
    }
}
