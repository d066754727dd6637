using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aios.Cli.Queueing;

/// <summary>
/// Writes a single-model command's <see cref="QueueingResult"/>: the table, or the <c>queueing eval</c> JSON object with
/// <c>--json</c>; a result with an error becomes the one-line error, in the names of the options the user typed.
/// </summary>
internal static class QueueingOutput
{
    /// <summary>The options of the single-model commands, by the request field (and library parameter) they fill.</summary>
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["arrivalRate"] = "--arrival-rate",
        ["serviceRate"] = "--service-rate",
        ["servers"] = "--servers",
        ["capacity"] = "--capacity",
        ["arrivalScv"] = "--arrival-scv",
        ["serviceScv"] = "--service-scv",
        ["waitTarget"] = "--wait-target",
        ["serviceLevelTarget"] = "--service-level-target",
        ["meanWaitTarget"] = "--mean-wait-target",
        ["blockingTarget"] = "--blocking-target",
        ["offeredLoad"] = "--arrival-rate / --service-rate",
        ["solve"] = "--solve",
    };

    private static readonly Dictionary<string, string> PriorityOptionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["arrivalRate"] = "ARRIVAL",
        ["serviceRate"] = "SERVICE",
        ["serviceScv"] = "SCV",
        ["servers"] = "--servers",
    };

    /// <summary>Writes <paramref name="result"/>, the answer to <paramref name="request"/>; returns the exit code.</summary>
    public static int Write(CliConsole console, QueueingRequest request, QueueingResult result, bool json)
    {
        if (result.Error is not null)
        {
            return console.Fail(NameOptions(result.Error, request.Model == "priority" ? PriorityOptionNames : OptionNames));
        }

        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.QueueingResult));
        }
        else
        {
            QueueingTable.Write(console.Out, request, result);
        }

        return 0;
    }

    /// <summary>
    /// Rewrites a message in the terms of the command line: a request field or library parameter becomes the option the
    /// user typed (<c>arrivalRate</c> → <c>--arrival-rate</c>), a priority class <c>classes[0].arrivalRate</c> becomes
    /// <c>--class 1 ARRIVAL</c>, and the library's <c>time</c> of a service level becomes <c>--wait-target</c>.
    /// </summary>
    public static string NameOptions(string message, IReadOnlyDictionary<string, string> names)
    {
        message = Regex.Replace(message, @"classes\[(\d+)\]\.(\w+)", match =>
            $"--class {int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1} {(PriorityOptionNames.TryGetValue(match.Groups[2].Value, out string? part) ? part : match.Groups[2].Value)}");
        if (message.StartsWith("time ", StringComparison.Ordinal))
        {
            message = "--wait-target" + message[4..];
        }

        // Only where a message names its subject (its start, or after "/ "), never a word of its prose ("10 servers").
        return Regex.Replace(message, @"(?<=^|/ )[A-Za-z]+\b", match => names.TryGetValue(match.Value, out string? option) ? option : match.Value);
    }
}
