namespace Aios.Scheduling.Simulation;

/// <summary>What happened to a job in a simulation.</summary>
public enum SimulationEventKind
{
    /// <summary>The job was submitted.</summary>
    Arrive,

    /// <summary>The job started (or restarted after a preemption) with a placement.</summary>
    Start,

    /// <summary>The job was preempted; it keeps its progress and waits again.</summary>
    Preempt,

    /// <summary>The job finished.</summary>
    Finish,
}
