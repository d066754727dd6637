namespace Aios.Serving.Planning;

/// <summary>What <see cref="ReplicaQueueModel"/> predicts for a number of replicas at an arrival rate.</summary>
public readonly record struct ReplicaQueuePrediction
{
    /// <summary>Gets the replicas.</summary>
    public required int Replicas { get; init; }

    /// <summary>Gets the arrival rate, requests per second.</summary>
    public required double ArrivalRate { get; init; }

    /// <summary>Gets whether the replicas keep up (utilisation below 1).</summary>
    public required bool IsStable { get; init; }

    /// <summary>Gets the utilisation of the batch slots, λ·S/(R·B).</summary>
    public required double Utilization { get; init; }

    /// <summary>Gets the probability that a request finds every slot full (Erlang C of the M/M/c with R·B servers).</summary>
    public required double ProbabilityOfWaiting { get; init; }

    /// <summary>Gets the predicted mean queueing delay in seconds (Allen–Cunneen; +∞ when unstable).</summary>
    public required double MeanWaitSeconds { get; init; }

    /// <summary>Gets the predicted value of the objective's statistic in seconds (+∞ when unstable).</summary>
    public required double ObjectiveValueSeconds { get; init; }
}
