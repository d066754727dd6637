namespace Aios.Serving.Autoscaling;

/// <summary>
/// The Kubernetes Horizontal Pod Autoscaler's rules and defaults (kubernetes.io, "Horizontal Pod Autoscaling", the
/// algorithm details and the default <c>behavior</c>): every <see cref="PeriodSeconds"/> desired = ⌈current × metric /
/// target⌉, nothing happens while the ratio is within ±<see cref="Tolerance"/>, a scale-down takes the highest
/// recommendation of the last <see cref="ScaleDownStabilizationSeconds"/>, and a scale-up adds at most the larger of
/// <see cref="ScaleUpPercent"/> % and <see cref="ScaleUpPods"/> pods a period; starting (not ready) pods count as 0 %
/// when scaling up.
/// </summary>
/// <remarks>
/// The metric is the replicas' batch occupancy: time-averaged requests in flight per ready replica over
/// <see cref="BatchLimit"/>. GPU busy time saturates as soon as a replica holds one sequence, so guides for LLM serving
/// on Kubernetes (Google Kubernetes Engine, "Best practices for autoscaling LLM inference workloads with GPUs") scale on
/// the server's batch size or queue instead; the target utilisation is HPA's customary 70 %.
/// </remarks>
public sealed class HpaOptions
{
    /// <summary>Gets or sets the sync period in seconds; default 15 (<c>--horizontal-pod-autoscaler-sync-period</c>).</summary>
    public double PeriodSeconds { get; set; } = 15;

    /// <summary>Gets or sets the target utilisation of the metric, in (0, 1]; default 0.7.</summary>
    public double TargetUtilization { get; set; } = 0.7;

    /// <summary>Gets or sets the tolerance: no change while metric/target is within 1 ± it; default 0.1.</summary>
    public double Tolerance { get; set; } = 0.1;

    /// <summary>Gets or sets the scale-down stabilisation window in seconds; default 300.</summary>
    public double ScaleDownStabilizationSeconds { get; set; } = 300;

    /// <summary>Gets or sets the most a scale-up may add per period, as a percentage of the current replicas; default 100.</summary>
    public double ScaleUpPercent { get; set; } = 100;

    /// <summary>Gets or sets the most pods a scale-up may add per period (the larger limit applies); default 4.</summary>
    public int ScaleUpPods { get; set; } = 4;

    /// <summary>Gets or sets the sequences a replica batches, the metric's denominator; default 256 (vLLM's <c>max_num_seqs</c>).</summary>
    public int BatchLimit { get; set; } = 256;

    /// <summary>Gets or sets the replicas to start with; default 1.</summary>
    public int InitialReplicas { get; set; } = 1;

    /// <summary>Gets or sets the fewest replicas; default 1.</summary>
    public int MinReplicas { get; set; } = 1;

    /// <summary>Gets or sets the most replicas; default 1,000.</summary>
    public int MaxReplicas { get; set; } = 1000;

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (!(PeriodSeconds > 0) || double.IsInfinity(PeriodSeconds)) { yield return new ArgumentOutOfRangeException(nameof(PeriodSeconds), PeriodSeconds, $"{nameof(PeriodSeconds)} must be a finite number > 0."); }
        if (!(TargetUtilization > 0 && TargetUtilization <= 1)) { yield return new ArgumentOutOfRangeException(nameof(TargetUtilization), TargetUtilization, $"{nameof(TargetUtilization)} must be in (0, 1]."); }
        if (!(Tolerance >= 0 && Tolerance < 1)) { yield return new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"{nameof(Tolerance)} must be in [0, 1)."); }
        if (!(ScaleDownStabilizationSeconds >= 0) || double.IsInfinity(ScaleDownStabilizationSeconds)) { yield return new ArgumentOutOfRangeException(nameof(ScaleDownStabilizationSeconds), ScaleDownStabilizationSeconds, $"{nameof(ScaleDownStabilizationSeconds)} must be a finite number >= 0."); }
        if (!(ScaleUpPercent > 0) || double.IsInfinity(ScaleUpPercent)) { yield return new ArgumentOutOfRangeException(nameof(ScaleUpPercent), ScaleUpPercent, $"{nameof(ScaleUpPercent)} must be a finite number > 0."); }
        if (ScaleUpPods < 1) { yield return new ArgumentOutOfRangeException(nameof(ScaleUpPods), ScaleUpPods, $"{nameof(ScaleUpPods)} must be >= 1."); }
        if (BatchLimit < 1) { yield return new ArgumentOutOfRangeException(nameof(BatchLimit), BatchLimit, $"{nameof(BatchLimit)} must be >= 1."); }
        if (MinReplicas < 1) { yield return new ArgumentOutOfRangeException(nameof(MinReplicas), MinReplicas, $"{nameof(MinReplicas)} must be >= 1."); }
        if (MaxReplicas < MinReplicas) { yield return new ArgumentOutOfRangeException(nameof(MaxReplicas), MaxReplicas, $"{nameof(MaxReplicas)} must be >= {nameof(MinReplicas)}."); }
        if (InitialReplicas < MinReplicas || InitialReplicas > MaxReplicas) { yield return new ArgumentOutOfRangeException(nameof(InitialReplicas), InitialReplicas, $"{nameof(InitialReplicas)} must be in [{nameof(MinReplicas)}, {nameof(MaxReplicas)}]."); }
    }

    internal HpaOptions Snapshot() => (HpaOptions)MemberwiseClone();
}
