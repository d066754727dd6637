namespace Aios.Queueing;

/// <summary>
/// The G/G/c queue by the Allen–Cunneen approximation: renewal arrivals at rate λ with interarrival SCV ca²,
/// c identical servers with service rate μ and service-time SCV cs², unlimited waiting room, first come first served.
/// </summary>
/// <remarks>
/// <para>The mean wait is approximated by scaling the exact M/M/c wait by the variability factor:
/// Wq ≈ C(c, a)/(cμ − λ) · (ca² + cs²)/2, with C the Erlang C probability and a = λ/μ (Allen, <i>Probability,
/// Statistics, and Queueing Theory</i>, 2nd ed., Academic Press 1990, the Allen–Cunneen approximation). The other
/// means follow by Little's law: Lq = λWq, W = Wq + 1/μ, L = Lq + a.</para>
/// <para>It is an approximation: exact for M/M/c (both SCVs 1), and for c = 1 it is Kingman's heavy-traffic formula
/// Wq ≈ ρ/(1 − ρ) · (ca² + cs²)/2 · 1/μ (Kingman, Proc. Cambridge Philos. Soc. 57, 1961), see
/// <see cref="KingmanWaitingTime"/>. It is least accurate at light load and for SCVs far from 1. The approximation
/// does not define the probability of waiting, so <see cref="QueueMetrics.ProbabilityOfWaiting"/> is
/// <see cref="double.NaN"/>. The queue is stable when ρ = λ/(cμ) &lt; 1; otherwise <see cref="Evaluate"/> reports
/// <see cref="QueueMetrics.IsStable"/> false with infinite waits (and a NaN probability of waiting).</para>
/// </remarks>
public readonly record struct GGcQueue
{
    /// <summary>Creates a G/G/c queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time of one busy server: finite, &gt; 0.</param>
    /// <param name="servers">c, the number of servers: ≥ 1.</param>
    /// <param name="arrivalScv">ca², the interarrival time's squared coefficient of variation (1 for Poisson): finite, ≥ 0.</param>
    /// <param name="serviceScv">cs², the service time's squared coefficient of variation (1 for exponential): finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public GGcQueue(double arrivalRate, double serviceRate, int servers, double arrivalScv, double serviceScv)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        Guard.FiniteNonNegative(arrivalScv);
        Guard.FiniteNonNegative(serviceScv);
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        Servers = servers;
        ArrivalScv = arrivalScv;
        ServiceScv = serviceScv;
    }

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, completions per unit time of one busy server.</summary>
    public double ServiceRate { get; }

    /// <summary>c, the number of servers.</summary>
    public int Servers { get; }

    /// <summary>ca², the interarrival time's squared coefficient of variation.</summary>
    public double ArrivalScv { get; }

    /// <summary>cs², the service time's squared coefficient of variation.</summary>
    public double ServiceScv { get; }

    /// <summary>The offered load a = λ/μ in Erlangs.</summary>
    public double OfferedLoad => ArrivalRate / ServiceRate;

    /// <summary>ρ = λ/(cμ), the utilization of each server.</summary>
    public double Utilization => ArrivalRate / (Servers * ServiceRate);

    /// <summary>Whether ρ &lt; 1, so that a steady state exists.</summary>
    public bool IsStable => Math.FusedMultiplyAdd(Servers, ServiceRate, -ArrivalRate) > 0;

    /// <summary>
    /// Computes the approximate steady-state figures: Wq ≈ C(c, a)/(cμ − λ) · (ca² + cs²)/2, W = Wq + 1/μ,
    /// Lq = λWq, L = Lq + a. <see cref="QueueMetrics.ProbabilityOfWaiting"/> is <see cref="double.NaN"/> (not defined by the approximation).
    /// </summary>
    /// <returns>The metrics; waits and lengths are infinite when the queue is unstable.</returns>
    public QueueMetrics Evaluate()
    {
        QueueMetrics markovian = new MMcQueue(ArrivalRate, ServiceRate, Servers).Evaluate();
        if (!markovian.IsStable)
        {
            return markovian with { ProbabilityOfWaiting = double.NaN };
        }

        // Allen–Cunneen: the M/M/c wait times the variability factor (ca² + cs²)/2, exactly 1 for M/M/c.
        double variability = (ArrivalScv + ServiceScv) / 2;
        double meanWait = markovian.MeanWaitingTime * variability;
        double meanQueue = markovian.MeanQueueLength * variability;
        return markovian with
        {
            ProbabilityOfWaiting = double.NaN,
            MeanWaitingTime = meanWait,
            MeanResponseTime = meanWait + 1 / ServiceRate,
            MeanQueueLength = meanQueue,
            MeanNumberInSystem = meanQueue + OfferedLoad,
        };
    }

    /// <summary>
    /// Kingman's approximation of the mean wait in a G/G/1 queue, Wq ≈ ρ/(1 − ρ) · (ca² + cs²)/2 · 1/μ with ρ = λ/μ;
    /// the same as <see cref="Evaluate"/>'s wait for c = 1.
    /// </summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time of the busy server: finite, &gt; 0.</param>
    /// <param name="arrivalScv">ca², the interarrival time's squared coefficient of variation: finite, ≥ 0.</param>
    /// <param name="serviceScv">cs², the service time's squared coefficient of variation: finite, ≥ 0.</param>
    /// <returns>The approximate mean wait Wq; <see cref="double.PositiveInfinity"/> when ρ ≥ 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static double KingmanWaitingTime(double arrivalRate, double serviceRate, double arrivalScv, double serviceScv)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        Guard.FiniteNonNegative(arrivalScv);
        Guard.FiniteNonNegative(serviceScv);
        if (!(arrivalRate < serviceRate))
        {
            return double.PositiveInfinity;
        }

        // ρ/(1 − ρ)/μ = ρ/(μ − λ), with μ − λ exact near ρ = 1.
        return arrivalRate / serviceRate * ((arrivalScv + serviceScv) / 2) / (serviceRate - arrivalRate);
    }

    /// <inheritdoc />
    public override string ToString() => $"G/G/{Servers}(λ={ArrivalRate}, μ={ServiceRate}, ca²={ArrivalScv}, cs²={ServiceScv})";
}
