namespace Aios.Scheduling.Simulation;

/// <summary>Receives a simulation's events as they happen, in time order; override what you need (every method does nothing by default).</summary>
/// <remarks>
/// Events of one instant are delivered once the simulation moves past it. A job started and preempted at the same
/// instant ran for no time; the pair is left out of the events (the preemption still counts in
/// <see cref="SimulationResult.Preemptions"/>), so that a replay ordering events of an instant as finishes and
/// preemptions before starts stays consistent.
/// </remarks>
public abstract class SimulationEventSink
{
    /// <summary>Called for each event.</summary>
    /// <param name="simulationEvent">The event.</param>
    public virtual void OnEvent(in SimulationEvent simulationEvent)
    {
    }

    /// <summary>Called when a job finishes, with its times and finish-time fairness.</summary>
    /// <param name="outcome">The job's outcome.</param>
    public virtual void OnJobFinished(in SimulationJobOutcome outcome)
    {
    }
}
