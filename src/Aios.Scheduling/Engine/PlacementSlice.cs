namespace Aios.Scheduling.Engine;

/// <summary>Part of a placement: <paramref name="Count"/> devices of <paramref name="DeviceType"/> on <paramref name="Node"/>, for <paramref name="Replicas"/> replicas.</summary>
/// <remarks>
/// Replicas asking for a share of a GPU (<see cref="Model.ReplicaRequest.GpuMilli"/> &gt; 0) have one slice per device
/// they share: <see cref="SharedDevice"/> is the device's index among the node's devices of the type, and
/// <paramref name="Count"/> is 0 (they take no whole device).
/// </remarks>
/// <param name="Node">The node's name.</param>
/// <param name="DeviceType">The device type.</param>
/// <param name="Count">The whole devices taken there (0 for shares of a device).</param>
/// <param name="Replicas">The replicas placed there.</param>
public readonly record struct PlacementSlice(string Node, string DeviceType, int Count, int Replicas)
{
    /// <summary>Gets the index (0 to the node's devices of the type − 1) of the device the slice's fractional replicas share; null for whole GPUs and for replicas that need no devices.</summary>
    public int? SharedDevice { get; init; }
}
