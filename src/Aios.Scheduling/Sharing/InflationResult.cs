namespace Aios.Scheduling.Sharing;

/// <summary>The outcome of one <see cref="InflationExperiment"/> run.</summary>
/// <param name="Strategy">The placement strategy.</param>
/// <param name="Seed">The seed of the pod draws (and of <see cref="GpuShareStrategy.Random"/>).</param>
/// <param name="FirstFailure">The cluster when the first GPU pod could not be placed, or null when every pod was placed.</param>
/// <param name="ArrivedShareAtFirstFailure">The arrived GPU demand (as a share of capacity) when the first GPU pod failed, or NaN.</param>
/// <param name="Final">The cluster when the run stopped.</param>
/// <param name="Curve">The unallocated share at each step of arrived workload (10 %, 20 %, … of capacity by default).</param>
/// <param name="Submitted">The pods submitted.</param>
/// <param name="Failed">The pods that could not be placed.</param>
public sealed record InflationResult(
    GpuShareStrategy Strategy,
    int Seed,
    GpuShareSummary? FirstFailure,
    double ArrivedShareAtFirstFailure,
    GpuShareSummary Final,
    IReadOnlyList<InflationPoint> Curve,
    int Submitted,
    int Failed)
{
    /// <summary>Gets the unallocated share of GPU capacity when the first GPU pod failed (the final share when none failed).</summary>
    public double UnallocatedShareAtFirstFailure => (FirstFailure ?? Final).FreeShare;
}
