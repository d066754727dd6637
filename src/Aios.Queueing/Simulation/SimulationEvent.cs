namespace Aios.Queueing.Simulation;

/// <summary>
/// A scheduled event: the next arrival of a class (<see cref="Target"/> &lt; 0, class ~Target) or the end of
/// a service (<see cref="Target"/> ≥ 0, the server). A departure whose <see cref="Version"/> no longer matches
/// its server's was cancelled by a preemption and is skipped when it comes up (lazy deletion, since
/// <see cref="PriorityQueue{TElement, TPriority}"/> cannot remove an element).
/// </summary>
internal readonly record struct SimulationEvent(int Target, int Version)
{
    public static SimulationEvent Arrival(int jobClass) => new(~jobClass, 0);

    public static SimulationEvent Departure(int server, int version) => new(server, version);

    public bool IsArrival => Target < 0;
}
