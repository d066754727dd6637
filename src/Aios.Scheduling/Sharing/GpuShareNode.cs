namespace Aios.Scheduling.Sharing;

/// <summary>One node of a <see cref="GpuShareCluster"/>: its CPU, memory and GPUs (all of one model).</summary>
public sealed record GpuShareNode
{
    /// <summary>The most GPUs a node may have.</summary>
    public const int MaxGpus = 64;

    /// <summary>Creates a node.</summary>
    /// <param name="name">The node's name, not empty.</param>
    /// <param name="gpus">Its GPUs, 0–<see cref="MaxGpus"/>.</param>
    /// <param name="cpuMilli">Its CPU in milli-cores, at least 0.</param>
    /// <param name="memoryBytes">Its memory in bytes, at least 0.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public GpuShareNode(string name, int gpus, long cpuMilli, long memoryBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(gpus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gpus, MaxGpus);
        ArgumentOutOfRangeException.ThrowIfNegative(cpuMilli);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytes);
        Name = name;
        Gpus = gpus;
        CpuMilli = cpuMilli;
        MemoryBytes = memoryBytes;
    }

    /// <summary>Gets the node's name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of GPUs.</summary>
    public int Gpus { get; }

    /// <summary>Gets the CPU in milli-cores.</summary>
    public long CpuMilli { get; }

    /// <summary>Gets the memory in bytes.</summary>
    public long MemoryBytes { get; }

    /// <summary>Gets the GPU model's name (informational; <c>T4</c>, <c>A100</c>), or null.</summary>
    public string? GpuModel { get; init; }

    /// <summary>Gets the memory of each GPU in bytes; 0 means GPU memory is not accounted (requests asking for GPU memory do not fit). Ignored when <see cref="Mig"/> is set: the MIG type's memory applies.</summary>
    public long GpuMemoryBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(GpuMemoryBytes));
            field = value;
        }
    }

    /// <summary>
    /// Gets the MIG-capable GPU type of the node's GPUs, or null when they cannot be partitioned. A GPU of such a node is
    /// in MIG mode while it holds a MIG instance: it then takes no fraction and no whole-GPU request, and while it holds a
    /// fraction or a whole-GPU request it takes no MIG instance.
    /// </summary>
    public MigGpuType? Mig { get; init; }
}
