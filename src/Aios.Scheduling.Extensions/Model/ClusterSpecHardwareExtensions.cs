using Aios.Hardware;
using Aios.Hardware.Resources;
using Aios.Hardware.Static;

namespace Aios.Scheduling.Model;

/// <summary>Builds the scheduler's cluster from what Aios.Hardware discovered.</summary>
public static class ClusterSpecHardwareExtensions
{
    /// <summary>Builds a cluster from a hardware inventory's resource summary: one node per summary node, one pool per device model.</summary>
    /// <param name="summary">The summary (<c>inventory.Summarize()</c>).</param>
    /// <param name="includeCpus">Whether CPU devices also become pools (default false: only accelerators are pools).</param>
    /// <returns>The cluster; CPU cores and host memory come from the summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public static ClusterSpec ToClusterSpec(this ResourceSummary summary, bool includeCpus = false)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var nodes = new List<NodeSpec>(summary.Nodes.Count);
        foreach (NodeResources node in summary.Nodes)
        {
            var devices = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (ModelResources model in node.Models)
            {
                if (includeCpus || model.Kind != DeviceKind.Cpu)
                {
                    devices[model.Model] = devices.GetValueOrDefault(model.Model) + model.Count;
                }
            }

            nodes.Add(new NodeSpec(node.Node, devices) { CpuCores = node.CpuCores, MemoryBytes = node.HostMemoryBytes, TopologyGroup = node.TopologyGroup });
        }

        return new ClusterSpec(nodes);
    }

    /// <summary>
    /// Builds a cluster from declared hardware: the static hardware JSON (<c>StaticDeviceProvider.FromFile</c>), the one
    /// cluster format that <c>aios simulate --cluster</c> and <c>AddStaticFile</c> both read. The same as summarizing an
    /// inventory of the provider's devices and calling <see cref="ToClusterSpec(ResourceSummary, bool)"/> (accelerators are pools; CPUs give each node its cores and memory).
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The cluster: one node per <c>aios.dev/node</c> value (ordinal order), one pool per model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public static ClusterSpec ToClusterSpec(this StaticDeviceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var inventory = new DeviceInventory(provider.Devices, [new ProviderStatus(provider.Name, Available: true)], provider.Links);
        return inventory.Summarize().ToClusterSpec();
    }
}
