namespace Aios.Scheduling.Sharing;

/// <summary>How <see cref="GpuShareCluster.TryPlace"/> chooses among the nodes and GPUs a request fits.</summary>
public enum GpuShareStrategy
{
    /// <summary>
    /// Best fit: the GPU left with the least free milli-GPU after placing (for whole GPUs, the node left with the fewest
    /// fully free GPUs; for CPU-only requests, the node left with the least free CPU) — the tightest fit, as Tetris's
    /// and the ATC'23 study's best-fit baselines. Indexed: buckets of GPUs by free milli and of nodes by fully free GPUs.
    /// </summary>
    BestFit,

    /// <summary>
    /// Dot product (Grandl et al., "Multi-Resource Packing for Cluster Schedulers" (Tetris), SIGCOMM'14; the ATC'23
    /// study's DotProd baseline): the node whose free-resource vector is most aligned with the request, the largest
    /// Σ_r (request_r / capacity_r) · (free_r / capacity_r) over GPU milli, CPU and memory; on that node the tightest GPU.
    /// </summary>
    DotProduct,

    /// <summary>A node chosen uniformly at random among those the request fits (seeded), and on it a random GPU that fits.</summary>
    Random,

    /// <summary>
    /// Fragmentation Gradient Descent (Weng et al., "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with
    /// Fragmentation Gradient Descent", USENIX ATC'23): the node and GPU where the cluster's expected fragmentation with
    /// respect to the target workload grows least (<see cref="GpuShareCluster.NodeFragmentation"/>). Needs the cluster's
    /// target workload.
    /// </summary>
    Fgd,
}
