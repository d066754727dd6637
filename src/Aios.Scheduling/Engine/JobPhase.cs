namespace Aios.Scheduling.Engine;

/// <summary>Where a job is in its life.</summary>
public enum JobPhase
{
    /// <summary>Submitted, waiting to start (or preempted and waiting again).</summary>
    Waiting,

    /// <summary>Placed and running.</summary>
    Running,

    /// <summary>Reported finished.</summary>
    Finished,

    /// <summary>Cancelled.</summary>
    Cancelled,
}
