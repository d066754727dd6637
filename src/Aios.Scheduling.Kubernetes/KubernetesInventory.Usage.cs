using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

public sealed partial class KubernetesInventory
{
    /// <summary>
    /// What the pods bound to each node use — every node, usable or not: the pods bound to it (by anyone) that have not
    /// ended (Succeeded or Failed), and the CPU, memory and devices of each pool they request, counted as
    /// <see cref="ReadNode"/> and kube-scheduler count them, and as <see cref="ToCluster"/> takes them off what the engine
    /// is offered.
    /// </summary>
    /// <param name="nodes">The nodes as read by <see cref="ReadNode"/>.</param>
    /// <param name="pods">Every pod listed (bound pods on unknown nodes are ignored; unbound pods use nothing; a pod whose
    /// requests cannot be read counts as a pod that requests nothing).</param>
    /// <returns>Per node name, in name order, what is used there (zero where nothing is bound).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Two nodes share a name.</exception>
    public static IReadOnlyDictionary<string, NodeUsage> GetUsage(IEnumerable<InventoryNode> nodes, IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        var byName = new SortedDictionary<string, InventoryNode>(StringComparer.Ordinal);
        foreach (InventoryNode node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            if (!byName.TryAdd(node.Name, node))
            {
                throw new ArgumentException($"Two nodes are named {node.Name}.", nameof(nodes));
            }
        }

        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var memory = new Dictionary<string, long>(StringComparer.Ordinal);
        var devices = new Dictionary<(string Node, string Type), long>();
        foreach (V1Pod pod in pods)
        {
            ArgumentNullException.ThrowIfNull(pod, nameof(pods));
            if (pod.Spec?.NodeName is not { Length: > 0 } host || !byName.TryGetValue(host, out InventoryNode? node) || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            count[host] = count.GetValueOrDefault(host) + 1;
            PodRequest request;
            try
            {
                request = ReadRequest(pod);
            }
            catch (FormatException)
            {
                continue; // as in ToCluster: the API server accepted it; a request we cannot read uses nothing we can name
            }

            cpu[host] = cpu.GetValueOrDefault(host) + request.CpuCores;
            memory[host] = memory.GetValueOrDefault(host) + request.MemoryBytes;
            foreach ((string resource, long amount) in request.Extended)
            {
                if (node.DeviceResources.TryGetValue(resource, out string? type))
                {
                    devices[(host, type)] = devices.GetValueOrDefault((host, type)) + amount;
                }
            }
        }

        var usage = new SortedDictionary<string, NodeUsage>(StringComparer.Ordinal);
        foreach ((string name, InventoryNode node) in byName)
        {
            var used = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (string type in node.Spec.Devices.Keys)
            {
                used[type] = devices.GetValueOrDefault((name, type));
            }

            usage[name] = new NodeUsage(name, count.GetValueOrDefault(name), cpu.GetValueOrDefault(name), memory.GetValueOrDefault(name), used);
        }

        return usage;
    }
}
