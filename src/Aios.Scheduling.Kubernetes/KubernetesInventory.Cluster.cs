using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

public sealed partial class KubernetesInventory
{
    /// <summary>
    /// The cluster the engine may place this scheduler's pods on: the usable nodes, each with what pods already bound to
    /// it (by anyone, not yet Succeeded or Failed) do not use — CPU, memory and GPUs of every pool, counted as
    /// <see cref="ReadNode"/> and kube-scheduler count them (<see cref="GetUsage"/> says what they use). A node
    /// over-committed by others offers nothing of that resource (never a negative amount).
    /// </summary>
    /// <param name="nodes">The nodes as read by <see cref="ReadNode"/>.</param>
    /// <param name="pods">Every pod listed (bound pods on unknown nodes are ignored; unbound pods use nothing).</param>
    /// <returns>The cluster, nodes in name order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No node is usable, or two nodes share a name.</exception>
    public static ClusterSpec ToCluster(IEnumerable<InventoryNode> nodes, IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        return ToClusterOf(nodes, Bound(pods), DefaultGpuResources);
    }

    /// <summary>The whole-GPU resources of the default options (what the static readers count shares of a GPU on).</summary>
    private static readonly string[] DefaultGpuResources = [.. new KubernetesInventoryOptions().GpuResources];

    /// <summary>As <see cref="ToCluster(IEnumerable{InventoryNode}, IEnumerable{V1Pod})"/>, with each pod's node given (a binding the cache does not show yet).</summary>
    internal static ClusterSpec ToClusterOf(IEnumerable<InventoryNode> nodes, IEnumerable<(V1Pod Pod, string Node)> pods, IReadOnlyCollection<string> gpuResources)
    {
        SortedDictionary<string, InventoryNode> byName = ByName(nodes);
        SortedDictionary<string, NodeUsage> usage = MeasureUsage(byName, pods, gpuResources);
        var specs = new List<NodeSpec>();
        foreach ((string name, InventoryNode node) in byName)
        {
            if (!node.Usable)
            {
                continue;
            }

            NodeUsage used = usage[name];
            var free = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach ((string type, int total) in node.Spec.Devices)
            {
                free[type] = (int)Math.Max(0, total - used.Devices[type]);
            }

            specs.Add(node.Spec with
            {
                Devices = free,
                CpuCores = Math.Max(0, node.Spec.CpuCores - used.CpuCores),
                MemoryBytes = Math.Max(0, node.Spec.MemoryBytes - used.MemoryBytes),
            });
        }

        return specs.Count > 0 ? new ClusterSpec(specs) : throw new ArgumentException("No node is usable (all cordoned, not Ready or absent).", nameof(nodes));
    }

    /// <summary>
    /// What the pods bound to each node use — every node, usable or not: the pods bound to it (by anyone) that have not
    /// ended (Succeeded or Failed), and the CPU, memory and devices of each pool they request, counted as
    /// <see cref="ReadNode"/> and kube-scheduler count them. <see cref="ToCluster"/> offers the engine what this leaves.
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
        return MeasureUsage(ByName(nodes), Bound(pods), DefaultGpuResources);
    }

    private static IEnumerable<(V1Pod Pod, string Node)> Bound(IEnumerable<V1Pod> pods)
    {
        foreach (V1Pod pod in pods)
        {
            ArgumentNullException.ThrowIfNull(pod, nameof(pods));
            if (pod.Spec?.NodeName is { Length: > 0 } host)
            {
                yield return (pod, host);
            }
        }
    }

    private static SortedDictionary<string, InventoryNode> ByName(IEnumerable<InventoryNode> nodes)
    {
        var byName = new SortedDictionary<string, InventoryNode>(StringComparer.Ordinal);
        foreach (InventoryNode node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            if (!byName.TryAdd(node.Name, node))
            {
                throw new ArgumentException($"Two nodes are named {node.Name}.", nameof(nodes));
            }
        }

        return byName;
    }

    private static SortedDictionary<string, NodeUsage> MeasureUsage(SortedDictionary<string, InventoryNode> byName, IEnumerable<(V1Pod Pod, string Node)> pods, IReadOnlyCollection<string> gpuResources)
    {
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var memory = new Dictionary<string, long>(StringComparer.Ordinal);
        var devices = new Dictionary<(string Node, string Type), long>();
        var shared = new Dictionary<(string Node, string Type), HashSet<int>>();
        int unplaced = 0;
        foreach ((V1Pod pod, string host) in pods)
        {
            if (!byName.TryGetValue(host, out InventoryNode? node) || pod.Status?.Phase is "Succeeded" or "Failed")
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
                continue; // the API server accepted it, so kube counts it as it can; a request we cannot read uses nothing we can name
            }

            cpu[host] = cpu.GetValueOrDefault(host) + request.CpuCores;
            memory[host] = memory.GetValueOrDefault(host) + request.MemoryBytes;
            bool wholeDevices = false;
            foreach ((string resource, long amount) in request.Extended)
            {
                if (node.DeviceResources.TryGetValue(resource, out string? type))
                {
                    devices[(host, type)] = devices.GetValueOrDefault((host, type)) + amount;
                    wholeDevices |= amount > 0;
                }
            }

            // A share of a GPU uses its GPU: each GPU holding shares counts once; a share whose GPU is not named (bound
            // by someone else, or its annotation removed) counts as a GPU of its own, so nothing is ever over-committed.
            if (!wholeDevices && TryReadShare(pod) && ShareTypes(node, gpuResources) is [string first, ..])
            {
                (string type, int device) = ReadShareDevice(pod, node, gpuResources) ?? (first, --unplaced);
                if (!shared.TryGetValue((host, type), out HashSet<int>? set))
                {
                    shared[(host, type)] = set = [];
                }

                set.Add(device);
            }
        }

        foreach (((string host, string type), HashSet<int> set) in shared)
        {
            devices[(host, type)] = devices.GetValueOrDefault((host, type)) + set.Count;
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

    private static bool TryReadShare(V1Pod pod)
    {
        try
        {
            return ReadShare(pod) is not null;
        }
        catch (FormatException)
        {
            return true;   // it asks for a share we cannot read: count it as holding a GPU, to be safe
        }
    }
}
