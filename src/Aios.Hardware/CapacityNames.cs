namespace Aios.Hardware;

/// <summary>The well-known capacity names every provider uses where it knows the figure.</summary>
public static class CapacityNames
{
    /// <summary>Device memory in bytes (host memory for a CPU, within its cgroup limit).</summary>
    public const string MemoryBytes = "memoryBytes";

    /// <summary>Compute units: OpenCL compute units, CUDA streaming multiprocessors, logical CPUs.</summary>
    public const string ComputeUnits = "computeUnits";

    /// <summary>Physical cores (CPUs).</summary>
    public const string Cores = "cores";

    /// <summary>The maximum clock in hertz.</summary>
    public const string ClockHz = "clockHz";

    /// <summary>Whole devices of this kind a partition slot represents (MIG slices and the like).</summary>
    public const string Slices = "slices";
}
