namespace Aios.Queueing.Networks;

/// <summary>
/// One station of an <see cref="OpenJacksonNetwork"/>: <see cref="Servers"/> identical exponential servers,
/// an unlimited first-come-first-served waiting room, and Poisson arrivals from outside the network.
/// </summary>
public readonly record struct JacksonStation
{
    /// <summary>Creates a station.</summary>
    /// <param name="servers">c, the number of servers: ≥ 1.</param>
    /// <param name="serviceRate">μ, completions per unit time of one busy server: finite, &gt; 0.</param>
    /// <param name="externalArrivalRate">γ, arrivals per unit time from outside the network: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public JacksonStation(int servers, double serviceRate, double externalArrivalRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        Guard.FinitePositive(serviceRate);
        Guard.FiniteNonNegative(externalArrivalRate);
        Servers = servers;
        ServiceRate = serviceRate;
        ExternalArrivalRate = externalArrivalRate;
    }

    /// <summary>c, the number of servers.</summary>
    public int Servers { get; }

    /// <summary>μ, completions per unit time of one busy server.</summary>
    public double ServiceRate { get; }

    /// <summary>γ, arrivals per unit time from outside the network.</summary>
    public double ExternalArrivalRate { get; }

    /// <inheritdoc />
    public override string ToString() => $"Station(c={Servers}, μ={ServiceRate}, γ={ExternalArrivalRate})";
}
