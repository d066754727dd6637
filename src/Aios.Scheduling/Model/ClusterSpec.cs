using System.Globalization;

namespace Aios.Scheduling.Model;

/// <summary>A cluster: its nodes, in a stable order that placement ties follow.</summary>
public sealed class ClusterSpec
{
    /// <summary>Creates a cluster of <paramref name="nodes"/>.</summary>
    /// <param name="nodes">The nodes; names unique.</param>
    /// <exception cref="ArgumentNullException"><paramref name="nodes"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two nodes share a name.</exception>
    public ClusterSpec(IEnumerable<NodeSpec> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<NodeSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var types = new List<string>();
        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeSpec node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            if (!names.Add(node.Name))
            {
                throw new ArgumentException($"Two nodes are named '{node.Name}'; node names must be unique.", nameof(nodes));
            }

            foreach (string type in node.Devices.Keys.Order(StringComparer.Ordinal))
            {
                if (seenTypes.Add(type))
                {
                    types.Add(type);
                }
            }

            list.Add(node);
        }

        Nodes = list;
        DeviceTypes = types;
    }

    /// <summary>Gets the nodes.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>Gets the device types of the cluster, in order of first appearance.</summary>
    public IReadOnlyList<string> DeviceTypes { get; }

    /// <summary>Gets the number of devices of <paramref name="deviceType"/> in the cluster.</summary>
    /// <param name="deviceType">A device type.</param>
    /// <returns>The count (0 for a type the cluster lacks).</returns>
    public long CountOf(string deviceType)
    {
        long total = 0;
        foreach (NodeSpec node in Nodes)
        {
            total += node.Devices.GetValueOrDefault(deviceType);
        }

        return total;
    }

    /// <summary>Gets the number of devices of every type in the cluster.</summary>
    public long TotalDevices
    {
        get
        {
            long total = 0;
            foreach (NodeSpec node in Nodes)
            {
                total += node.TotalDevices;
            }

            return total;
        }
    }

    /// <summary>
    /// Builds a cluster from GPU counts per type (e.g. <c>v100=36, p100=36, k80=36</c>) with
    /// <paramref name="gpusPerNode"/> GPUs of one type per node; a remainder makes one smaller last node of that type.
    /// </summary>
    /// <param name="gpusByType">GPUs per device type; counts ≥ 0.</param>
    /// <param name="gpusPerNode">GPUs per node; ≥ 1.</param>
    /// <param name="cpuCoresPerGpu">CPU cores a node offers per GPU; finite and ≥ 0.</param>
    /// <param name="memoryBytesPerGpu">Memory a node offers per GPU; ≥ 0.</param>
    /// <returns>The cluster; nodes are named <c>{type}-{index}</c> and nodes of one type share the topology group <c>{type}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gpusByType"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or <paramref name="gpusPerNode"/> is out of range.</exception>
    public static ClusterSpec FromGpuCounts(IEnumerable<KeyValuePair<string, int>> gpusByType, int gpusPerNode, double cpuCoresPerGpu = 0, long memoryBytesPerGpu = 0)
    {
        ArgumentNullException.ThrowIfNull(gpusByType);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerNode, 1);
        Guard.FiniteNonNegative(cpuCoresPerGpu);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytesPerGpu);
        var nodes = new List<NodeSpec>();
        foreach ((string type, int count) in gpusByType)
        {
            ArgumentException.ThrowIfNullOrEmpty(type, nameof(gpusByType));
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(gpusByType));
            for (int first = 0, index = 0; first < count; first += gpusPerNode, index++)
            {
                int here = Math.Min(gpusPerNode, count - first);
                nodes.Add(new NodeSpec(string.Create(CultureInfo.InvariantCulture, $"{type}-{index}"), new Dictionary<string, int> { [type] = here })
                {
                    CpuCores = cpuCoresPerGpu * here,
                    MemoryBytes = memoryBytesPerGpu * here,
                    TopologyGroup = type,
                });
            }
        }

        return new ClusterSpec(nodes);
    }
}
