namespace Aios.Queueing.Networks;

/// <summary>How a station of a <see cref="ClosedNetwork"/> serves its customers.</summary>
public enum ClosedStationKind
{
    /// <summary>
    /// A queueing station: load-independent exponential servers (first come first served, or processor sharing);
    /// customers queue when all servers are busy.
    /// </summary>
    Queueing,

    /// <summary>
    /// A delay (infinite-server) station, such as the users' think time: every customer is served at once, nobody
    /// queues, and the residence time is the service demand whatever the load.
    /// </summary>
    Delay,
}
