namespace Aios.Scheduling.Sharing;

/// <summary>How a <see cref="GpuShareCluster"/>'s GPUs are allocated at one moment.</summary>
/// <param name="Gpus">All GPUs.</param>
/// <param name="FreeGpus">GPUs with nothing allocated.</param>
/// <param name="PartialGpus">GPUs with some, not all, of their capacity allocated (fractions or MIG instances).</param>
/// <param name="FullGpus">GPUs with all their capacity allocated.</param>
/// <param name="MigGpus">GPUs in MIG mode (counted in the partial or full ones as well).</param>
/// <param name="FreeMilliOnPartialGpus">The unallocated milli-GPU on partially allocated GPUs.</param>
/// <param name="FreeMilliOnStrandedNodes">The unallocated milli-GPU on nodes whose CPU or memory is nearly used up (less than 1,000 milli-CPU or 1 GiB free).</param>
/// <param name="FreeMilli">All unallocated milli-GPU (<see cref="GpuShareGpuState.FreeMilli"/> summed).</param>
public readonly record struct GpuShareSummary(int Gpus, int FreeGpus, int PartialGpus, int FullGpus, int MigGpus, double FreeMilliOnPartialGpus, double FreeMilliOnStrandedNodes, double FreeMilli)
{
    /// <summary>Gets the unallocated share of all GPU capacity, in [0, 1].</summary>
    public double FreeShare => Gpus == 0 ? 0 : FreeMilli / (Gpus * (double)GpuShareRequest.MilliPerGpu);
}
