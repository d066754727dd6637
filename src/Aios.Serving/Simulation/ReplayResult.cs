using System.Globalization;
using Aios.Serving.Planning;

namespace Aios.Serving.Simulation;

/// <summary>
/// What a replay measured: per request (in trace order) the queueing delay, time to first token and end-to-end latency;
/// the time series; and the GPU-hours and cost of the replicas.
/// </summary>
public sealed class ReplayResult
{
    private readonly double[] _wait;
    private readonly double[] _timeToFirstToken;
    private readonly double[] _endToEnd;
    private readonly ReplayWindow[] _windows;
    private double[]? _sortedTtft;
    private double[]? _sortedWait;
    private double[]? _sortedEndToEnd;

    internal ReplayResult(string traceName, string policy, ReplicaProfile profile, int batchLimit, double[] wait, double[] timeToFirstToken, double[] endToEnd, ReplayWindow[] windows)
    {
        TraceName = traceName;
        Policy = policy;
        Profile = profile;
        BatchLimit = batchLimit;
        _wait = wait;
        _timeToFirstToken = timeToFirstToken;
        _endToEnd = endToEnd;
        _windows = windows;
    }

    /// <summary>Gets the trace's name.</summary>
    public string TraceName { get; }

    /// <summary>Gets the autoscaler's name (<c>static</c> without one).</summary>
    public string Policy { get; }

    /// <summary>Gets the replica profile.</summary>
    public ReplicaProfile Profile { get; }

    /// <summary>Gets the batch limit the replicas ran with.</summary>
    public int BatchLimit { get; }

    /// <summary>Gets the number of requests.</summary>
    public int Requests => _wait.Length;

    /// <summary>Gets the requests no replica could ever hold (prompt and output beyond the KV cache); their latencies are +∞.</summary>
    public int Rejected { get; init; }

    /// <summary>Gets the queueing delay of each request in seconds (+∞ when rejected).</summary>
    public IReadOnlyList<double> WaitSeconds => _wait;

    /// <summary>Gets the time to first token of each request in seconds (+∞ when rejected).</summary>
    public IReadOnlyList<double> TimeToFirstTokenSeconds => _timeToFirstToken;

    /// <summary>Gets the end-to-end latency of each request in seconds (+∞ when rejected).</summary>
    public IReadOnlyList<double> EndToEndSeconds => _endToEnd;

    /// <summary>Gets the time series, one entry per window.</summary>
    public IReadOnlyList<ReplayWindow> Windows => _windows;

    /// <summary>Gets the replay's end: the last completion (or the last arrival), seconds.</summary>
    public double EndTime { get; init; }

    /// <summary>Gets the device-hours held: every replica from the moment it was asked for until it was released, times its devices.</summary>
    public double GpuHours { get; init; }

    /// <summary>Gets the cost of the replicas (their price per hour times the hours each was held).</summary>
    public double Cost { get; init; }

    /// <summary>Gets how many replicas were started (the initial ones included).</summary>
    public int ReplicaStarts { get; init; }

    /// <summary>Gets the most replicas held at once (ready and pending).</summary>
    public int PeakReplicas { get; init; }

    /// <summary>Gets the mean replicas held over the replay (GPU-hours per replica-hour of the span).</summary>
    public double MeanReplicas => EndTime > 0 ? GpuHours * 3600 / (EndTime * Profile.GpusPerReplica) : 0;

    /// <summary>The share of requests whose latency is within the objective's threshold (SLO attainment), in [0, 1].</summary>
    /// <param name="objective">The objective.</param>
    /// <returns>The share (1 for an empty trace).</returns>
    public double Attainment(LatencyObjective objective)
    {
        double[] values = Values(objective.Metric);
        if (values.Length == 0)
        {
            return 1;
        }

        int within = 0;
        foreach (double value in values)
        {
            if (value <= objective.ThresholdSeconds)
            {
                within++;
            }
        }

        return within / (double)values.Length;
    }

    /// <summary>The statistic the objective bounds (its percentile, or the mean) of its latency, seconds.</summary>
    /// <param name="objective">The objective.</param>
    /// <returns>The measured value (+∞ when rejected requests reach it; NaN for an empty trace).</returns>
    public double Measure(LatencyObjective objective) =>
        objective.Percentile is { } p ? Percentile(objective.Metric, p) : Mean(objective.Metric);

    /// <summary>Whether the measured statistic is within the objective.</summary>
    /// <param name="objective">The objective.</param>
    /// <returns>Whether <see cref="Measure"/> ≤ the threshold.</returns>
    public bool Meets(LatencyObjective objective) => Measure(objective) <= objective.ThresholdSeconds;

    /// <summary>A percentile of one latency (nearest rank), seconds.</summary>
    /// <param name="metric">The latency.</param>
    /// <param name="probability">The percentile as a probability in [0, 1].</param>
    /// <returns>The percentile; NaN for an empty trace.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is not in [0, 1].</exception>
    public double Percentile(LatencyMetric metric, double probability)
    {
        Guard.Probability(probability);
        double[] sorted = Sorted(metric);
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(probability * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The mean of one latency, seconds (+∞ when a request was rejected).</summary>
    /// <param name="metric">The latency.</param>
    /// <returns>The mean; NaN for an empty trace.</returns>
    public double Mean(LatencyMetric metric)
    {
        double[] values = Values(metric);
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        return values.Length == 0 ? double.NaN : sum / values.Length;
    }

    /// <summary>Returns a one-line summary.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Policy} on {TraceName}: {Requests} requests, p99 TTFT {Percentile(LatencyMetric.TimeToFirstToken, 0.99):0.###} s, {GpuHours:0.##} GPU-h, peak {PeakReplicas} replicas");

    private double[] Values(LatencyMetric metric) => metric switch
    {
        LatencyMetric.Wait => _wait,
        LatencyMetric.EndToEnd => _endToEnd,
        _ => _timeToFirstToken,
    };

    private double[] Sorted(LatencyMetric metric)
    {
        ref double[]? cache = ref _sortedTtft;
        if (metric == LatencyMetric.Wait)
        {
            cache = ref _sortedWait;
        }
        else if (metric == LatencyMetric.EndToEnd)
        {
            cache = ref _sortedEndToEnd;
        }

        if (cache is null)
        {
            double[] copy = [.. Values(metric)];
            Array.Sort(copy);
            cache = copy;
        }

        return cache;
    }
}
