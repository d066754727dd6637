namespace Aios.Hardware.Cuda;

/// <summary>
/// The qualified attribute names this adapter sets on NVIDIA devices (Kubernetes DRA style, <c>gpu.nvidia.com/…</c>).
/// </summary>
public static class NvidiaAttributeNames
{
    /// <summary>The product name NVML reports, e.g. <c>NVIDIA A100-SXM4-80GB</c> (string).</summary>
    public const string ProductName = "gpu.nvidia.com/productName";

    /// <summary>The NVML UUID, <c>GPU-…</c> for a whole GPU and <c>MIG-…</c> for a MIG instance (string).</summary>
    public const string Uuid = "gpu.nvidia.com/uuid";

    /// <summary>The CUDA compute capability, e.g. 8.0 (version).</summary>
    public const string ComputeCapability = "gpu.nvidia.com/computeCapability";

    /// <summary>The NVIDIA driver version, e.g. 550.54.15 (version; a string when it does not parse as one).</summary>
    public const string DriverVersion = "gpu.nvidia.com/driverVersion";

    /// <summary>Whether the GPU is in MIG mode (boolean).</summary>
    public const string MigEnabled = "gpu.nvidia.com/migEnabled";

    /// <summary>The number of streaming multiprocessors (integer).</summary>
    public const string MultiprocessorCount = "gpu.nvidia.com/multiprocessorCount";
}
