using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Serving.Planning;

/// <summary>
/// A latency objective: a percentile or the mean of one latency, at most a threshold — <c>p99-ttft&lt;=2s</c>,
/// <c>p95-ttft&lt;=500ms</c>, <c>mean-ttft&lt;=1s</c>, <c>p99-wait&lt;=250ms</c>, <c>mean-e2e&lt;=30s</c>.
/// </summary>
public readonly record struct LatencyObjective
{
    /// <summary>Creates an objective.</summary>
    /// <param name="metric">The latency bounded.</param>
    /// <param name="percentile">The percentile as a probability in (0, 1) (0.99 for p99), or null for the mean.</param>
    /// <param name="thresholdSeconds">The bound in seconds: finite, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public LatencyObjective(LatencyMetric metric, double? percentile, double thresholdSeconds)
    {
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"{nameof(metric)} must be one of {string.Join(", ", Enum.GetNames<LatencyMetric>())}.");
        }

        if (percentile is { } p)
        {
            Guard.OpenProbability(p, nameof(percentile));
        }

        Guard.FinitePositive(thresholdSeconds);
        Metric = metric;
        Percentile = percentile;
        ThresholdSeconds = thresholdSeconds;
    }

    /// <summary>Gets the latency bounded.</summary>
    public LatencyMetric Metric { get; }

    /// <summary>Gets the percentile as a probability (0.99 for p99), or null when the objective bounds the mean.</summary>
    public double? Percentile { get; }

    /// <summary>Gets the bound in seconds.</summary>
    public double ThresholdSeconds { get; }

    /// <summary>Parses <c>{p99|p95|p99.9|mean}-{ttft|wait|e2e}&lt;={number}{ms|s|m}</c> (spaces allowed around the parts).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The objective.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not an objective; the message says which part is wrong and the valid forms.</exception>
    public static LatencyObjective Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out LatencyObjective objective, out string? error) ? objective : throw new FormatException(error);
    }

    /// <summary>Parses an objective, or returns false.</summary>
    /// <param name="text">The text.</param>
    /// <param name="objective">The objective when the text is valid.</param>
    /// <returns>Whether the text is an objective.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out LatencyObjective objective) => TryParse(text, out objective, out _);

    /// <summary>Parses an objective, or returns false with the reason.</summary>
    /// <param name="text">The text.</param>
    /// <param name="objective">The objective when the text is valid.</param>
    /// <param name="error">Why the text is not an objective, when it is not.</param>
    /// <returns>Whether the text is an objective.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out LatencyObjective objective, [NotNullWhen(false)] out string? error)
    {
        const string Forms = "expected {p99|p95|p90|p50|p99.9|mean}-{ttft|wait|e2e}<={number}{ms|s|m}, e.g. 'p99-ttft<=2s' or 'mean-e2e<=30s'";
        objective = default;
        if (text is null)
        {
            error = $"the objective is missing: {Forms}.";
            return false;
        }

        string compact = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        int comparison = compact.IndexOf("<=", StringComparison.Ordinal);
        int dash = compact.IndexOf('-', StringComparison.Ordinal);
        if (comparison < 0 || dash < 0 || dash > comparison)
        {
            error = $"'{text}' is not an objective: {Forms}.";
            return false;
        }

        string statistic = compact[..dash];
        string metricText = compact[(dash + 1)..comparison];
        string bound = compact[(comparison + 2)..];
        double? percentile;
        if (statistic == "mean")
        {
            percentile = null;
        }
        else if (statistic.StartsWith('p') && double.TryParse(statistic.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) && p > 0 && p < 100)
        {
            percentile = p / 100;
        }
        else
        {
            error = $"'{statistic}' in '{text}' is not a statistic: use mean or a percentile p1…p99.99 ({Forms}).";
            return false;
        }

        LatencyMetric metric;
        switch (metricText)
        {
            case "ttft": metric = LatencyMetric.TimeToFirstToken; break;
            case "wait": metric = LatencyMetric.Wait; break;
            case "e2e": metric = LatencyMetric.EndToEnd; break;
            default:
                error = $"'{metricText}' in '{text}' is not a latency: use ttft, wait or e2e ({Forms}).";
                return false;
        }

        double scale;
        string number;
        if (bound.EndsWith("ms", StringComparison.Ordinal)) { scale = 0.001; number = bound[..^2]; }
        else if (bound.EndsWith('s')) { scale = 1; number = bound[..^1]; }
        else if (bound.EndsWith('m')) { scale = 60; number = bound[..^1]; }
        else
        {
            error = $"'{bound}' in '{text}' has no unit: write ms, s or m after the number ({Forms}).";
            return false;
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value * scale))
        {
            error = $"'{bound}' in '{text}' is not a positive duration ({Forms}).";
            return false;
        }

        objective = new LatencyObjective(metric, percentile, value * scale);
        error = null;
        return true;
    }

    /// <summary>Writes the objective in the form <see cref="Parse"/> reads (<c>p99-ttft&lt;=2s</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        string statistic = Percentile is { } p ? string.Create(CultureInfo.InvariantCulture, $"p{p * 100:0.###}") : "mean";
        string metric = Metric switch { LatencyMetric.TimeToFirstToken => "ttft", LatencyMetric.Wait => "wait", _ => "e2e" };
        string bound = ThresholdSeconds < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{ThresholdSeconds * 1000:0.###}ms")
            : string.Create(CultureInfo.InvariantCulture, $"{ThresholdSeconds:0.###}s");
        return $"{statistic}-{metric}<={bound}";
    }
}
