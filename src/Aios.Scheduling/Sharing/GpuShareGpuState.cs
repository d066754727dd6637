namespace Aios.Scheduling.Sharing;

/// <summary>What is allocated on one GPU of a <see cref="GpuShareCluster"/>.</summary>
/// <param name="UsedMilli">The milli-GPU taken by fractions and whole-GPU requests, 0–1,000.</param>
/// <param name="UsedMemoryBytes">The GPU memory taken, by fractions that ask for it and by MIG instances.</param>
/// <param name="MigSliceMask">The memory slices (bit i: slice i) taken by MIG instances; 0 when the GPU is not in MIG mode.</param>
/// <param name="MigComputeSlices">The compute slices (of 7) taken by MIG instances.</param>
/// <param name="Placements">The placements on the GPU.</param>
public readonly record struct GpuShareGpuState(int UsedMilli, long UsedMemoryBytes, int MigSliceMask, int MigComputeSlices, int Placements)
{
    /// <summary>Gets a value indicating whether nothing is allocated on the GPU.</summary>
    public bool IsFree => Placements == 0;

    /// <summary>Gets a value indicating whether the GPU is in MIG mode (holds a MIG instance).</summary>
    public bool IsMig => MigSliceMask != 0;

    /// <summary>
    /// Gets the GPU's unallocated capacity in milli-GPU: 1,000 − <see cref="UsedMilli"/>, or for a GPU in MIG mode its
    /// free compute slices' share, 1,000 × (7 − <see cref="MigComputeSlices"/>) / 7.
    /// </summary>
    public double FreeMilli => IsMig ? GpuShareRequest.MilliPerGpu * (7 - MigComputeSlices) / 7.0 : GpuShareRequest.MilliPerGpu - UsedMilli;
}
