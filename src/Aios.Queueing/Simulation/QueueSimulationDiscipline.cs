namespace Aios.Queueing.Simulation;

/// <summary>The order in which <see cref="QueueSimulator"/> serves waiting jobs.</summary>
/// <remarks>
/// Priority disciplines rank the classes of <see cref="QueueSimulationOptions.Classes"/> by position: the first
/// class has the highest priority. Within a class, jobs are served first come first served.
/// </remarks>
public enum QueueSimulationDiscipline
{
    /// <summary>First come first served across all classes; the class order is ignored.</summary>
    Fcfs = 0,

    /// <summary>
    /// Head-of-line priority: a free server takes the oldest job of the highest-priority class that has one
    /// waiting; a job in service is never interrupted.
    /// </summary>
    NonPreemptivePriority = 1,

    /// <summary>
    /// Preemptive-resume priority: an arrival that finds every server busy interrupts a job of the
    /// lowest-priority class in service, if that class ranks below its own; the interrupted job returns to the
    /// head of its class's queue and later resumes with only its remaining work.
    /// </summary>
    PreemptiveResumePriority = 2,
}
