namespace Aios.Queueing;

/// <summary>
/// The M/M/∞ queue: every arrival is served at once by its own server, so nobody waits. The number in
/// system is Poisson with mean a = λ/μ (in fact for any service distribution with mean 1/μ).
/// </summary>
/// <remarks>Always stable. <see cref="QueueMetrics.Utilization"/> is reported as 0: each of the infinitely
/// many servers is idle almost surely; the mean number of busy servers is <see cref="QueueMetrics.MeanNumberInSystem"/>.</remarks>
public readonly record struct MMInfiniteQueue
{
    /// <summary>Creates an M/M/∞ queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time of one server: finite, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MMInfiniteQueue(double arrivalRate, double serviceRate)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
    }

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, completions per unit time of one server.</summary>
    public double ServiceRate { get; }

    /// <summary>Computes the steady-state figures: no waiting, L = λ/μ, W = 1/μ.</summary>
    /// <returns>The metrics.</returns>
    public QueueMetrics Evaluate() => new()
    {
        IsStable = true,
        Utilization = 0,
        ProbabilityOfWaiting = 0,
        BlockingProbability = 0,
        EffectiveArrivalRate = ArrivalRate,
        MeanWaitingTime = 0,
        MeanResponseTime = 1 / ServiceRate,
        MeanQueueLength = 0,
        MeanNumberInSystem = ArrivalRate / ServiceRate,
    };

    /// <summary>The probability that exactly <paramref name="count"/> customers are in the system (Poisson with mean λ/μ).</summary>
    /// <param name="count">n ≥ 0.</param>
    /// <returns>P(N = n).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public double ProbabilityOfCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        double mean = ArrivalRate / ServiceRate;
        if (mean == 0)
        {
            return count == 0 ? 1 : 0;
        }

        if (count > ErlangB.RecursionLimit)
        {
            return PoissonMath.ProbabilityLarge(count, mean);
        }

        // Small n: e^(−a) aⁿ/n! in log space, exact enough and free of overflow.
        double logProbability = -mean;
        for (int k = 1; k <= count; k++)
        {
            logProbability += Math.Log(mean / k);
        }

        return Math.Exp(logProbability);
    }

    /// <inheritdoc />
    public override string ToString() => $"M/M/∞(λ={ArrivalRate}, μ={ServiceRate})";
}
