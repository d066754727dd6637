namespace Aios.Scheduling.Sharing;

/// <summary>One pod of Alibaba's 2023 GPU-sharing trace (<c>openb_pod_list_*.csv</c>; Weng et al., ATC'23).</summary>
/// <param name="Name">The pod's name.</param>
/// <param name="CpuMilli">CPU asked, in milli-cores.</param>
/// <param name="MemoryBytes">Memory asked, in bytes (the trace's MiB × 2²⁰).</param>
/// <param name="GpuCount">GPUs asked (<c>num_gpu</c>): 0, or the GPUs the pod spans.</param>
/// <param name="GpuMilli">Milli-GPU asked on each GPU (<c>gpu_milli</c>): 0 with no GPU, 1–999 for a fraction of one GPU, 1,000 for whole GPUs.</param>
/// <param name="GpuSpec">The GPU models the pod may run on (<c>gpu_spec</c>, models separated by <c>|</c>); empty when any.</param>
/// <param name="Qos">The quality-of-service class (<c>LS</c>, <c>BE</c>, <c>Burstable</c>, <c>Guaranteed</c>).</param>
/// <param name="Phase">The pod's phase at the end of the trace (<c>Running</c>, <c>Pending</c>, …).</param>
/// <param name="CreationTime">When the pod was created, seconds from the trace's start.</param>
/// <param name="DeletionTime">When it was deleted, seconds from the trace's start, or null when not given.</param>
/// <param name="ScheduledTime">When it was scheduled, seconds from the trace's start, or null when it never was.</param>
public sealed record AlibabaGpuPod(string Name, long CpuMilli, long MemoryBytes, int GpuCount, int GpuMilli, string GpuSpec, string Qos, string Phase, long CreationTime, long? DeletionTime, long? ScheduledTime)
{
    /// <summary>
    /// The pod's request: CPU-only, a fraction of one GPU, or whole GPUs. <see cref="GpuSpec"/> is not carried (a
    /// <see cref="GpuShareRequest"/> has no GPU-model constraint; the field is empty throughout the trace's default pod list).
    /// </summary>
    /// <returns>The request.</returns>
    public GpuShareRequest ToRequest() => GpuCount == 0
        ? GpuShareRequest.CpuOnly(CpuMilli, MemoryBytes)
        : GpuMilli < GpuShareRequest.MilliPerGpu
            ? GpuShareRequest.Fraction(GpuMilli, 0, CpuMilli, MemoryBytes)
            : GpuShareRequest.Whole(GpuCount, CpuMilli, MemoryBytes);
}
