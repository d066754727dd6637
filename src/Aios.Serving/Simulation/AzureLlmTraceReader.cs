using System.Globalization;
using System.Text;
using Aios.Scheduling.Traces;

namespace Aios.Serving.Simulation;

/// <summary>
/// Reads the Azure LLM inference trace 2023 (Patel et al., "Splitwise: Efficient Generative LLM Inference Using Phase
/// Splitting", ISCA 2024; Azure/AzurePublicDataset, CC-BY-4.0): a CSV with a header naming <c>TIMESTAMP</c>,
/// <c>ContextTokens</c> and <c>GeneratedTokens</c> (any order, further columns ignored), one request a line. Arrival
/// times become seconds from the first request.
/// </summary>
/// <remarks>
/// Timestamps are <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> (the trace's form) or ISO 8601, read as UTC. A bad line throws a
/// <see cref="TraceFormatException"/> naming the file, the line number, the column and what is wrong; blank lines are
/// skipped. A request with zero generated tokens is read as one (its prefill still produces the first token).
/// </remarks>
public static class AzureLlmTraceReader
{
    /// <summary>The timestamp column's name.</summary>
    public const string TimestampColumn = "TIMESTAMP";

    /// <summary>The prompt tokens column's name.</summary>
    public const string ContextTokensColumn = "ContextTokens";

    /// <summary>The output tokens column's name.</summary>
    public const string GeneratedTokensColumn = "GeneratedTokens";

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"];

    /// <summary>Reads a trace file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The trace, named after the file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TraceFormatException">A line cannot be read (the message names the file, line and column).</exception>
    public static RequestTrace Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024 });
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a trace from text.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The name errors and the trace carry (a file name).</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="TraceFormatException">A line cannot be read (the message names the source, line and column).</exception>
    public static RequestTrace Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        long lineNumber = 0;
        int timestampIndex = -1, contextIndex = -1, generatedIndex = -1, columns = 0;
        var requests = new List<ServingRequest>();
        DateTime first = default;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (columns == 0)
            {
                columns = fields.Length;
                for (int i = 0; i < fields.Length; i++)
                {
                    string name = fields[i].Trim().TrimStart('\uFEFF');
                    if (name.Equals(TimestampColumn, StringComparison.OrdinalIgnoreCase)) { timestampIndex = i; }
                    else if (name.Equals(ContextTokensColumn, StringComparison.OrdinalIgnoreCase)) { contextIndex = i; }
                    else if (name.Equals(GeneratedTokensColumn, StringComparison.OrdinalIgnoreCase)) { generatedIndex = i; }
                }

                if (timestampIndex < 0 || contextIndex < 0 || generatedIndex < 0)
                {
                    throw new TraceFormatException(source, lineNumber, null, $"the header must name the columns {TimestampColumn}, {ContextTokensColumn} and {GeneratedTokensColumn} (found '{Truncate(line)}').");
                }

                continue;
            }

            if (fields.Length != columns)
            {
                throw new TraceFormatException(source, lineNumber, null, $"expected {columns} comma-separated fields as in the header, found {fields.Length}.");
            }

            DateTime timestamp = ParseTimestamp(fields[timestampIndex], source, lineNumber);
            int prompt = ParseTokens(fields[contextIndex], source, lineNumber, ContextTokensColumn, minimum: 1);
            int output = Math.Max(1, ParseTokens(fields[generatedIndex], source, lineNumber, GeneratedTokensColumn, minimum: 0));
            if (requests.Count == 0)
            {
                first = timestamp;
            }
            else if (timestamp < first)
            {
                throw new TraceFormatException(source, lineNumber, TimestampColumn, $"'{Truncate(fields[timestampIndex])}' is before the trace's first request ({first:yyyy-MM-dd HH:mm:ss.fffffff}); the reader measures arrivals from the first line.");
            }

            requests.Add(new ServingRequest((timestamp - first).Ticks / (double)TimeSpan.TicksPerSecond, prompt, output));
        }

        if (columns == 0)
        {
            throw new TraceFormatException(source, Math.Max(lineNumber, 1), null, $"the trace is empty: expected a header naming {TimestampColumn}, {ContextTokensColumn} and {GeneratedTokensColumn}.");
        }

        return new RequestTrace(source, requests);
    }

    private static DateTime ParseTimestamp(string text, string source, long lineNumber)
    {
        if (!DateTime.TryParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime value))
        {
            throw new TraceFormatException(source, lineNumber, TimestampColumn, $"'{Truncate(text)}' is not a timestamp of the form yyyy-MM-dd HH:mm:ss.fffffff.");
        }

        return value;
    }

    private static int ParseTokens(string text, string source, long lineNumber, string column, int minimum)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new TraceFormatException(source, lineNumber, column, $"'{Truncate(text)}' is not a whole number of tokens from {minimum} to {int.MaxValue}.");
        }

        return value;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
