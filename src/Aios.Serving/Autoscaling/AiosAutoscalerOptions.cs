using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Serving.Autoscaling;

/// <summary>
/// Options of the Aios autoscaler: the queueing model's inputs (profile, batch limit, request sizes, objective) and how
/// it reads the traffic (rate smoothing, trend, forecast over the cold start, noise margin) and scales down (hysteresis).
/// </summary>
public sealed class AiosAutoscalerOptions
{
    /// <summary>Gets or sets the replica profile (required).</summary>
    public ReplicaProfile? Profile { get; set; }

    /// <summary>Gets or sets the batch limit the replicas run with; default 256.</summary>
    public int BatchLimit { get; set; } = 256;

    /// <summary>Gets or sets the prompt token distribution (required).</summary>
    public TokenDistribution? PromptTokens { get; set; }

    /// <summary>Gets or sets the output token distribution (required).</summary>
    public TokenDistribution? OutputTokens { get; set; }

    /// <summary>Gets or sets the objective to keep (required).</summary>
    public LatencyObjective? Objective { get; set; }

    /// <summary>Gets or sets whether the queueing model prices decode steps at the expected occupancy rather than a full batch (<see cref="ReplicaQueueModel.ExpectedOccupancy"/>); default true.</summary>
    public bool PriceStepsAtOccupancy { get; set; } = true;

    /// <summary>Gets or sets the decision period in seconds; default 5.</summary>
    public double PeriodSeconds { get; set; } = 5;

    /// <summary>Gets or sets the half-life of the smoothed arrival rate in seconds; default 30.</summary>
    public double RateHalfLifeSeconds { get; set; } = 30;

    /// <summary>Gets or sets the window of the rate's trend (least squares over the periods' rates) in seconds; default 120.</summary>
    public double TrendWindowSeconds { get; set; } = 120;

    /// <summary>Gets or sets the forecast horizon in seconds; null (the default) uses the profile's cold start plus one period, the time a replica asked for now takes to serve.</summary>
    public double? ForecastHorizonSeconds { get; set; }

    /// <summary>Gets or sets the noise margin in standard deviations of a Poisson count over a minute added to the forecast rate; default 1.64 (95 % one-sided).</summary>
    public double NoiseMargin { get; set; } = 1.64;

    /// <summary>
    /// Gets or sets the look-back over which bursts are remembered, seconds; default 600. When the counts of 30-second
    /// windows over it are over-dispersed (index of dispersion above <see cref="BurstDispersionThreshold"/>: bursts the
    /// cold start cannot follow), the planning rate is at least the largest of them (the capacity the largest recent
    /// burst needed) and replicas are released only when every recommendation of the look-back wanted fewer; 0 turns it off.
    /// </summary>
    public double BurstLookbackSeconds { get; set; } = 600;

    /// <summary>Gets or sets the index of dispersion (of 30-second counts, from consecutive differences: Σ(Nᵢ − Nᵢ₋₁)²/(2(n − 1)·mean), 1 for Poisson at a steady or slowly moving rate) above which traffic counts as bursty; default 10 (a smooth trend stays near 1, batch-job bursts far above).</summary>
    public double BurstDispersionThreshold { get; set; } = 10;

    /// <summary>Gets or sets how long a lower recommendation must last before replicas are released (the highest within it is kept), seconds; null (the default) uses 1.5 times the cold start, at least 60.</summary>
    public double? ScaleDownDelaySeconds { get; set; }

    /// <summary>Gets or sets the lowest capacity correction the online calibration may reach (planning for this share of the measured load while the observed latency has slack); default 1 (off: on the out-of-sample check, calibrating down on slack walked the deployment to the latency cliff).</summary>
    public double CalibrationMin { get; set; } = 1;

    /// <summary>Gets or sets the highest capacity correction the online calibration may reach on misses; default 1.5, 1 turns calibrating up off.</summary>
    public double CalibrationMax { get; set; } = 1.5;

    /// <summary>Gets or sets the share of the objective's bound under which the observed p99 counts as slack (the calibration then lowers the correction); default 0.5.</summary>
    public double CalibrationSlack { get; set; } = 0.5;

    /// <summary>Gets or sets the replicas to start with; default 1.</summary>
    public int InitialReplicas { get; set; } = 1;

    /// <summary>Gets or sets the fewest replicas; default 1.</summary>
    public int MinReplicas { get; set; } = 1;

    /// <summary>Gets or sets the most replicas; default 1,000.</summary>
    public int MaxReplicas { get; set; } = 1000;

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Profile is null) { yield return new ArgumentNullException(nameof(Profile), $"{nameof(Profile)} must be a replica profile."); }
        if (PromptTokens is null) { yield return new ArgumentNullException(nameof(PromptTokens), $"{nameof(PromptTokens)} must be a token distribution."); }
        if (OutputTokens is null) { yield return new ArgumentNullException(nameof(OutputTokens), $"{nameof(OutputTokens)} must be a token distribution."); }
        if (Objective is null) { yield return new ArgumentNullException(nameof(Objective), $"{nameof(Objective)} must be a latency objective."); }
        if (BatchLimit < 1) { yield return new ArgumentOutOfRangeException(nameof(BatchLimit), BatchLimit, $"{nameof(BatchLimit)} must be >= 1."); }
        if (!(PeriodSeconds > 0) || double.IsInfinity(PeriodSeconds)) { yield return new ArgumentOutOfRangeException(nameof(PeriodSeconds), PeriodSeconds, $"{nameof(PeriodSeconds)} must be a finite number > 0."); }
        if (!(RateHalfLifeSeconds > 0) || double.IsInfinity(RateHalfLifeSeconds)) { yield return new ArgumentOutOfRangeException(nameof(RateHalfLifeSeconds), RateHalfLifeSeconds, $"{nameof(RateHalfLifeSeconds)} must be a finite number > 0."); }
        if (!(TrendWindowSeconds > 0) || double.IsInfinity(TrendWindowSeconds)) { yield return new ArgumentOutOfRangeException(nameof(TrendWindowSeconds), TrendWindowSeconds, $"{nameof(TrendWindowSeconds)} must be a finite number > 0."); }
        if (ForecastHorizonSeconds is { } horizon && (!(horizon >= 0) || double.IsInfinity(horizon))) { yield return new ArgumentOutOfRangeException(nameof(ForecastHorizonSeconds), horizon, $"{nameof(ForecastHorizonSeconds)} must be null or a finite number >= 0."); }
        if (!(NoiseMargin >= 0) || double.IsInfinity(NoiseMargin)) { yield return new ArgumentOutOfRangeException(nameof(NoiseMargin), NoiseMargin, $"{nameof(NoiseMargin)} must be a finite number >= 0."); }
        if (ScaleDownDelaySeconds is { } delay && (!(delay >= 0) || double.IsInfinity(delay))) { yield return new ArgumentOutOfRangeException(nameof(ScaleDownDelaySeconds), delay, $"{nameof(ScaleDownDelaySeconds)} must be null or a finite number >= 0."); }
        if (!(BurstLookbackSeconds >= 0) || double.IsInfinity(BurstLookbackSeconds)) { yield return new ArgumentOutOfRangeException(nameof(BurstLookbackSeconds), BurstLookbackSeconds, $"{nameof(BurstLookbackSeconds)} must be a finite number >= 0."); }
        if (!(BurstDispersionThreshold >= 1) || double.IsInfinity(BurstDispersionThreshold)) { yield return new ArgumentOutOfRangeException(nameof(BurstDispersionThreshold), BurstDispersionThreshold, $"{nameof(BurstDispersionThreshold)} must be a finite number >= 1."); }
        if (!(CalibrationMin > 0) || CalibrationMin > 1) { yield return new ArgumentOutOfRangeException(nameof(CalibrationMin), CalibrationMin, $"{nameof(CalibrationMin)} must be in (0, 1]."); }
        if (!(CalibrationMax >= 1) || double.IsInfinity(CalibrationMax)) { yield return new ArgumentOutOfRangeException(nameof(CalibrationMax), CalibrationMax, $"{nameof(CalibrationMax)} must be a finite number >= 1."); }
        if (!(CalibrationSlack >= 0) || CalibrationSlack > 1) { yield return new ArgumentOutOfRangeException(nameof(CalibrationSlack), CalibrationSlack, $"{nameof(CalibrationSlack)} must be in [0, 1]."); }
        if (MinReplicas < 1) { yield return new ArgumentOutOfRangeException(nameof(MinReplicas), MinReplicas, $"{nameof(MinReplicas)} must be >= 1."); }
        if (MaxReplicas < MinReplicas) { yield return new ArgumentOutOfRangeException(nameof(MaxReplicas), MaxReplicas, $"{nameof(MaxReplicas)} must be >= {nameof(MinReplicas)}."); }
        if (InitialReplicas < MinReplicas || InitialReplicas > MaxReplicas) { yield return new ArgumentOutOfRangeException(nameof(InitialReplicas), InitialReplicas, $"{nameof(InitialReplicas)} must be in [{nameof(MinReplicas)}, {nameof(MaxReplicas)}]."); }
    }

    internal AiosAutoscalerOptions Snapshot() => (AiosAutoscalerOptions)MemberwiseClone();
}
