namespace Aios.Queueing;

/// <summary>
/// The M/D/1 queue: Poisson arrivals at rate λ, one server with the same service time 1/μ for every customer.
/// It is <see cref="MG1Queue"/> with service SCV 0, so by Pollaczek–Khinchine its mean wait ρ/(2(μ − λ)) is half
/// that of the M/M/1 queue with the same rates.
/// </summary>
/// <remarks>Only the mean figures are provided, not the waiting-time distribution. The queue is stable when
/// ρ = λ/μ &lt; 1; otherwise <see cref="Evaluate"/> reports <see cref="QueueMetrics.IsStable"/> false with infinite waits.</remarks>
public readonly record struct MD1Queue
{
    private readonly MG1Queue _queue;

    /// <summary>Creates an M/D/1 queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, the reciprocal of the fixed service time: finite, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MD1Queue(double arrivalRate, double serviceRate) => _queue = new MG1Queue(arrivalRate, serviceRate, 0);

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate => _queue.ArrivalRate;

    /// <summary>μ, the reciprocal of the fixed service time.</summary>
    public double ServiceRate => _queue.ServiceRate;

    /// <summary>ρ = λ/μ.</summary>
    public double Utilization => _queue.Utilization;

    /// <summary>Whether ρ &lt; 1.</summary>
    public bool IsStable => _queue.IsStable;

    /// <summary>Computes every steady-state figure: Wq = ρ/(2(μ − λ)), W = Wq + 1/μ, Lq = λWq, L = Lq + ρ, probability of waiting ρ.</summary>
    /// <returns>The metrics; infinite waits when ρ ≥ 1.</returns>
    public QueueMetrics Evaluate() => _queue.Evaluate();

    /// <summary>Returns this queue as the equivalent M/G/1 queue with service SCV 0.</summary>
    /// <returns>The M/D/1 queue as an <see cref="MG1Queue"/>.</returns>
    public MG1Queue AsMG1() => _queue;

    /// <inheritdoc />
    public override string ToString() => $"M/D/1(λ={ArrivalRate}, μ={ServiceRate})";
}
