namespace Aios.Queueing.Networks;

/// <summary>The network-wide figures of a <see cref="ClosedNetwork"/> at one population, one point of <see cref="ClosedNetwork.SolveExactCurve"/>.</summary>
public readonly record struct ClosedNetworkCurvePoint
{
    /// <summary>n, the number of customers.</summary>
    public required int Population { get; init; }

    /// <summary>X(n), cycles completed per unit time.</summary>
    public required double Throughput { get; init; }

    /// <summary>R(n), the residence time summed over queueing stations: the response time, excluding think time.</summary>
    public required double ResponseTime { get; init; }

    /// <summary>n/X(n) = R(n) + Z, the time for one full cycle including delay stations.</summary>
    public required double CycleTime { get; init; }
}
