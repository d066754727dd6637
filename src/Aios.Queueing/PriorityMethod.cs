namespace Aios.Queueing;

/// <summary>How the figures of a <see cref="MultiClassPriorityQueue"/> are obtained.</summary>
public enum PriorityMethod
{
    /// <summary>
    /// Exact M/M/c results, used when every class has the same exponential service rate: Cobham's formula
    /// without preemption, differences of FCFS M/M/c queue lengths under preemptive resume.
    /// </summary>
    ExactMMc,

    /// <summary>Exact M/G/1 results (Cobham; Kleinrock), used with one server when the classes' service times differ.</summary>
    ExactMG1,

    /// <summary>
    /// The Bondi–Buzen approximation, used with several servers when the classes' service times differ or are not
    /// exponential: M/G/1 priority figures on a server c times as fast, scaled by the FCFS M/M/c-to-M/M/1 wait ratio
    /// (under preemption, for each group of classes 1..k at its own load, then differenced).
    /// </summary>
    BondiBuzenApproximation,
}
