namespace Aios.Serving.Planning;

/// <summary>The latency a <see cref="LatencyObjective"/> bounds.</summary>
public enum LatencyMetric
{
    /// <summary>Time to first token (<c>ttft</c>): queueing delay plus the prefill iteration.</summary>
    TimeToFirstToken,

    /// <summary>Queueing delay (<c>wait</c>): from arrival until a replica admits the request.</summary>
    Wait,

    /// <summary>End-to-end latency (<c>e2e</c>): from arrival until the last token.</summary>
    EndToEnd,
}
