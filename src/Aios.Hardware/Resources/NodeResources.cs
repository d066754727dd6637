using System.Globalization;
using System.Text;

namespace Aios.Hardware.Resources;

/// <summary>The resources of one node (host): its CPU cores and host memory, and its other devices counted by model.</summary>
public sealed record NodeResources
{
    /// <summary>Gets the node name: the <see cref="HardwareAttributeNames.Node"/> attribute of its devices, or <see cref="ResourceSummary.LocalNode"/>.</summary>
    public required string Node { get; init; }

    /// <summary>Gets the healthy devices by model and kind, ordered by kind, then model key (ordinal). CPUs are included.</summary>
    public required IReadOnlyList<ModelResources> Models { get; init; }

    /// <summary>Gets the node's topology group (rack, NVLink island): the <see cref="HardwareAttributeNames.TopologyGroup"/> attribute of its first device that has one, or null.</summary>
    public string? TopologyGroup { get; init; }

    /// <summary>Gets the cores of the node's healthy CPU devices (their <see cref="CapacityNames.Cores"/>, else <see cref="CapacityNames.ComputeUnits"/>).</summary>
    public long CpuCores { get; init; }

    /// <summary>Gets the memory of the node's healthy CPU devices (host memory), in bytes.</summary>
    public long HostMemoryBytes { get; init; }

    /// <summary>Gets the memory of the node's healthy non-CPU devices (device memory), in bytes.</summary>
    public long DeviceMemoryBytes { get; init; }

    /// <summary>Gets the compute units of the node's healthy non-CPU devices.</summary>
    public long ComputeUnits { get; init; }

    /// <summary>Gets how many of the node's devices are unavailable and were left out of every other figure.</summary>
    public int UnavailableDevices { get; init; }

    /// <summary>Gets how many healthy devices of a model the node has.</summary>
    /// <param name="model">The model key, such as <c>a100</c> (compared ordinally, lower-case).</param>
    /// <returns>The count; 0 when the node has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public int CountOf(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int count = 0;
        foreach (ModelResources resources in Models)
        {
            if (string.Equals(resources.Model, model, StringComparison.Ordinal))
            {
                count += resources.Count;
            }
        }

        return count;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Node = {Node}, Models = {Printing.List(Models)}, TopologyGroup = {TopologyGroup}, CpuCores = {CpuCores}, HostMemoryBytes = {HostMemoryBytes}, DeviceMemoryBytes = {DeviceMemoryBytes}, ComputeUnits = {ComputeUnits}, UnavailableDevices = {UnavailableDevices}");
        return true;
    }
}
