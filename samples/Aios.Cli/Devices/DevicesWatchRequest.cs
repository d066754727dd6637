using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Cli.Devices;

/// <summary>What <c>aios devices watch</c> was asked, validated: the time between samples and the rounds to show (null: until Ctrl+C).</summary>
internal sealed record DevicesWatchRequest(TimeSpan Interval, int? Rounds)
{
    /// <summary>Validates the options as typed; <paramref name="error"/> is the message to report when they are not valid.</summary>
    public static bool TryCreate(string interval, int? rounds, [NotNullWhen(true)] out DevicesWatchRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!TryParseInterval(interval, out TimeSpan period))
        {
            error = $"--interval must be a positive duration such as 500ms, 1s or 2m (got '{interval}')";
            return false;
        }

        if (rounds is <= 0)
        {
            error = "--count must be at least 1";
            return false;
        }

        request = new DevicesWatchRequest(period, rounds);
        error = null;
        return true;
    }

    /// <summary>Parses a duration such as <c>500ms</c>, <c>1s</c>, <c>2m</c> (plain numbers are seconds), up to one day.</summary>
    public static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        (string number, double scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1e-3)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value * scale) || value * scale > 86_400)
        {
            return false;
        }

        interval = TimeSpan.FromSeconds(value * scale);
        return interval > TimeSpan.Zero;
    }
}
