namespace Aios.Queueing;

/// <summary>
/// The M/M/c queue: Poisson arrivals at rate λ, exponential service at rate μ per server, c identical
/// servers, unlimited waiting room, first come first served.
/// </summary>
/// <remarks>
/// All figures come from the Erlang C probability, computed without overflow for any c (see
/// <see cref="ErlangC"/>). The queue is stable when ρ = λ/(cμ) &lt; 1; otherwise <see cref="Evaluate"/>
/// reports <see cref="QueueMetrics.IsStable"/> false with infinite waits, the waiting-time distribution
/// puts all its mass at infinity (service level 0, quantiles infinite).
/// </remarks>
public readonly record struct MMcQueue
{
    /// <summary>Creates an M/M/c queue.</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ, completions per unit time of one busy server: finite, &gt; 0.</param>
    /// <param name="servers">c, the number of servers: ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public MMcQueue(double arrivalRate, double serviceRate, int servers)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        Servers = servers;
    }

    /// <summary>λ, arrivals per unit time.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, completions per unit time of one busy server.</summary>
    public double ServiceRate { get; }

    /// <summary>c, the number of servers.</summary>
    public int Servers { get; }

    /// <summary>The offered load a = λ/μ in Erlangs: the mean number of busy servers.</summary>
    public double OfferedLoad => ArrivalRate / ServiceRate;

    /// <summary>ρ = λ/(cμ), the utilization of each server.</summary>
    public double Utilization => ArrivalRate / (Servers * ServiceRate);

    /// <summary>Whether ρ &lt; 1, so that a steady state exists.</summary>
    public bool IsStable => Drain > 0;

    /// <summary>θ = cμ − λ, the rate at which a full system drains, with one rounding (a fused multiply-add), so that
    /// c − a = θ/μ keeps full relative precision as ρ → 1 instead of inheriting the rounding of a = λ/μ.</summary>
    private double Drain => Math.FusedMultiplyAdd(Servers, ServiceRate, -ArrivalRate);

    /// <summary>c − a, formed from <see cref="Drain"/>.</summary>
    private double Slack => Drain / ServiceRate;

    /// <summary>The Erlang C probability that an arrival waits; 1 when unstable.</summary>
    public double ProbabilityOfWaiting => ErlangC.Compute(Servers, OfferedLoad);

    /// <summary>Computes every steady-state figure.</summary>
    /// <returns>The metrics; waits and lengths are infinite when the queue is unstable.</returns>
    public QueueMetrics Evaluate()
    {
        double load = OfferedLoad;
        int c = Servers;
        double drain = Drain;
        if (!(drain > 0))
        {
            return QueueMetrics.Unstable(Utilization, ArrivalRate);
        }

        double slack = drain / ServiceRate;
        double waiting = ErlangC.FromBlocking(ErlangB.Compute(c, load), c, load, slack);
        // Wq = C / (cμ − λ), Lq = C·a/(c − a) = λ·Wq (Little).
        double meanWait = waiting / drain;
        double meanQueue = waiting * load / slack;
        return new QueueMetrics
        {
            IsStable = true,
            Utilization = load / c,
            ProbabilityOfWaiting = waiting,
            BlockingProbability = 0,
            EffectiveArrivalRate = ArrivalRate,
            MeanWaitingTime = meanWait,
            MeanResponseTime = meanWait + 1 / ServiceRate,
            MeanQueueLength = meanQueue,
            MeanNumberInSystem = meanQueue + load,
        };
    }

    /// <summary>P(Wq &gt; t): the probability that an arrival waits longer than <paramref name="time"/> for a server.</summary>
    /// <param name="time">The wait threshold t: finite, ≥ 0.</param>
    /// <returns>C·exp(−(cμ − λ)t); 1 when the queue is unstable.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is negative, NaN or infinite.</exception>
    public double WaitingTimeExceedanceProbability(double time)
    {
        Guard.FiniteNonNegative(time);
        double drain = Drain;
        if (!(drain > 0))
        {
            return 1;
        }

        double load = OfferedLoad;
        return ErlangC.FromBlocking(ErlangB.Compute(Servers, load), Servers, load, drain / ServiceRate) * Math.Exp(-drain * time);
    }

    /// <summary>The service level P(Wq ≤ t): the probability that an arrival starts service within <paramref name="time"/>.</summary>
    /// <param name="time">The wait threshold t: finite, ≥ 0.</param>
    /// <returns>1 − C·exp(−(cμ − λ)t), computed without cancellation; 0 when the queue is unstable.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is negative, NaN or infinite.</exception>
    public double ServiceLevel(double time)
    {
        Guard.FiniteNonNegative(time);
        double drain = Drain;
        if (!(drain > 0))
        {
            return 0;
        }

        double load = OfferedLoad;
        double blocking = ErlangB.Compute(Servers, load);
        return ServiceLevelFromBlocking(blocking, Servers, load, drain / ServiceRate, ServiceRate, time);
    }

    /// <summary>(1 − C) + C·(1 − e^(−θt)) with θ = μ(c − a); both parts are non-negative, so nothing cancels.</summary>
    internal static double ServiceLevelFromBlocking(double blocking, int servers, double load, double slack, double serviceRate, double time)
    {
        double waiting = ErlangC.FromBlocking(blocking, servers, load, slack);
        double notWaiting = ErlangC.ComplementFromBlocking(blocking, load, slack);
        return notWaiting - waiting * Numerics.ExpM1(-serviceRate * slack * time);
    }

    /// <summary>The <paramref name="probability"/>-quantile of the waiting time Wq.</summary>
    /// <param name="probability">p in [0, 1).</param>
    /// <returns>The smallest t with P(Wq ≤ t) ≥ p: 0 when at least that share starts at once; infinite when unstable.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1) or NaN.</exception>
    public double WaitingTimeQuantile(double probability)
    {
        if (!(probability >= 0 && probability < 1))
        {
            Guard.ThrowOutOfRange(nameof(probability), probability, "a probability in [0, 1)");
        }

        double drain = Drain;
        if (!(drain > 0))
        {
            return double.PositiveInfinity;
        }

        double load = OfferedLoad;
        double slack = drain / ServiceRate;
        double blocking = ErlangB.Compute(Servers, load);
        double waiting = ErlangC.FromBlocking(blocking, Servers, load, slack);
        double notWaiting = ErlangC.ComplementFromBlocking(blocking, load, slack);
        if (notWaiting >= probability)
        {
            return 0;
        }

        // C·e^(−θt) = 1 − p.
        return (Math.Log(waiting) - Math.Log(1 - probability)) / drain;
    }

    /// <summary>P(T &gt; t) for the response time T = Wq + S (waiting plus an exponential service).</summary>
    /// <param name="time">The threshold t: finite, ≥ 0.</param>
    /// <returns>The exceedance probability; 1 when the queue is unstable.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is negative, NaN or infinite.</exception>
    public double ResponseTimeExceedanceProbability(double time)
    {
        Guard.FiniteNonNegative(time);
        double drain = Drain;
        if (!(drain > 0))
        {
            return 1;
        }

        double load = OfferedLoad;
        double slack = drain / ServiceRate;
        double blocking = ErlangB.Compute(Servers, load);
        return ResponseTimeExceedance(
            ErlangC.FromBlocking(blocking, Servers, load, slack),
            ErlangC.ComplementFromBlocking(blocking, load, slack),
            drain,
            ServiceRate,
            time);
    }

    /// <summary>The <paramref name="probability"/>-quantile of the response time T = Wq + S.</summary>
    /// <param name="probability">p in [0, 1).</param>
    /// <returns>The t with P(T ≤ t) = p, to within a few units in the last place; infinite when unstable.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1) or NaN.</exception>
    public double ResponseTimeQuantile(double probability)
    {
        if (!(probability >= 0 && probability < 1))
        {
            Guard.ThrowOutOfRange(nameof(probability), probability, "a probability in [0, 1)");
        }

        double drain = Drain;
        if (!(drain > 0))
        {
            return double.PositiveInfinity;
        }

        if (probability == 0)
        {
            return 0;
        }

        double load = OfferedLoad;
        double slack = drain / ServiceRate;
        double blocking = ErlangB.Compute(Servers, load);
        double waiting = ErlangC.FromBlocking(blocking, Servers, load, slack);
        double notWaiting = ErlangC.ComplementFromBlocking(blocking, load, slack);
        double target = 1 - probability;

        // P(T > t) is continuous and strictly decreasing from 1; bracket, then bisect to full precision.
        double low = 0;
        double high = (Math.Log(1 / target) + 1) / Math.Min(drain, ServiceRate);
        while (ResponseTimeExceedance(waiting, notWaiting, drain, ServiceRate, high) > target)
        {
            low = high;
            high *= 2;
        }

        for (int i = 0; i < 200; i++)
        {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high)
            {
                break;
            }

            if (ResponseTimeExceedance(waiting, notWaiting, drain, ServiceRate, middle) > target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>
    /// P(T &gt; t) = (1 − C)e^(−μt) + C·P(E_θ + E_μ &gt; t), where the hypoexponential tail is written as
    /// e^(−lt)[1 + l(1 − e^(−(h−l)t))/(h − l)] with l = min(θ, μ), h = max(θ, μ), so it neither overflows nor cancels.
    /// </summary>
    internal static double ResponseTimeExceedance(double waiting, double notWaiting, double drain, double serviceRate, double time)
    {
        double low = Math.Min(drain, serviceRate);
        double high = Math.Max(drain, serviceRate);
        double gap = high - low;
        double spread = gap == 0 ? time : -Numerics.ExpM1(-gap * time) / gap;
        double hypoexponential = Math.Exp(-low * time) * (1 + low * spread);
        return notWaiting * Math.Exp(-serviceRate * time) + waiting * hypoexponential;
    }

    /// <inheritdoc />
    public override string ToString() => $"M/M/{Servers}(λ={ArrivalRate}, μ={ServiceRate})";
}
