namespace Aios.Queueing;

/// <summary>
/// Steady-state figures of a queueing model. Times are in the unit of the rates' reciprocal
/// (rates per second give seconds).
/// </summary>
/// <remarks>
/// <para>An unstable model (<see cref="IsStable"/> false, offered work at or above capacity) has no steady
/// state: its waiting and response times, queue length and number in system are
/// <see cref="double.PositiveInfinity"/>, never a finite-looking or negative number.</para>
/// <para>A figure a model does not define (for example the probability of waiting under the G/G/c
/// approximation) is <see cref="double.NaN"/>; each model's documentation says which.</para>
/// </remarks>
public readonly record struct QueueMetrics
{
    /// <summary>Whether the model has a steady state (ρ &lt; 1 for infinite-buffer models; always for finite ones).</summary>
    public required bool IsStable { get; init; }

    /// <summary>The mean fraction of time each server is busy; for unstable models the offered utilization ρ = λ/(cμ), which is ≥ 1.</summary>
    public required double Utilization { get; init; }

    /// <summary>The probability that an (admitted) arrival has to wait for a server.</summary>
    public required double ProbabilityOfWaiting { get; init; }

    /// <summary>The probability that an arrival is turned away (finite-capacity and loss models; 0 otherwise).</summary>
    public required double BlockingProbability { get; init; }

    /// <summary>The rate of arrivals that are admitted: λ·(1 − <see cref="BlockingProbability"/>).</summary>
    public required double EffectiveArrivalRate { get; init; }

    /// <summary>The mean time an admitted arrival waits before service starts (Wq).</summary>
    public required double MeanWaitingTime { get; init; }

    /// <summary>The mean time an admitted arrival spends in the system, waiting plus service (W).</summary>
    public required double MeanResponseTime { get; init; }

    /// <summary>The mean number waiting, not in service (Lq).</summary>
    public required double MeanQueueLength { get; init; }

    /// <summary>The mean number in the system, waiting or in service (L).</summary>
    public required double MeanNumberInSystem { get; init; }

    /// <summary>The figures of a model with no steady state: waits and lengths infinite.</summary>
    internal static QueueMetrics Unstable(double utilization, double arrivalRate) => new()
    {
        IsStable = false,
        Utilization = utilization,
        ProbabilityOfWaiting = 1,
        BlockingProbability = 0,
        EffectiveArrivalRate = arrivalRate,
        MeanWaitingTime = double.PositiveInfinity,
        MeanResponseTime = double.PositiveInfinity,
        MeanQueueLength = double.PositiveInfinity,
        MeanNumberInSystem = double.PositiveInfinity,
    };
}
