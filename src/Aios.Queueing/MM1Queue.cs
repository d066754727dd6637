namespace Aios.Queueing;

/// <summary>
/// The M/M/1 queue: Poisson arrivals at rate λ, one exponential server at rate μ. The special case c = 1
/// of <see cref="MMcQueue"/>, where the probability of waiting is ρ = λ/μ.
/// </summary>
public readonly record struct MM1Queue
{
    private readonly MMcQueue _queue;

    /// <summary>Creates an M/M/1 queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time: finite, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MM1Queue(double arrivalRate, double serviceRate) => _queue = new MMcQueue(arrivalRate, serviceRate, 1);

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate => _queue.ArrivalRate;

    /// <summary>μ, completions per unit time.</summary>
    public double ServiceRate => _queue.ServiceRate;

    /// <summary>ρ = λ/μ.</summary>
    public double Utilization => _queue.Utilization;

    /// <summary>Whether ρ &lt; 1.</summary>
    public bool IsStable => _queue.IsStable;

    /// <summary>Computes every steady-state figure: Wq = ρ/(μ − λ), W = 1/(μ − λ), Lq = ρ²/(1 − ρ), L = ρ/(1 − ρ).</summary>
    /// <returns>The metrics; infinite waits when ρ ≥ 1.</returns>
    public QueueMetrics Evaluate() => _queue.Evaluate();

    /// <summary>Returns this queue as the equivalent M/M/c queue with c = 1, for the waiting-time distribution.</summary>
    /// <returns>The M/M/1 queue as an <see cref="MMcQueue"/>.</returns>
    public MMcQueue AsMMc() => _queue;

    /// <inheritdoc />
    public override string ToString() => $"M/M/1(λ={ArrivalRate}, μ={ServiceRate})";
}
