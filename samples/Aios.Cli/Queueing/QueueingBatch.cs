using System.Text.Json;

namespace Aios.Cli.Queueing;

/// <summary>
/// The <c>aios queueing eval</c> loop: one JSON result line per non-blank input line, in order, streamed. A line
/// that is not valid JSON or not a valid model gets <c>{"id": ..., "error": "..."}</c> and the batch goes on.
/// </summary>
internal static class QueueingBatch
{
    /// <returns>0 when every line was answered without error, 1 when at least one line carried an error.</returns>
    public static int Run(TextReader reader, CliConsole console)
    {
        int errors = 0;
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            QueueingResult result = EvaluateLine(line, lineNumber);
            if (result.Error is not null)
            {
                errors++;
            }

            console.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.QueueingResult));
        }

        console.Out.Flush();
        if (errors > 0)
        {
            console.Error.WriteLine($"aios: {errors} of {lineNumber} lines had errors (see their \"error\" fields)");
        }

        return errors == 0 ? 0 : 1;
    }

    private static QueueingResult EvaluateLine(string line, int lineNumber)
    {
        QueueingRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line, CliJsonContext.Default.QueueingRequest);
        }
        catch (JsonException exception)
        {
            return new QueueingResult { Id = TryReadId(line), Error = $"line {lineNumber}: invalid input: {exception.Message}" };
        }

        return request is null
            ? new QueueingResult { Error = $"line {lineNumber}: expected a JSON object" }
            : QueueingEvaluator.Evaluate(request);
    }

    /// <summary>The id of a line whose other fields failed to parse, so the error can still be matched to its input.</summary>
    private static JsonElement? TryReadId(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out JsonElement id)
                ? id.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
