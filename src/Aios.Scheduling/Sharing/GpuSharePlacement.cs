namespace Aios.Scheduling.Sharing;

/// <summary>Where <see cref="GpuShareCluster.TryPlace"/> put a request: a node, its GPU(s), and for MIG the instance's start slice.</summary>
public sealed class GpuSharePlacement
{
    internal GpuSharePlacement(long id, GpuShareRequest request, int node, int[] gpus, int migStart, long gpuMemoryBytes, int migProfileIndex)
    {
        Id = id;
        Request = request;
        Node = node;
        GpuArray = gpus;
        MigStart = migStart;
        GpuMemoryBytes = gpuMemoryBytes;
        MigProfileIndex = migProfileIndex;
    }

    /// <summary>Gets the placement's number, unique within its cluster.</summary>
    public long Id { get; }

    /// <summary>Gets the request placed.</summary>
    public GpuShareRequest Request { get; }

    /// <summary>Gets the node's index in the cluster's <see cref="GpuShareCluster.Nodes"/>.</summary>
    public int Node { get; }

    /// <summary>Gets the indexes (on the node) of the GPUs taken: none, one for a fraction or MIG instance, n for whole GPUs.</summary>
    public IReadOnlyList<int> Gpus => GpuArray;

    /// <summary>Gets the first memory slice of the MIG instance, or -1.</summary>
    public int MigStart { get; }

    /// <summary>Gets the GPU memory in bytes taken on each of <see cref="Gpus"/> (for MIG: the instance's memory).</summary>
    public long GpuMemoryBytes { get; }

    internal int[] GpuArray { get; }

    internal int MigProfileIndex { get; }

    /// <summary>Describes the placement.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"#{Id} on node {Node}, GPU [{string.Join(",", GpuArray)}]{(MigStart >= 0 ? $" MIG {Request.MigProfile}@{MigStart}" : "")}: {Request}";
}
