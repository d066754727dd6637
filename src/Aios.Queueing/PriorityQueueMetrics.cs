namespace Aios.Queueing;

/// <summary>
/// Steady-state figures of a <see cref="MultiClassPriorityQueue"/>: the whole system and each class, highest
/// priority first.
/// </summary>
/// <remarks>
/// Stability is per class: higher classes can have a steady state while lower ones, which only get the capacity
/// the higher ones leave, grow without bound. <see cref="IsStable"/> is true only when every class is stable.
/// </remarks>
public sealed class PriorityQueueMetrics
{
    internal PriorityQueueMetrics(double utilization, PriorityMethod method, PriorityClassMetrics[] classes)
    {
        Utilization = utilization;
        Method = method;
        Classes = Array.AsReadOnly(classes);
        bool stable = true;
        foreach (PriorityClassMetrics figures in classes)
        {
            stable &= figures.IsStable;
        }

        IsStable = stable;
    }

    /// <summary>Whether every class has a steady state (total ρ &lt; 1).</summary>
    public bool IsStable { get; }

    /// <summary>
    /// The total offered utilization ρ = Σ_k λ_k/(cμ_k): the mean fraction of time each server is busy when the
    /// system is stable, and a figure ≥ 1 when it is not.
    /// </summary>
    public double Utilization { get; }

    /// <summary>How the figures were obtained.</summary>
    public PriorityMethod Method { get; }

    /// <summary>Whether the figures are an approximation (<see cref="PriorityMethod.BondiBuzenApproximation"/>) rather than exact.</summary>
    public bool IsApproximate => Method == PriorityMethod.BondiBuzenApproximation;

    /// <summary>The figures of each class, in the order the classes were given (highest priority first).</summary>
    public IReadOnlyList<PriorityClassMetrics> Classes { get; }
}
