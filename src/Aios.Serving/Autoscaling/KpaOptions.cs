namespace Aios.Serving.Autoscaling;

/// <summary>
/// The Knative Pod Autoscaler's rules and defaults (knative.dev, "Configuring the autoscaler", "Configuring targets",
/// "Additional autoscaling configuration for KPA"): every <see cref="TickSeconds"/> it averages concurrency (requests in
/// flight and queued) over the stable window (60 s) and the panic window (10 % of it, 6 s); desired = ⌈average /
/// (target × utilisation)⌉; it panics when the panic window's desire is ≥ 200 % of the ready pods, and while panicking
/// (until a stable window passes without the condition) it never scales down; rates are limited to ×1000 up and ÷2 down.
/// </summary>
/// <remarks>For LLM serving the concurrency target is set near the model server's batch size (KServe's guidance); scale-to-zero is off (<see cref="MinReplicas"/> ≥ 1).</remarks>
public sealed class KpaOptions
{
    /// <summary>Gets or sets the decision period in seconds; default 2.</summary>
    public double TickSeconds { get; set; } = 2;

    /// <summary>Gets or sets the target concurrency per replica; default 100 (<c>container-concurrency-target-default</c>).</summary>
    public double TargetConcurrency { get; set; } = 100;

    /// <summary>Gets or sets the target utilisation of that concurrency, in (0, 1]; default 0.7 (<c>container-concurrency-target-percentage</c>).</summary>
    public double TargetUtilization { get; set; } = 0.7;

    /// <summary>Gets or sets the stable window in seconds; default 60.</summary>
    public double StableWindowSeconds { get; set; } = 60;

    /// <summary>Gets or sets the panic window as a percentage of the stable window; default 10 (6 s).</summary>
    public double PanicWindowPercent { get; set; } = 10;

    /// <summary>Gets or sets the panic threshold as a percentage of the ready pods' capacity; default 200.</summary>
    public double PanicThresholdPercent { get; set; } = 200;

    /// <summary>Gets or sets the most the replicas may grow per decision, as a factor; default 1,000.</summary>
    public double MaxScaleUpRate { get; set; } = 1000;

    /// <summary>Gets or sets the most the replicas may shrink per decision, as a divisor; default 2.</summary>
    public double MaxScaleDownRate { get; set; } = 2;

    /// <summary>Gets or sets the replicas to start with; default 1.</summary>
    public int InitialReplicas { get; set; } = 1;

    /// <summary>Gets or sets the fewest replicas; default 1.</summary>
    public int MinReplicas { get; set; } = 1;

    /// <summary>Gets or sets the most replicas; default 1,000.</summary>
    public int MaxReplicas { get; set; } = 1000;

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (!(TickSeconds > 0) || double.IsInfinity(TickSeconds)) { yield return new ArgumentOutOfRangeException(nameof(TickSeconds), TickSeconds, $"{nameof(TickSeconds)} must be a finite number > 0."); }
        if (!(TargetConcurrency > 0) || double.IsInfinity(TargetConcurrency)) { yield return new ArgumentOutOfRangeException(nameof(TargetConcurrency), TargetConcurrency, $"{nameof(TargetConcurrency)} must be a finite number > 0."); }
        if (!(TargetUtilization > 0 && TargetUtilization <= 1)) { yield return new ArgumentOutOfRangeException(nameof(TargetUtilization), TargetUtilization, $"{nameof(TargetUtilization)} must be in (0, 1]."); }
        if (!(StableWindowSeconds >= TickSeconds) || double.IsInfinity(StableWindowSeconds)) { yield return new ArgumentOutOfRangeException(nameof(StableWindowSeconds), StableWindowSeconds, $"{nameof(StableWindowSeconds)} must be a finite number >= {nameof(TickSeconds)}."); }
        if (!(PanicWindowPercent > 0 && PanicWindowPercent <= 100)) { yield return new ArgumentOutOfRangeException(nameof(PanicWindowPercent), PanicWindowPercent, $"{nameof(PanicWindowPercent)} must be in (0, 100]."); }
        if (!(PanicThresholdPercent > 100) || double.IsInfinity(PanicThresholdPercent)) { yield return new ArgumentOutOfRangeException(nameof(PanicThresholdPercent), PanicThresholdPercent, $"{nameof(PanicThresholdPercent)} must be a finite number > 100."); }
        if (!(MaxScaleUpRate > 1) || double.IsInfinity(MaxScaleUpRate)) { yield return new ArgumentOutOfRangeException(nameof(MaxScaleUpRate), MaxScaleUpRate, $"{nameof(MaxScaleUpRate)} must be a finite number > 1."); }
        if (!(MaxScaleDownRate > 1) || double.IsInfinity(MaxScaleDownRate)) { yield return new ArgumentOutOfRangeException(nameof(MaxScaleDownRate), MaxScaleDownRate, $"{nameof(MaxScaleDownRate)} must be a finite number > 1."); }
        if (MinReplicas < 1) { yield return new ArgumentOutOfRangeException(nameof(MinReplicas), MinReplicas, $"{nameof(MinReplicas)} must be >= 1."); }
        if (MaxReplicas < MinReplicas) { yield return new ArgumentOutOfRangeException(nameof(MaxReplicas), MaxReplicas, $"{nameof(MaxReplicas)} must be >= {nameof(MinReplicas)}."); }
        if (InitialReplicas < MinReplicas || InitialReplicas > MaxReplicas) { yield return new ArgumentOutOfRangeException(nameof(InitialReplicas), InitialReplicas, $"{nameof(InitialReplicas)} must be in [{nameof(MinReplicas)}, {nameof(MaxReplicas)}]."); }
    }

    internal KpaOptions Snapshot() => (KpaOptions)MemberwiseClone();
}
