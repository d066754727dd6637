using Aios.Queueing;
using Aios.Serving.Simulation;

namespace Aios.Serving.Planning;

/// <summary>
/// A queueing model of R continuously batched replicas behind one FCFS queue: an M/G/c (G/G/c) queue whose c = R·B
/// servers are the batch slots, used by the planner and by the Aios autoscaler.
/// </summary>
/// <remarks>
/// <para><b>The slot model.</b> A replica batching B sequences spends, per request, its prefill p = P/r (r the prefill
/// rate) and a share of the decode steps; a full batch makes B tokens per step of t(B) = a + c·B. In time T a replica
/// serving X requests/s spends X·T·E[p] in prefills and the rest in steps, so X = 1/(E[p] + (E[O] − 1)·t(B)/B): it
/// behaves as B servers whose service time is S = B·E[p] + (E[O] − 1)·t(B), with squared coefficient of variation
/// cs² = (B·Var(p) + t(B)²·Var(O))/S² (the B prefills a slot waits through are independent). The queue's mean wait is
/// the Allen–Cunneen approximation of G/G/c (<see cref="GGcQueue"/>), its tail P(Wq &gt; t) ≈ C·exp(−t·(cμ − λ)·2/(ca² + cs²))
/// (the M/M/c tail with the mean scaled the same way; C the Erlang C probability).</para>
/// <para><b>Where it is exact and where approximate.</b> With B = 1 the replay is exactly an M/G/c queue (service
/// p + (O − 1)·t(1)) and the model is Allen–Cunneen's, exact for exponential service. With B &gt; 1 it is approximate:
/// it prices every step at a full batch (conservative at low load), ignores that an arrival waits for the running
/// iteration to end (added as half a step to the mean, a full step to quantiles), and the KV cache enters only through
/// the effective batch ⌊KV tokens/(E[P] + E[O])⌋. Latency quantiles add the wait's quantile to the mean prefill and the
/// mean wait to the prefill's quantile and take the larger (the sum of two quantiles would overstate). Check a plan
/// with <see cref="ServingReplay"/>, as <see cref="DeploymentPlanner"/> does.</para>
/// </remarks>
public sealed class ReplicaQueueModel
{
    private readonly TokenDistribution _prompt;
    private readonly TokenDistribution _output;
    private readonly double _meanPrefill;
    private readonly double _step;

    /// <summary>Creates the model of replicas of <paramref name="profile"/> batching at most <paramref name="batchLimit"/> sequences.</summary>
    /// <param name="profile">The replica profile.</param>
    /// <param name="batchLimit">The batch limit: ≥ 1 (the profile's maximum and the KV cache may lower it).</param>
    /// <param name="promptTokens">The prompt token distribution.</param>
    /// <param name="outputTokens">The output token distribution.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchLimit"/> is below 1.</exception>
    public ReplicaQueueModel(ReplicaProfile profile, int batchLimit, TokenDistribution promptTokens, TokenDistribution outputTokens)
        : this(profile, batchLimit, promptTokens, outputTokens, priceStepsAtOccupancy: false)
    {
    }

    /// <summary>
    /// Creates the model of replicas of <paramref name="profile"/> batching at most <paramref name="batchLimit"/>
    /// sequences, pricing each decode step at a full batch or, with <paramref name="priceStepsAtOccupancy"/>, at the
    /// expected occupancy of the rate and replicas predicted (see <see cref="ExpectedOccupancy"/>).
    /// </summary>
    /// <param name="profile">The replica profile.</param>
    /// <param name="batchLimit">The batch limit: ≥ 1 (the profile's maximum and the KV cache may lower it).</param>
    /// <param name="promptTokens">The prompt token distribution.</param>
    /// <param name="outputTokens">The output token distribution.</param>
    /// <param name="priceStepsAtOccupancy">Whether a step is priced at the expected occupancy rather than a full batch.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchLimit"/> is below 1.</exception>
    public ReplicaQueueModel(ReplicaProfile profile, int batchLimit, TokenDistribution promptTokens, TokenDistribution outputTokens, bool priceStepsAtOccupancy)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(outputTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchLimit, 1);
        Profile = profile;
        _prompt = promptTokens;
        _output = outputTokens;
        double meanSequence = promptTokens.Mean + outputTokens.Mean;
        long kvBatch = (long)Math.Floor(profile.KvCacheTokens / meanSequence);
        EffectiveBatch = (int)Math.Max(1, Math.Min(Math.Min(batchLimit, profile.MaxBatchSize), kvBatch));
        _meanPrefill = profile.PrefillSeconds(promptTokens.Mean);
        _step = profile.DecodeStepSeconds(EffectiveBatch);
        int b = EffectiveBatch;
        SlotServiceSeconds = (b * _meanPrefill) + ((outputTokens.Mean - 1) * _step);
        double prefillVariance = _meanPrefill * _meanPrefill * promptTokens.SquaredCoefficientOfVariation;
        double outputVariance = outputTokens.Mean * outputTokens.Mean * outputTokens.SquaredCoefficientOfVariation;
        ServiceScv = ((b * prefillVariance) + (_step * _step * outputVariance)) / (SlotServiceSeconds * SlotServiceSeconds);
        PricesStepsAtOccupancy = priceStepsAtOccupancy;
    }

    /// <summary>Gets whether decode steps are priced at the expected occupancy (true) or at a full batch (false, conservative at partial load).</summary>
    public bool PricesStepsAtOccupancy { get; }

    /// <summary>
    /// The expected sequences in flight per replica at <paramref name="arrivalRate"/> over <paramref name="replicas"/>:
    /// Little's law's fixed point b = x·(E[p] + k·t(b)) with x = λ/R the replica's rate, t(b) = a + c·b the step and
    /// k = (E[O] − 1)/(1 − x·E[p]) the steps a sequence decodes through, each stretched by the prefills run between
    /// steps (x·E[p] of the replica's time): b = x·(E[p] + k·a)/(1 − x·k·c), capped at the effective batch (and the batch where it has no
    /// finite solution), at least 1.
    /// </summary>
    /// <param name="arrivalRate">Requests per second: finite, ≥ 0.</param>
    /// <param name="replicas">The replicas: ≥ 1.</param>
    /// <returns>The occupancy in [1, <see cref="EffectiveBatch"/>].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public double ExpectedOccupancy(double arrivalRate, int replicas)
    {
        Guard.FiniteNonNegative(arrivalRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        double x = arrivalRate / replicas;
        double prefillShare = x * _meanPrefill;
        if (prefillShare >= 1)
        {
            return EffectiveBatch;
        }

        // Each decode step also waits for the prefills run between steps: k steps' worth of time per token.
        double k = Math.Max(0, _output.Mean - 1) / (1 - prefillShare);
        double denominator = 1 - (x * k * Profile.DecodeStepPerSequenceSeconds);
        double occupancy = denominator > 0 ? x * (_meanPrefill + (k * Profile.DecodeStepBaseSeconds)) / denominator : EffectiveBatch;
        return Math.Clamp(occupancy, 1, EffectiveBatch);
    }

    /// <summary>The slot service time, its SCV and the step priced for a rate and replicas.</summary>
    private (double Service, double Scv, double Step) Slot(double arrivalRate, int replicas)
    {
        if (!PricesStepsAtOccupancy || EffectiveBatch == 1)
        {
            return (SlotServiceSeconds, ServiceScv, _step);
        }

        double step = Profile.DecodeStepBaseSeconds + (Profile.DecodeStepPerSequenceSeconds * ExpectedOccupancy(arrivalRate, replicas));
        int b = EffectiveBatch;
        double service = (b * _meanPrefill) + ((_output.Mean - 1) * step);
        double prefillVariance = _meanPrefill * _meanPrefill * _prompt.SquaredCoefficientOfVariation;
        double outputVariance = _output.Mean * _output.Mean * _output.SquaredCoefficientOfVariation;
        return (service, ((b * prefillVariance) + (step * step * outputVariance)) / (service * service), step);
    }

    /// <summary>Gets the replica profile.</summary>
    public ReplicaProfile Profile { get; }

    /// <summary>Gets the batch B the model uses: the limit, capped by the profile and by the KV cache at mean request sizes.</summary>
    public int EffectiveBatch { get; }

    /// <summary>Gets S, the service time of one batch slot per request, seconds.</summary>
    public double SlotServiceSeconds { get; }

    /// <summary>Gets cs², the slot service time's squared coefficient of variation.</summary>
    public double ServiceScv { get; }

    /// <summary>Gets the requests per second one replica completes with a full batch, B/S.</summary>
    public double ReplicaThroughput => EffectiveBatch / SlotServiceSeconds;

    /// <summary>Predicts the queue of <paramref name="replicas"/> replicas at <paramref name="arrivalRate"/>.</summary>
    /// <param name="objective">The objective whose statistic to predict.</param>
    /// <param name="arrivalRate">Requests per second: finite, ≥ 0.</param>
    /// <param name="replicas">The replicas: ≥ 1.</param>
    /// <param name="arrivalScv">The interarrival times' squared coefficient of variation (1 for Poisson): finite, ≥ 0.</param>
    /// <returns>The prediction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public ReplicaQueuePrediction Predict(LatencyObjective objective, double arrivalRate, int replicas, double arrivalScv = 1)
    {
        Guard.FiniteNonNegative(arrivalRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        Guard.FiniteNonNegative(arrivalScv);
        int servers = (int)Math.Min(int.MaxValue, (long)replicas * EffectiveBatch);
        (double service, double serviceScv, double step) = Slot(arrivalRate, replicas);
        double serviceRate = 1 / service;
        double utilization = arrivalRate / (servers * serviceRate);
        if (arrivalRate == 0)
        {
            return Result(objective, 0, replicas, utilization, 0, 0, step, double.PositiveInfinity);
        }

        var queue = new GGcQueue(arrivalRate, serviceRate, servers, arrivalScv, serviceScv);
        if (!queue.IsStable)
        {
            return new ReplicaQueuePrediction
            {
                Replicas = replicas,
                ArrivalRate = arrivalRate,
                IsStable = false,
                Utilization = utilization,
                ProbabilityOfWaiting = 1,
                MeanWaitSeconds = double.PositiveInfinity,
                ObjectiveValueSeconds = double.PositiveInfinity,
            };
        }

        double meanWait = queue.Evaluate().MeanWaitingTime;
        double waiting = ErlangC.ProbabilityOfWaiting(servers, arrivalRate / serviceRate);
        double decay = (servers * serviceRate) - arrivalRate;
        double tailRate = decay * 2 / Math.Max(arrivalScv + serviceScv, 1e-9);
        return Result(objective, arrivalRate, replicas, utilization, waiting, meanWait, step, tailRate);
    }

    /// <summary>
    /// The fewest replicas whose predicted statistic meets <paramref name="objective"/> at <paramref name="arrivalRate"/>,
    /// or false when none up to <paramref name="maxReplicas"/> does (for example when a prefill alone exceeds the bound).
    /// </summary>
    /// <param name="objective">The objective.</param>
    /// <param name="arrivalRate">Requests per second: finite, ≥ 0.</param>
    /// <param name="arrivalScv">The interarrival SCV: finite, ≥ 0.</param>
    /// <param name="maxReplicas">The most replicas to consider: ≥ 1.</param>
    /// <param name="replicas">The fewest replicas that meet the objective.</param>
    /// <returns>Whether any number up to <paramref name="maxReplicas"/> meets it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public bool TryMinimumReplicas(LatencyObjective objective, double arrivalRate, double arrivalScv, int maxReplicas, out int replicas)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FiniteNonNegative(arrivalScv);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReplicas, 1);
        replicas = 0;
        if (NoWaitValue(objective, arrivalRate, int.MaxValue) > objective.ThresholdSeconds)
        {
            return false;
        }

        // Stable from here on (priced at the smallest step when steps follow the occupancy; the search is monotone).
        double lowestService = PricesStepsAtOccupancy ? Slot(0, 1).Service : SlotServiceSeconds;
        long stable = Math.Max(1, (long)Math.Floor(arrivalRate * lowestService / EffectiveBatch) + 1);
        if (stable > maxReplicas)
        {
            return false;
        }

        int low = (int)stable;
        if (Meets(objective, arrivalRate, low, arrivalScv))
        {
            replicas = low;
            return true;
        }

        // Exponential then binary search: the predicted statistic falls as replicas are added.
        int high = low;
        do
        {
            low = high;
            high = (int)Math.Min(maxReplicas, (long)high * 2);
            if (high == low)
            {
                return false;
            }
        }
        while (!Meets(objective, arrivalRate, high, arrivalScv));

        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            if (Meets(objective, arrivalRate, middle, arrivalScv))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        replicas = high;
        return true;
    }

    private bool Meets(LatencyObjective objective, double rate, int replicas, double scv) =>
        Predict(objective, rate, replicas, scv).ObjectiveValueSeconds <= objective.ThresholdSeconds;

    private double NoWaitValue(LatencyObjective objective, double rate, int replicas) =>
        Result(objective, rate, replicas, 0, 0, 0, Slot(0, 1).Step, double.PositiveInfinity).ObjectiveValueSeconds;

    private ReplicaQueuePrediction Result(LatencyObjective objective, double rate, int replicas, double utilization, double waiting, double meanWait, double step, double tailRate)
    {
        bool batched = EffectiveBatch > 1;
        double residualMean = batched ? step / 2 : 0;
        double residualQuantile = batched ? step : 0;
        double value;
        if (objective.Percentile is { } p)
        {
            double tail = 1 - p;
            double waitQuantile = waiting <= tail || double.IsPositiveInfinity(tailRate) ? 0 : Math.Log(waiting / tail) / tailRate;
            double promptQuantile = Profile.PrefillSeconds(_prompt.Quantile(p));
            double outputQuantile = _output.Quantile(p);
            value = objective.Metric switch
            {
                LatencyMetric.Wait => waitQuantile + residualQuantile,
                LatencyMetric.TimeToFirstToken => Math.Max(waitQuantile + _meanPrefill, meanWait + promptQuantile) + residualQuantile + (batched ? step : 0),
                _ => Math.Max(waitQuantile + _meanPrefill + ((_output.Mean - 1) * DecodeSeconds(rate, replicas)), meanWait + promptQuantile + ((outputQuantile - 1) * DecodeSeconds(rate, replicas))) + residualQuantile,
            };
        }
        else
        {
            value = objective.Metric switch
            {
                LatencyMetric.Wait => meanWait + residualMean,
                LatencyMetric.TimeToFirstToken => meanWait + residualMean + _meanPrefill + (batched ? step : 0),
                _ => meanWait + residualMean + _meanPrefill + ((_output.Mean - 1) * DecodeSeconds(rate, replicas)),
            };
        }

        return new ReplicaQueuePrediction
        {
            Replicas = replicas,
            ArrivalRate = rate,
            IsStable = true,
            Utilization = utilization,
            ProbabilityOfWaiting = waiting,
            MeanWaitSeconds = meanWait,
            ObjectiveValueSeconds = value,
        };
    }

    /// <summary>The time between two tokens of a sequence: a step, lengthened by the prefills run between steps.</summary>
    private double DecodeSeconds(double rate, int replicas)
    {
        double prefillShare = Math.Min(0.95, rate / replicas * _meanPrefill);
        double step = Slot(rate, replicas).Step;
        return EffectiveBatch > 1 ? step / (1 - prefillShare) : step;
    }
}
