namespace Aios.Scheduling.Sharing;

/// <summary>Why <see cref="GpuShareCluster.TryPlace"/> placed nothing.</summary>
public enum GpuShareFailure
{
    /// <summary>It placed the request.</summary>
    None,

    /// <summary>No node has the CPU and memory the request asks for.</summary>
    HostResources,

    /// <summary>Nodes with the CPU and memory exist, but none of them has a GPU (or enough fully free GPUs) with the milli-GPU and GPU memory asked for.</summary>
    GpuCapacity,

    /// <summary>Nodes with the CPU and memory and a GPU of the profile's type exist, but none has a free MIG placement for the profile.</summary>
    MigSlot,
}
