namespace Aios.Queueing;

/// <summary>
/// Steady-state figures of one class of a <see cref="MultiClassPriorityQueue"/>. Times are in the unit of the
/// rates' reciprocal.
/// </summary>
/// <remarks>
/// The waiting time is the mean response time less the class's mean service time 1/μ. Under preemptive resume
/// it therefore includes the time a job spends interrupted, and the queue length counts interrupted jobs as
/// well as those that have not started. An unstable class (<see cref="IsStable"/> false) has every figure
/// <see cref="double.PositiveInfinity"/>.
/// </remarks>
public readonly record struct PriorityClassMetrics
{
    /// <summary>Whether this class has a steady state: σ_k = Σ_{i≤k} λ_i/(cμ_i) &lt; 1 over this class and every higher one.</summary>
    public required bool IsStable { get; init; }

    /// <summary>The mean time a job of this class is in the system but not being served (Wq = W − 1/μ).</summary>
    public required double MeanWaitingTime { get; init; }

    /// <summary>The mean time a job of this class spends in the system, from arrival to completion (W).</summary>
    public required double MeanResponseTime { get; init; }

    /// <summary>The mean number of jobs of this class in the system but not being served, λ·Wq (Little).</summary>
    public required double MeanQueueLength { get; init; }

    /// <summary>The mean number of jobs of this class in the system, λ·W (Little).</summary>
    public required double MeanNumberInSystem { get; init; }
}
