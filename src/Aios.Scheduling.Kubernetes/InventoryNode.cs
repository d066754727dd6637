using System.Globalization;
using System.Text;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Kubernetes;

/// <summary>A Kubernetes Node as the engine sees it: its capacity, or why it takes no work.</summary>
/// <param name="Name">The Node's name.</param>
/// <param name="Spec">Its allocatable CPU, memory and device pools (whole GPUs by type, MIG profiles), whatever its state.</param>
/// <param name="ExcludedReason">Why no pod may be placed on it (cordoned, not Ready), or null when it is usable.</param>
public sealed record InventoryNode(string Name, NodeSpec Spec, string? ExcludedReason)
{
    /// <summary>Gets whether pods may be placed on the node.</summary>
    public bool Usable => ExcludedReason is null;

    /// <summary>Gets, per extended resource the node offers (<c>nvidia.com/gpu</c>, <c>nvidia.com/mig-1g.10gb</c>), the device type its pool has in <see cref="Spec"/>.</summary>
    public IReadOnlyDictionary<string, string> DeviceResources { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the Node's labels (for node selectors and required node affinity).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the Node's taints with effect <c>NoSchedule</c> or <c>NoExecute</c> (<c>key=value:Effect</c>): a pod must tolerate each to be placed here.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, Spec = {Spec}, ExcludedReason = {ExcludedReason}, Usable = {Usable}, DeviceResources = {Printing.Dictionary(DeviceResources)}, Labels = {Printing.Dictionary(Labels)}, Taints = {Printing.List(Taints)}");
        return true;
    }
}
