namespace Aios.Queueing;

/// <summary>How a <see cref="MultiClassPriorityQueue"/> treats a job of a lower class that is in service when a higher-class job arrives.</summary>
public enum PriorityDiscipline
{
    /// <summary>A job in service always completes; a higher-class arrival takes the next free server (head-of-line priority).</summary>
    NonPreemptive,

    /// <summary>
    /// A higher-class arrival that finds every server busy interrupts a job of the lowest class in service; the
    /// interrupted job later continues where it stopped, so no work is lost.
    /// </summary>
    PreemptiveResume,
}
