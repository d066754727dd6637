namespace Aios.Queueing.Networks;

/// <summary>One station of a <see cref="ClosedNetwork"/>, described by its service demand per customer cycle.</summary>
/// <remarks>
/// The service demand Dᵢ = Vᵢ·Sᵢ is the total service a customer needs at the station during one pass round
/// the network: visits per cycle times mean service time per visit. For a delay station it is the think time Z.
/// A queueing station with more than one server is solved by Seidmann's approximation (see <see cref="ClosedNetwork"/>),
/// and every result that involves one is marked approximate.
/// </remarks>
public readonly record struct ClosedStation
{
    /// <summary>Creates a single-server queueing station or a delay station.</summary>
    /// <param name="name">A name for the station, reported back in the results: not null.</param>
    /// <param name="kind">Queueing or delay.</param>
    /// <param name="serviceDemand">Dᵢ, the service demand per customer cycle (think time for a delay station): finite, ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is undefined, or <paramref name="serviceDemand"/> is negative, NaN or infinite.</exception>
    public ClosedStation(string name, ClosedStationKind kind, double serviceDemand)
        : this(name, kind, serviceDemand, 1)
    {
    }

    /// <summary>Creates a station with the given number of servers.</summary>
    /// <param name="name">A name for the station, reported back in the results: not null.</param>
    /// <param name="kind">Queueing or delay.</param>
    /// <param name="serviceDemand">Dᵢ, the service demand per customer cycle (think time for a delay station): finite, ≥ 0.</param>
    /// <param name="servers">
    /// cᵢ, the number of servers of a queueing station: ≥ 1; more than 1 is solved approximately (Seidmann).
    /// Must be 1 for a delay station, which already serves everyone at once.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="kind"/> is undefined, <paramref name="serviceDemand"/> is negative, NaN or infinite,
    /// <paramref name="servers"/> is below 1, or not 1 for a delay station.
    /// </exception>
    public ClosedStation(string name, ClosedStationKind kind, double serviceDemand, int servers)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (kind is not (ClosedStationKind.Queueing or ClosedStationKind.Delay))
        {
            Guard.ThrowOutOfRange(nameof(kind), kind, "Queueing or Delay");
        }

        Guard.FiniteNonNegative(serviceDemand);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        if (kind == ClosedStationKind.Delay && servers != 1)
        {
            Guard.ThrowOutOfRange(nameof(servers), servers, "1 for a delay station (it already serves every customer at once)");
        }

        Name = name;
        Kind = kind;
        ServiceDemand = serviceDemand;
        Servers = servers;
    }

    /// <summary>The station's name.</summary>
    public string Name { get; }

    /// <summary>Queueing or delay.</summary>
    public ClosedStationKind Kind { get; }

    /// <summary>Dᵢ = Vᵢ·Sᵢ, the service demand per customer cycle; the think time Z for a delay station.</summary>
    public double ServiceDemand { get; }

    /// <summary>The number of servers: 1 for a delay station (which nonetheless serves everyone at once).</summary>
    public int Servers { get; }

    /// <summary>Creates a single-server queueing station.</summary>
    /// <param name="name">The station's name: not null.</param>
    /// <param name="serviceDemand">Dᵢ, the service demand per customer cycle: finite, ≥ 0.</param>
    /// <returns>The station.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="serviceDemand"/> is negative, NaN or infinite.</exception>
    public static ClosedStation Queueing(string name, double serviceDemand) =>
        new(name, ClosedStationKind.Queueing, serviceDemand, 1);

    /// <summary>Creates a delay (think-time) station.</summary>
    /// <param name="name">The station's name: not null.</param>
    /// <param name="thinkTime">Z, the mean time a customer spends there per cycle: finite, ≥ 0.</param>
    /// <returns>The station.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="thinkTime"/> is negative, NaN or infinite.</exception>
    public static ClosedStation Delay(string name, double thinkTime)
    {
        Guard.FiniteNonNegative(thinkTime);
        return new(name, ClosedStationKind.Delay, thinkTime, 1);
    }

    /// <inheritdoc />
    public override string ToString() => Kind == ClosedStationKind.Delay
        ? $"{Name}(delay, Z={ServiceDemand})"
        : $"{Name}(queueing, D={ServiceDemand}, c={Servers})";
}
