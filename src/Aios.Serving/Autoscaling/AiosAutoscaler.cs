using Aios.Serving.Planning;

namespace Aios.Serving.Autoscaling;

/// <summary>
/// Re-plans every period from the queueing model (<see cref="ReplicaQueueModel"/>, decode steps priced at the expected
/// occupancy): the smoothed observed rate and interarrival variability, a linear forecast over the cold-start horizon
/// with a Poisson noise margin, the burst level while traffic is over-dispersed, the backlog, a bounded calibration of
/// the planning rate from observed latency (both ways), and hysteresis on scale-down (the burst look-back while bursty).
/// </summary>
internal sealed class AiosAutoscaler : Autoscaler
{
    private readonly AiosAutoscalerOptions _options;
    private readonly ReplicaQueueModel _model;
    private readonly LatencyObjective _objective;
    private readonly double _horizon;
    private readonly double _scaleDownDelay;
    private readonly Queue<(double Time, double Rate)> _rates = new();
    private readonly Queue<(double Time, int Replicas)> _recommendations = new();
    private readonly Queue<int> _burstCounts = new();
    private double _burstBucketStart;
    private int _burstBucketCount;
    private double _rate = double.NaN;
    private double _scv = 1;
    private double _correction = 1;
    private double _predictedWait = double.NaN;

    // Per period: up 5 % on a miss, relax 2 % back to 1, down 0.5 % while there is slack (a half-life of about 11 minutes at 5 s).
    private const double CorrectionUp = 1.05;
    private const double CorrectionRelax = 0.98;
    private const double CorrectionDown = 0.995;

    public AiosAutoscaler(AiosAutoscalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.GetErrors());
        _options = options.Snapshot();
        _objective = _options.Objective!.Value;
        _model = new ReplicaQueueModel(_options.Profile!, _options.BatchLimit, _options.PromptTokens!, _options.OutputTokens!, _options.PriceStepsAtOccupancy);
        _horizon = _options.ForecastHorizonSeconds ?? (_options.Profile!.ColdStartSeconds + _options.PeriodSeconds);
        _scaleDownDelay = _options.ScaleDownDelaySeconds ?? Math.Max(60, 1.5 * _options.Profile!.ColdStartSeconds);

        // The initial replicas count as a recommendation at time 0, so the first periods cannot release them.
        _recommendations.Enqueue((0, _options.InitialReplicas));
    }

    public override string Name => "aios";

    public override double PeriodSeconds => _options.PeriodSeconds;

    public override int InitialReplicas => _options.InitialReplicas;

    public override double PredictedWaitSeconds => _predictedWait;

    /// <summary>The capacity correction the drift feedback applies (1 = the model as is; for tests).</summary>
    internal double Correction => _correction;

    public override int Recommend(in DeploymentObservation observation)
    {
        double now = observation.Time;
        double observed = observation.ArrivalRate;
        double alpha = 1 - Math.Exp(-observation.IntervalSeconds * Math.Log(2) / _options.RateHalfLifeSeconds);
        _rate = double.IsNaN(_rate) ? observed : _rate + (alpha * (observed - _rate));
        if (!double.IsNaN(observation.ArrivalScv))
        {
            _scv += alpha * (Math.Clamp(observation.ArrivalScv, 0.25, 8) - _scv);
        }

        _rates.Enqueue((now, observed));
        while (_rates.Count > 0 && _rates.Peek().Time < now - _options.TrendWindowSeconds)
        {
            _rates.Dequeue();
        }

        int current = observation.ReadyReplicas + observation.PendingReplicas;
        UpdateCorrection(observation);

        // The rate a replica asked for now will meet: a linear trend over the cold-start horizon (never below the
        // smoothed rate), plus a margin for the Poisson noise of a minute's count.
        // Bursty traffic (see BurstRate) is planned for its largest recent burst instead: a trend fitted inside a burst
        // shorter than the cold start would ask for replicas that arrive after it has passed.
        double burst = BurstRate(observation);
        double forecast = burst > 0 ? Math.Max(_rate, burst) : Math.Max(_rate, _rate + (Slope() * _horizon));
        double margin = _options.NoiseMargin * Math.Sqrt(Math.Max(forecast, 0) / 60);
        double planningRate = (forecast + margin) * (burst > 0 ? 1 : _correction);
        int desired = Replicas(planningRate);

        // A backlog the replicas must clear: the replica-seconds it holds, spread over the objective's bound or the cold
        // start, whichever is longer (whole replicas only: a few requests waiting for the next iteration are no backlog).
        if (observation.QueueLength > 0)
        {
            double backlogSeconds = observation.QueueLength * _model.SlotServiceSeconds / _model.EffectiveBatch;
            desired = Math.Max(desired, Replicas(_rate * _correction) + (int)Math.Floor(backlogSeconds / Math.Max(_objective.ThresholdSeconds, _options.Profile!.ColdStartSeconds)));
        }

        desired = Math.Clamp(desired, _options.MinReplicas, _options.MaxReplicas);

        // Hysteresis: release replicas only when every recommendation in the delay wanted fewer.
        // While the traffic is over-dispersed the hold is the burst look-back: bursts that end within a cold start
        // cannot be chased (releasing between them only brings the capacity back too late), so the level that served
        // the recent bursts is held until they stop.
        double hold = burst > 0 ? Math.Max(_scaleDownDelay, _options.BurstLookbackSeconds) : _scaleDownDelay;
        _recommendations.Enqueue((now, desired));
        while (_recommendations.Count > 0 && _recommendations.Peek().Time < now - Math.Max(_scaleDownDelay, _options.BurstLookbackSeconds))
        {
            _recommendations.Dequeue();
        }

        if (desired < current)
        {
            int highest = desired;
            foreach ((double time, int replicas) in _recommendations)
            {
                if (time >= now - hold)
                {
                    highest = Math.Max(highest, replicas);
                }
            }

            desired = Math.Min(current, highest);
        }

        _predictedWait = _rate > 0 ? _model.Predict(_objective, _rate, Math.Max(1, desired), _scv).MeanWaitSeconds : 0;
        if (double.IsInfinity(_predictedWait))
        {
            _predictedWait = double.NaN;
        }

        return desired;
    }

    /// <summary>
    /// The rate bursts call for: when the 30-second counts in the look-back are over-dispersed (bursts that outrun a cold
    /// start), the largest of them as a rate; Poisson-like traffic, at a steady or smoothly moving rate, gives 0.
    /// </summary>
    private double BurstRate(in DeploymentObservation observation)
    {
        const double Bucket = 30;
        if (_options.BurstLookbackSeconds <= 0)
        {
            return 0;
        }

        _burstBucketCount += observation.Arrivals;
        if (observation.Time - _burstBucketStart >= Bucket)
        {
            _burstCounts.Enqueue(_burstBucketCount);
            _burstBucketCount = 0;
            _burstBucketStart = observation.Time;
            while (_burstCounts.Count > _options.BurstLookbackSeconds / Bucket)
            {
                _burstCounts.Dequeue();
            }
        }

        int n = _burstCounts.Count;
        if (n < 4)
        {
            return 0;
        }

        // The index of dispersion from consecutive differences (an Allan variance): E[(N_i − N_{i−1})²]/2 is the counts'
        // variance for Poisson traffic at any slowly moving rate, so a smooth rise or fall (which a trend follows) does
        // not count as a burst; bursts shorter than the look-back do.
        double mean = 0, differences = 0;
        int highest = 0, previous = -1;
        foreach (int count in _burstCounts)
        {
            mean += count;
            highest = Math.Max(highest, count);
            if (previous >= 0)
            {
                differences += (double)(count - previous) * (count - previous);
            }

            previous = count;
        }

        mean /= n;
        double variance = differences / (2.0 * (n - 1));
        if (mean <= 0 || variance / mean < _options.BurstDispersionThreshold)
        {
            return 0;
        }

        // Bursts that come and go faster than a replica starts cannot be followed: keep the capacity the largest recent
        // burst needed (what provisioning for the peak does, but only while bursts keep coming).
        return highest / Bucket;
    }

    /// <summary>The model's replicas for a rate; where none meets the objective (a prefill alone exceeds it), those that keep the batch slots 70 % busy.</summary>
    private int Replicas(double rate) =>
        _model.TryMinimumReplicas(_objective, Math.Max(0, rate), _scv, _options.MaxReplicas, out int replicas)
            ? replicas
            : (int)Math.Clamp(Math.Ceiling(Math.Max(0, rate) / (0.7 * _model.ReplicaThroughput)), 1, _options.MaxReplicas);

    private void UpdateCorrection(in DeploymentObservation observation)
    {
        // Online calibration, both ways, bounded and slow. Up: when the observed latency of the objective's metric
        // exceeds the bound with queueing a material part of it (more replicas do not shorten a long prefill), or the
        // monitor reports waits well above the model's, plan for more load than measured. Down: while the observed p99
        // stays under half the bound with no queue, the model is pessimistic here; plan for less, down to the floor.
        bool missed = observation.P99TimeToFirstTokenSeconds > _objective.ThresholdSeconds && observation.MeanWaitSeconds > _objective.ThresholdSeconds / 4;
        bool drifting = observation.IsDrifting && observation.WaitDrift > 1;
        // Misses while replicas are still starting are the cold start's lag, not the model's error: not counted.
        if ((missed || drifting) && observation.ReadyReplicas > 0 && observation.PendingReplicas == 0)
        {
            _correction = Math.Min(_options.CalibrationMax, Math.Max(1, _correction) * CorrectionUp);
        }
        else if (_correction > 1)
        {
            _correction = Math.Max(1, _correction * CorrectionRelax);
        }
        else if (observation.P99TimeToFirstTokenSeconds < _objective.ThresholdSeconds * _options.CalibrationSlack && observation.QueueLength <= observation.ReadyReplicas && observation.PendingReplicas == 0)
        {
            _correction = Math.Max(_options.CalibrationMin, _correction * CorrectionDown);
        }
        else if (observation.P99TimeToFirstTokenSeconds > _objective.ThresholdSeconds * _options.CalibrationSlack)
        {
            _correction = Math.Min(1, _correction / CorrectionDown);
        }
    }

    private double Slope()
    {
        int n = _rates.Count;
        if (n < 4)
        {
            return 0;
        }

        double meanTime = 0, meanRate = 0;
        foreach ((double time, double rate) in _rates)
        {
            meanTime += time;
            meanRate += rate;
        }

        meanTime /= n;
        meanRate /= n;
        double covariance = 0, variance = 0;
        foreach ((double time, double rate) in _rates)
        {
            covariance += (time - meanTime) * (rate - meanRate);
            variance += (time - meanTime) * (time - meanTime);
        }

        return variance > 0 ? covariance / variance : 0;
    }
}
