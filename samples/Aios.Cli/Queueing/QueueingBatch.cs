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

            string answer = Answer(line, lineNumber, out bool failed);
            if (failed)
            {
                errors++;
            }

            console.Out.WriteLine(answer);
        }

        console.Out.Flush();
        if (errors > 0)
        {
            console.Error.WriteLine($"aios: {errors} of {lineNumber} lines had errors (see their \"error\" fields)");
        }

        return errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// The output line for one input line. Nothing a line holds may stop the batch: an exception the evaluator did not
    /// anticipate, or a result that cannot be written as JSON, becomes this line's error.
    /// </summary>
    private static string Answer(string line, int lineNumber, out bool failed)
    {
        QueueingResult result;
        try
        {
            result = EvaluateLine(line, lineNumber);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = new QueueingResult { Id = TryReadId(line), Error = $"line {lineNumber}: the model could not be evaluated: {exception.Message}" };
        }

        failed = result.Error is not null;
        try
        {
            return JsonSerializer.Serialize(result, CliJsonContext.Default.QueueingResult);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failed = true;
            return JsonSerializer.Serialize(
                new QueueingResult { Error = $"line {lineNumber}: the answer could not be written as JSON, so the id is not echoed (an id or text holding an unpaired surrogate escape such as \\ud800 is the usual cause): {exception.Message}" },
                CliJsonContext.Default.QueueingResult);
        }
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
        catch (ArgumentException)
        {
            // Text that is not valid UTF-16 (a lone surrogate) cannot even be transcoded for the JSON reader.
            return new QueueingResult { Error = $"line {lineNumber}: invalid input: the line is not valid Unicode text" };
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
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return null;
        }
    }
}
