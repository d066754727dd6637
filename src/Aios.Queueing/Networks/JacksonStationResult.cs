namespace Aios.Queueing.Networks;

/// <summary>The steady-state figures of one station of an <see cref="OpenJacksonNetwork"/>.</summary>
/// <remarks>
/// By Jackson's theorem the station behaves as an independent M/M/c queue fed at its total arrival rate
/// <see cref="ArrivalRate"/>; <see cref="Metrics"/> holds that queue's figures (per visit), with infinite waits
/// and lengths when the station is overloaded.
/// </remarks>
public readonly record struct JacksonStationResult
{
    /// <summary>λᵢ, the total arrival rate at the station: external arrivals plus jobs routed from other stations.</summary>
    public required double ArrivalRate { get; init; }

    /// <summary>Vᵢ = λᵢ/Σγ, the mean number of visits a job entering the network makes to this station.</summary>
    public required double VisitRatio { get; init; }

    /// <summary>The M/M/c figures at rate λᵢ: utilization, stability, Wq, W, Lq and L, each per visit.</summary>
    public required QueueMetrics Metrics { get; init; }

    /// <summary>Vᵢ·W, the mean time a job spends at this station over all its visits; infinite when the station is unstable and visited.</summary>
    public required double ResidenceTime { get; init; }
}
