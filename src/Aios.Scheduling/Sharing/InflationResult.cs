namespace Aios.Scheduling.Sharing;

/// <summary>The outcome of one <see cref="InflationExperiment"/> run.</summary>
public sealed class InflationResult
{
    internal InflationResult(GpuShareStrategy strategy, int seed, GpuShareSummary? firstFailure, GpuShareRequest? firstRefused, double arrivedShareAtFirstFailure, GpuShareSummary final, IReadOnlyList<InflationPoint> curve, int submitted, int failed)
    {
        Strategy = strategy;
        Seed = seed;
        FirstFailure = firstFailure;
        FirstRefused = firstRefused;
        ArrivedShareAtFirstFailure = arrivedShareAtFirstFailure;
        Final = final;
        Curve = curve;
        Submitted = submitted;
        Failed = failed;
    }

    /// <summary>Gets the placement strategy.</summary>
    public GpuShareStrategy Strategy { get; }

    /// <summary>Gets the seed of the pod draws (and of <see cref="GpuShareStrategy.Random"/>).</summary>
    public int Seed { get; }

    /// <summary>Gets the cluster when the first GPU pod could not be placed, or null when every pod was placed.</summary>
    public GpuShareSummary? FirstFailure { get; }

    /// <summary>Gets the first GPU pod that could not be placed, or null when every pod was placed.</summary>
    public GpuShareRequest? FirstRefused { get; }

    /// <summary>Gets the arrived GPU demand (as a share of capacity) when the first GPU pod failed, or NaN when none did.</summary>
    public double ArrivedShareAtFirstFailure { get; }

    /// <summary>Gets the cluster when the run stopped.</summary>
    public GpuShareSummary Final { get; }

    /// <summary>Gets the unallocated share at each step of arrived workload (10 %, 20 %, … of capacity by default).</summary>
    public IReadOnlyList<InflationPoint> Curve { get; }

    /// <summary>Gets the pods submitted.</summary>
    public int Submitted { get; }

    /// <summary>Gets the pods that could not be placed.</summary>
    public int Failed { get; }

    /// <summary>Gets the unallocated share of GPU capacity when the first GPU pod failed (the final share when none failed).</summary>
    public double UnallocatedShareAtFirstFailure => (FirstFailure ?? Final).FreeShare;
}
