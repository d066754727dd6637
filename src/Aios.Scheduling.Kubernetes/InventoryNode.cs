using Aios.Scheduling.Model;

namespace Aios.Scheduling.Kubernetes;

/// <summary>A Kubernetes Node as the engine sees it: its capacity, or why it takes no work.</summary>
/// <param name="Name">The Node's name.</param>
/// <param name="Spec">Its allocatable CPU, memory and device pools (whole GPUs by type, MIG profiles), whatever its state.</param>
/// <param name="ExcludedReason">Why no pod may be placed on it (cordoned, not Ready, a NoSchedule taint), or null when it is usable.</param>
public sealed record InventoryNode(string Name, NodeSpec Spec, string? ExcludedReason)
{
    /// <summary>Gets whether pods may be placed on the node.</summary>
    public bool Usable => ExcludedReason is null;
}
