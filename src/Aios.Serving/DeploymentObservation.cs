namespace Aios.Serving;

/// <summary>
/// What a deployment monitor saw over one observation interval: what a live system can measure (arrivals, queue,
/// in-flight requests, busy replicas, latencies), which is all an autoscaler is shown.
/// </summary>
public readonly record struct DeploymentObservation
{
    /// <summary>Gets the end of the interval, seconds since the monitor started.</summary>
    public required double Time { get; init; }

    /// <summary>Gets the interval's length in seconds.</summary>
    public required double IntervalSeconds { get; init; }

    /// <summary>Gets the requests that arrived in the interval.</summary>
    public required int Arrivals { get; init; }

    /// <summary>Gets the arrival rate over the interval, requests per second.</summary>
    public double ArrivalRate => IntervalSeconds > 0 ? Arrivals / IntervalSeconds : 0;

    /// <summary>Gets the squared coefficient of variation of the interval's interarrival times (1 for Poisson; NaN with fewer than 3 arrivals).</summary>
    public required double ArrivalScv { get; init; }

    /// <summary>Gets the requests waiting for a replica at the end of the interval.</summary>
    public required int QueueLength { get; init; }

    /// <summary>Gets the requests being served (admitted, not finished) at the end of the interval.</summary>
    public required int InFlight { get; init; }

    /// <summary>Gets the time-averaged number of requests in the system (waiting or served) over the interval: Knative's concurrency.</summary>
    public required double MeanConcurrency { get; init; }

    /// <summary>Gets the time-averaged number of requests being served over the interval (the replicas' batch occupancy times their batch limit).</summary>
    public required double MeanInFlight { get; init; }

    /// <summary>Gets the time-averaged share of ready replicas that were running an iteration (a GPU's busy fraction), in [0, 1]; 0 with no ready replica.</summary>
    public required double MeanBusyFraction { get; init; }

    /// <summary>Gets the replicas serving at the end of the interval.</summary>
    public required int ReadyReplicas { get; init; }

    /// <summary>Gets the replicas starting (asked for, not yet serving) at the end of the interval.</summary>
    public required int PendingReplicas { get; init; }

    /// <summary>Gets the requests admitted in the interval.</summary>
    public required int Admitted { get; init; }

    /// <summary>Gets the mean queueing delay of the requests admitted in the interval, seconds (NaN when none).</summary>
    public required double MeanWaitSeconds { get; init; }

    /// <summary>Gets the largest time to first token in the interval, seconds (NaN when none).</summary>
    public required double MaxTimeToFirstTokenSeconds { get; init; }

    /// <summary>Gets the 99th percentile of the times to first token in the interval, seconds (NaN when none).</summary>
    public required double P99TimeToFirstTokenSeconds { get; init; }

    /// <summary>Gets the ratio of the observed mean wait to the model's prediction (smoothed), or NaN when no prediction was set.</summary>
    public required double WaitDrift { get; init; }

    /// <summary>Gets whether the observed waits have left the model's prediction (see <see cref="DeploymentMonitorOptions.DriftTolerance"/>).</summary>
    public required bool IsDrifting { get; init; }
}
