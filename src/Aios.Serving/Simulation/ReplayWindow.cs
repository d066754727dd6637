namespace Aios.Serving.Simulation;

/// <summary>One window of a replay's time series.</summary>
public readonly record struct ReplayWindow
{
    /// <summary>Gets the window's start, seconds from the trace's first request.</summary>
    public required double Start { get; init; }

    /// <summary>Gets the window's end in seconds.</summary>
    public required double End { get; init; }

    /// <summary>Gets the requests that arrived in the window.</summary>
    public required int Arrivals { get; init; }

    /// <summary>Gets the arrival rate over the window, requests per second.</summary>
    public double ArrivalRate => End > Start ? Arrivals / (End - Start) : 0;

    /// <summary>Gets the requests waiting at the window's end.</summary>
    public required int QueueLength { get; init; }

    /// <summary>Gets the most requests waiting at once during the window.</summary>
    public required int MaxQueueLength { get; init; }

    /// <summary>Gets the requests being served at the window's end.</summary>
    public required int InFlight { get; init; }

    /// <summary>Gets the replicas serving at the window's end.</summary>
    public required int ReadyReplicas { get; init; }

    /// <summary>Gets the replicas starting at the window's end.</summary>
    public required int PendingReplicas { get; init; }

    /// <summary>Gets the median time to first token of the first tokens in the window, seconds (NaN when none).</summary>
    public required double P50TimeToFirstTokenSeconds { get; init; }

    /// <summary>Gets the 99th percentile time to first token of the first tokens in the window, seconds (NaN when none).</summary>
    public required double P99TimeToFirstTokenSeconds { get; init; }
}
