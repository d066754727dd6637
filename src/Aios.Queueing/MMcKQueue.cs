namespace Aios.Queueing;

/// <summary>
/// The M/M/c/K queue: Poisson arrivals at rate λ, exponential service at rate μ per server, c identical
/// servers and room for at most K customers in the system (in service plus waiting); an arrival that finds K
/// present is turned away. First come first served among the admitted.
/// </summary>
/// <remarks>
/// <para>The number in system is a birth–death chain with pₙ ∝ aⁿ/n! for n ≤ c and pₙ ∝ (a^c/c!)·ρ^(n−c) for
/// c ≤ n ≤ K, a = λ/μ, ρ = a/c (Gross, Shortle, Thompson &amp; Harris, <i>Fundamentals of Queueing Theory</i>,
/// 4th ed., Wiley 2008, ch. 2, queues with truncation). The finite buffer makes a steady state exist for every load, so
/// <see cref="QueueMetrics.IsStable"/> is always true, also for ρ ≥ 1.</para>
/// <para>Numerics: the part below c is Σ_{n≤c} aⁿ/n! = (a^c/c!)/B(c, a) with the overflow-free Erlang B of
/// <see cref="ErlangB"/>; the part above c is a truncated geometric series in closed form, written with
/// expm1 so that nothing cancels at ρ → 1. Weights are taken relative to the largest block (the states up to c
/// for ρ ≤ 1, the state K for ρ &gt; 1), so ρ^(K−c) never overflows. The cost is that of one Erlang B evaluation,
/// independent of K: any c ≥ 1 and K up to <see cref="int.MaxValue"/>, at any load including ρ = 1 exactly.</para>
/// </remarks>
public readonly record struct MMcKQueue
{
    /// <summary>Creates an M/M/c/K queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time (offered, before blocking): finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time of one busy server: finite, &gt; 0.</param>
    /// <param name="servers">c, the number of servers: ≥ 1.</param>
    /// <param name="capacity">K, the most customers the system holds, in service plus waiting: ≥ <paramref name="servers"/>.
    /// K = c is the Erlang loss system M/M/c/c.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MMcKQueue(double arrivalRate, double serviceRate, int servers, int capacity)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, servers);
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        Servers = servers;
        Capacity = capacity;
    }

    /// <summary>λ, arrivals per unit time, offered before blocking.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, completions per unit time of one busy server.</summary>
    public double ServiceRate { get; }

    /// <summary>c, the number of servers.</summary>
    public int Servers { get; }

    /// <summary>K, the most customers in the system, in service plus waiting.</summary>
    public int Capacity { get; }

    /// <summary>The offered load a = λ/μ in Erlangs.</summary>
    public double OfferedLoad => ArrivalRate / ServiceRate;

    /// <summary>
    /// Computes every steady-state figure. <see cref="QueueMetrics.BlockingProbability"/> is p_K;
    /// <see cref="QueueMetrics.EffectiveArrivalRate"/> is λ(1 − p_K); <see cref="QueueMetrics.Utilization"/> is the
    /// carried load per server λ(1 − p_K)/(cμ); <see cref="QueueMetrics.ProbabilityOfWaiting"/> is the probability
    /// that an admitted arrival waits, Σ_{n=c}^{K−1} pₙ/(1 − p_K); the mean times are per admitted arrival
    /// (Wq = Lq/λ(1 − p_K), W = L/λ(1 − p_K)).
    /// </summary>
    /// <returns>The metrics, always with <see cref="QueueMetrics.IsStable"/> true and finite figures.</returns>
    public QueueMetrics Evaluate()
    {
        double load = OfferedLoad;
        int queueRoom = Capacity - Servers;
        if (load == 0)
        {
            return new QueueMetrics
            {
                IsStable = true,
                Utilization = 0,
                ProbabilityOfWaiting = 0,
                BlockingProbability = 0,
                EffectiveArrivalRate = 0,
                MeanWaitingTime = 0,
                MeanResponseTime = 1 / ServiceRate,
                MeanQueueLength = 0,
                MeanNumberInSystem = 0,
            };
        }

        if (double.IsPositiveInfinity(load))
        {
            // λ/μ beyond double range: the limit a → ∞, where the system is always full or one below full
            // and the servers complete (and so admit) cμ customers per unit time.
            double throughput = Servers * ServiceRate;
            double meanWait = queueRoom / throughput;
            return new QueueMetrics
            {
                IsStable = true,
                Utilization = 1,
                ProbabilityOfWaiting = queueRoom > 0 ? 1 : 0,
                BlockingProbability = 1,
                EffectiveArrivalRate = throughput,
                MeanWaitingTime = meanWait,
                MeanResponseTime = meanWait + 1 / ServiceRate,
                MeanQueueLength = queueRoom,
                MeanNumberInSystem = Capacity,
            };
        }

        Weights weights = ComputeWeights(load);
        double total = weights.Total;
        double admitted = weights.BelowCapacity / total;
        double meanQueue = weights.QueueMoment / total;
        double meanWaiting = weights.QueueMoment / (ArrivalRate * weights.BelowCapacity);

        // The carried load per server is below 1 in exact arithmetic; far above saturation a·(1 − p_K)/c rounds to 1 ± ulp.
        double utilization = Math.Min(1, load * admitted / Servers);
        return new QueueMetrics
        {
            IsStable = true,
            Utilization = utilization,
            ProbabilityOfWaiting = weights.Waiting / weights.BelowCapacity,
            BlockingProbability = weights.AtCapacity / total,
            EffectiveArrivalRate = ArrivalRate * admitted,
            MeanWaitingTime = meanWaiting,
            MeanResponseTime = meanWaiting + 1 / ServiceRate,
            MeanQueueLength = meanQueue,
            MeanNumberInSystem = meanQueue + load * admitted,
        };
    }

    /// <summary>The steady-state probability pₙ that exactly <paramref name="count"/> customers are in the system.</summary>
    /// <param name="count">n ≥ 0; values above <see cref="Capacity"/> have probability 0.</param>
    /// <returns>pₙ in [0, 1]; it underflows to 0 only where the true value is below double range.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public double ProbabilityOfCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Capacity)
        {
            return 0;
        }

        double load = OfferedLoad;
        if (load == 0)
        {
            return count == 0 ? 1 : 0;
        }

        if (double.IsPositiveInfinity(load))
        {
            return count == Capacity ? 1 : 0;
        }

        Weights weights = ComputeWeights(load);
        int c = Servers;
        int queueRoom = Capacity - c;
        double weight;
        if (count >= c)
        {
            int aboveServers = count - c;
            weight = weights.LogRatio <= 0
                ? weights.AtServers * Power(aboveServers, weights.LogRatio)
                : Power(queueRoom - aboveServers, -weights.LogRatio);
        }
        else if (weights.LogRatio <= 0)
        {
            // Below c the weights are the Poisson(a) probabilities divided by P(X ≤ c) = P(X = c)/B, which is at
            // least about 1/2 for a ≤ c; when P(X = c) is below double range, so is P(X > c), and P(X ≤ c) is 1.
            double logAtServers = LogPoisson(c, load);
            double logLowerMass = logAtServers < -600 ? 0 : logAtServers - Math.Log(weights.AtServers);
            weight = Math.Exp(LogPoisson(count, load) - logLowerMass);
        }
        else
        {
            // Relative to p_K: pₙ/p_K = (pₙ/p_c)·ρ^−(K−c) with pₙ/p_c = P(X = n)/P(X = c).
            weight = Math.Exp(LogPoisson(count, load) - LogPoisson(c, load) - queueRoom * weights.LogRatio);
        }

        return weight / weights.Total;
    }

    /// <inheritdoc />
    public override string ToString() => $"M/M/{Servers}/{Capacity}(λ={ArrivalRate}, μ={ServiceRate})";

    /// <summary>
    /// The unnormalized state weights, relative to the largest block: for ρ ≤ 1 the states 0..c carry total weight 1
    /// (so p_c carries B(c, a)); for ρ &gt; 1 the state K carries weight 1.
    /// </summary>
    private Weights ComputeWeights(double load)
    {
        int c = Servers;
        int queueRoom = Capacity - c;

        double logRatio = LogUtilization(load);

        if (logRatio <= 0)
        {
            // States c..K weigh B·ρʲ, j = n − c; states below c weigh 1 − B. B ≤ B(c, c) ≤ 1/2 here, so 1 − B is exact enough.
            double blocking = ErlangB.Compute(c, load);
            double top = blocking * Power(queueRoom, logRatio);
            double waiting = blocking * TruncatedGeometric.Sum(queueRoom, logRatio);
            return new Weights
            {
                LogRatio = logRatio,
                AtServers = blocking,
                AtCapacity = top,
                Waiting = waiting,
                BelowCapacity = (1 - blocking) + waiting,
                QueueMoment = TruncatedGeometric.Mean(queueRoom, logRatio) * (waiting + top),
            };
        }

        // ρ > 1: state K = c + m weighs 1 and state c + j weighs r^(m−j), r = 1/ρ; states below c weigh r^m·R with
        // R = Σ_{n<c} aⁿ/n! ÷ (a^c/c!) = (1 − B)/B, summed directly because 1 − B cancels when a ≫ c.
        double falling = -logRatio;
        double lowerToServers = LowerToServerRatio(c, load);
        double atServers = Power(queueRoom, falling);
        double waitingAbove = Math.Exp(falling) * TruncatedGeometric.Sum(queueRoom, falling);
        return new Weights
        {
            LogRatio = logRatio,
            AtServers = atServers,
            AtCapacity = 1,
            Waiting = waitingAbove,
            BelowCapacity = (atServers == 0 ? 0 : atServers * lowerToServers) + waitingAbove,
            QueueMoment = TruncatedGeometric.Mean(queueRoom, logRatio) * (waitingAbove + 1),
        };
    }

    /// <summary>
    /// ℓ = ln ρ with a small relative error, which ρ^(K−c) = e^((K−c)ℓ) needs when K − c is large: near ρ = 1 as
    /// log1p(ρ − 1) with ρ − 1 = (λ − cμ)/(cμ) and λ − cμ from one fused multiply-add (exact before its one rounding),
    /// because a = λ/μ is already rounded and a − c would carry that rounding, amplified K − c times, into ρ^(K−c).
    /// </summary>
    private double LogUtilization(double load)
    {
        double c = Servers;
        double fullRate = c * ServiceRate;
        double excess = double.IsFinite(fullRate)
            ? Math.FusedMultiplyAdd(-c, ServiceRate, ArrivalRate) / fullRate
            : (load - c) / c;
        return excess is >= -0.5 and <= 1
            ? Numerics.Log1P(excess)
            : Math.Log(load / c);
    }

    /// <summary>e^(ℓ·power), with e^(ℓ·0) = 1 even for ℓ = −∞.</summary>
    private static double Power(int power, double logRatio) => power == 0 ? 1 : Math.Exp(power * logRatio);

    /// <summary>
    /// R = Σ_{n&lt;c} aⁿ/n! ÷ (a^c/c!) = Σ_{k=1}^{c} Π_{j&lt;k} (c − j)/a for a &gt; c: every factor is below 1, so the
    /// terms fall and the sum stops after O(√c) terms at worst (a ≈ c), O(1) when a ≫ c.
    /// </summary>
    private static double LowerToServerRatio(int servers, double load)
    {
        double c = servers;
        double sum = 0;
        double term = 1;
        for (int j = 0; j < servers; j++)
        {
            term *= (c - j) / load;
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>ln P(X = n) for X ~ Poisson(a), a &gt; 0, without overflow (Loader's form above 30).</summary>
    private static double LogPoisson(int count, double load)
    {
        if (count > ErlangB.RecursionLimit)
        {
            return -PoissonMath.StirlingError(count) - PoissonMath.Deviance(count, load) - 0.5 * Math.Log(2 * Math.PI * count);
        }

        double logProbability = -load;
        for (int k = 1; k <= count; k++)
        {
            logProbability += Math.Log(load / k);
        }

        return logProbability;
    }

    /// <summary>Unnormalized steady-state weights; the probabilities are each weight over <see cref="Total"/>.</summary>
    private readonly record struct Weights
    {
        /// <summary>ℓ = ln ρ.</summary>
        public required double LogRatio { get; init; }

        /// <summary>The weight of state c.</summary>
        public required double AtServers { get; init; }

        /// <summary>The weight of state K.</summary>
        public required double AtCapacity { get; init; }

        /// <summary>The weight of states c..K−1, where an arrival is admitted but waits.</summary>
        public required double Waiting { get; init; }

        /// <summary>The weight of states 0..K−1, where an arrival is admitted.</summary>
        public required double BelowCapacity { get; init; }

        /// <summary>Σ (n − c)·weight(n) over n ≥ c: the queue length's first moment.</summary>
        public required double QueueMoment { get; init; }

        public double Total => BelowCapacity + AtCapacity;
    }
}
