namespace Aios.Queueing;

/// <summary>
/// The M/G/1 queue: Poisson arrivals at rate λ, one server whose service times are independent with mean 1/μ and
/// any distribution, described by its squared coefficient of variation SCV = Var[S]/E[S]² (0 deterministic,
/// 1 exponential, above 1 more variable than exponential). First come first served.
/// </summary>
/// <remarks>
/// The mean figures follow from the Pollaczek–Khinchine formula Wq = λE[S²]/(2(1 − ρ)) with
/// E[S²] = (1 + SCV)/μ², that is Wq = ρ(1 + SCV)/(2(μ − λ)) (Pollaczek 1930, Khinchine 1932; Kleinrock,
/// <i>Queueing Systems, Vol. I: Theory</i>, Wiley 1975, ch. 5). They depend on the service distribution only
/// through its first two moments. With SCV = 1 the figures are those of <see cref="MM1Queue"/>; with SCV = 0
/// those of <see cref="MD1Queue"/>. The queue is stable when ρ = λ/μ &lt; 1; otherwise <see cref="Evaluate"/>
/// reports <see cref="QueueMetrics.IsStable"/> false with infinite waits.
/// </remarks>
public readonly record struct MG1Queue
{
    /// <summary>Creates an M/G/1 queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ = 1/E[S], completions per unit time of the busy server: finite, &gt; 0.</param>
    /// <param name="serviceScv">The service time's squared coefficient of variation Var[S]/E[S]²: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MG1Queue(double arrivalRate, double serviceRate, double serviceScv)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        Guard.FiniteNonNegative(serviceScv);
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        ServiceScv = serviceScv;
    }

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ = 1/E[S], completions per unit time of the busy server.</summary>
    public double ServiceRate { get; }

    /// <summary>The service time's squared coefficient of variation Var[S]/E[S]².</summary>
    public double ServiceScv { get; }

    /// <summary>ρ = λ/μ, the fraction of time the server is busy (when stable).</summary>
    public double Utilization => ArrivalRate / ServiceRate;

    /// <summary>Whether ρ &lt; 1, so that a steady state exists.</summary>
    public bool IsStable => ArrivalRate < ServiceRate;

    /// <summary>
    /// Computes every steady-state figure: Wq = ρ(1 + SCV)/(2(μ − λ)), W = Wq + 1/μ, Lq = λWq, L = Lq + ρ, and
    /// the probability of waiting ρ (Poisson arrivals see the server busy a fraction ρ of the time).
    /// </summary>
    /// <returns>The metrics; waits and lengths are infinite when ρ ≥ 1.</returns>
    public QueueMetrics Evaluate()
    {
        double utilization = Utilization;
        if (!IsStable)
        {
            return QueueMetrics.Unstable(utilization, ArrivalRate);
        }

        // μ − λ is exact when λ is near μ (Sterbenz), so the wait keeps its digits as ρ → 1.
        double meanWait = utilization * (1 + ServiceScv) / (2 * (ServiceRate - ArrivalRate));
        double meanQueue = ArrivalRate * meanWait;
        return new QueueMetrics
        {
            IsStable = true,
            Utilization = utilization,
            ProbabilityOfWaiting = utilization,
            BlockingProbability = 0,
            EffectiveArrivalRate = ArrivalRate,
            MeanWaitingTime = meanWait,
            MeanResponseTime = meanWait + 1 / ServiceRate,
            MeanQueueLength = meanQueue,
            MeanNumberInSystem = meanQueue + utilization,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"M/G/1(λ={ArrivalRate}, μ={ServiceRate}, SCV={ServiceScv})";
}
