namespace Aios.Queueing.Networks;

/// <summary>The figures of one station of a <see cref="ClosedNetwork"/> at a given population.</summary>
public readonly record struct ClosedStationResult
{
    /// <summary>The station's name.</summary>
    public required string Name { get; init; }

    /// <summary>Queueing or delay.</summary>
    public required ClosedStationKind Kind { get; init; }

    /// <summary>Rᵢ, the mean time a customer spends at the station per cycle, queueing and in service over all its visits.</summary>
    public required double ResidenceTime { get; init; }

    /// <summary>Qᵢ = X·Rᵢ, the mean number of customers at the station, waiting or in service (or thinking, at a delay station).</summary>
    public required double QueueLength { get; init; }

    /// <summary>
    /// Uᵢ = X·Dᵢ/cᵢ, the mean fraction of time each server is busy. Reported as 0 for a delay station, whose
    /// infinitely many servers are each idle almost surely; its mean number busy is <see cref="QueueLength"/>.
    /// </summary>
    public required double Utilization { get; init; }
}
