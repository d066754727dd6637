namespace Aios.Queueing.Simulation;

/// <summary>A job in the station. A struct so that queues and servers hold jobs without an allocation per job.</summary>
internal struct SimulationJob
{
    /// <summary>The class index: 0 is the highest priority.</summary>
    public int Class;

    /// <summary>The time the job arrived.</summary>
    public double ArrivalTime;

    /// <summary>The job's whole service requirement.</summary>
    public double Requirement;

    /// <summary>The work still to do; less than <see cref="Requirement"/> after a preemption.</summary>
    public double Remaining;

    /// <summary>The time the job last joined a queue (on arrival or when preempted).</summary>
    public double QueuedAt;

    /// <summary>Whether the job has spent any positive time waiting.</summary>
    public bool Waited;
}
