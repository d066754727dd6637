namespace Aios.Serving.Planning;

/// <summary>
/// One accelerator type as the replica model sees it: memory, peak dense 16-bit tensor throughput, memory bandwidth,
/// the fractions of each a serving engine attains, start-up costs and its price. <see cref="DeviceProfiles.Defaults"/>
/// holds the documented default set; a user with measurements overrides any figure (<c>with { … }</c>).
/// </summary>
/// <param name="DeviceType">The device type name (as in a cluster file: <c>a100</c>, <c>h100</c>, <c>l4</c>, <c>a10g</c>).</param>
/// <param name="MemoryBytes">Device memory in bytes.</param>
/// <param name="PeakFlops">Peak dense FP16/BF16 tensor throughput, FLOP/s (without structured sparsity).</param>
/// <param name="MemoryBandwidthBytesPerSecond">Peak memory bandwidth, bytes/s.</param>
/// <param name="CostPerGpuHour">Price of one device for one hour (USD).</param>
public sealed record DeviceProfile(string DeviceType, long MemoryBytes, double PeakFlops, double MemoryBandwidthBytesPerSecond, double CostPerGpuHour)
{
    /// <summary>
    /// Gets the fraction of <see cref="PeakFlops"/> a prefill attains (model FLOPs utilisation); default 0.5. Prefill is
    /// compute-bound (Patel et al., Splitwise, ISCA'24; Zhong et al., DistServe, OSDI'24): its time is 2·P·tokens FLOPs
    /// at this rate.
    /// </summary>
    public double ComputeEfficiency { get; init; } = 0.5;

    /// <summary>
    /// Gets the fraction of <see cref="MemoryBandwidthBytesPerSecond"/> a decode step attains; default 0.7. Decode is
    /// memory-bound (Splitwise; Kwon et al., vLLM, SOSP'23): each step reads the weights once and every sequence's KV cache.
    /// </summary>
    public double BandwidthEfficiency { get; init; } = 0.7;

    /// <summary>Gets the fraction of device memory the engine may use for weights and KV cache; default 0.9 (vLLM's <c>gpu_memory_utilization</c>).</summary>
    public double MemoryUtilization { get; init; } = 0.9;

    /// <summary>Gets the fixed part of a replica's cold start in seconds (node, container, engine start); default 45 (an assumption: measure yours).</summary>
    public double ColdStartBaseSeconds { get; init; } = 45;

    /// <summary>Gets the rate at which a starting replica loads weights, bytes/s; default 1 GB/s (an assumption).</summary>
    public double WeightLoadBytesPerSecond { get; init; } = 1e9;

    /// <summary>Gets the efficiency of tensor parallelism per added device; default 0.9 (each extra device adds 90 % of one).</summary>
    public double TensorParallelEfficiency { get; init; } = 0.9;
}
