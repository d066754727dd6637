namespace Aios.Serving.Planning;

/// <summary>
/// The default device profiles, from vendor datasheets and public cloud prices. Peak figures are dense FP16/BF16
/// tensor FLOP/s (sparsity halved away) and HBM/GDDR bandwidth; prices are AWS EC2 on-demand list prices in us-east-1
/// (Linux) divided by the GPUs of the instance, as recorded in 2024 — prices change, so pass your own.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>a100</term><description>NVIDIA A100 80GB SXM datasheet: 312 TFLOPS BF16 dense, 2,039 GB/s HBM2e, 80 GB; p4de.24xlarge $40.97/h for 8 = $5.12/GPU-h.</description></item>
/// <item><term>h100</term><description>NVIDIA H100 SXM datasheet: 989 TFLOPS BF16 dense (1,979 with sparsity), 3.35 TB/s HBM3, 80 GB; p5.48xlarge $98.32/h for 8 = $12.29/GPU-h (before AWS's June 2024 cut).</description></item>
/// <item><term>l4</term><description>NVIDIA L4 datasheet: 242 TFLOPS FP16 with sparsity (121 dense), 300 GB/s, 24 GB; g6.xlarge $0.805/h.</description></item>
/// <item><term>a10g</term><description>AWS's A10G (an A10 variant; A10 datasheet: 125 TFLOPS FP16 dense, 600 GB/s, 24 GB); we take 70 TFLOPS for its lower clocks (an estimate); g5.xlarge $1.006/h.</description></item>
/// </list>
/// The attained fractions (<see cref="DeviceProfile.ComputeEfficiency"/> 0.5, <see cref="DeviceProfile.BandwidthEfficiency"/> 0.7)
/// and the cold-start figures are assumptions stated on <see cref="DeviceProfile"/>; replace them with measurements.
/// Tensor parallelism is taken as 90 % efficient per added device on NVLink parts (A100, H100 SXM) and 60 % on the
/// PCIe-only L4 and A10G, whose all-reduces cross PCIe (an assumption).
/// </remarks>
public static class DeviceProfiles
{
    /// <summary>NVIDIA A100 80GB SXM.</summary>
    public static DeviceProfile A100 { get; } = new("a100", 80_000_000_000, 312e12, 2.039e12, 40.97 / 8);

    /// <summary>NVIDIA H100 80GB SXM.</summary>
    public static DeviceProfile H100 { get; } = new("h100", 80_000_000_000, 989e12, 3.35e12, 98.32 / 8);

    /// <summary>NVIDIA L4 (24 GB).</summary>
    public static DeviceProfile L4 { get; } = new("l4", 24_000_000_000, 121e12, 300e9, 0.805) { TensorParallelEfficiency = 0.6 };

    /// <summary>NVIDIA A10G (24 GB), AWS G5.</summary>
    public static DeviceProfile A10G { get; } = new("a10g", 24_000_000_000, 70e12, 600e9, 1.006) { TensorParallelEfficiency = 0.6 };

    /// <summary>Gets the default set: a100, h100, l4, a10g.</summary>
    public static IReadOnlyList<DeviceProfile> Defaults { get; } = [A100, H100, L4, A10G];
}
