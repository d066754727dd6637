using Aios.Scheduling.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.Cli.Kubernetes;

/// <summary>
/// Evaluates <c>aios k8s nodes</c>: lists the Nodes and Pods and reads them with Aios.Scheduling.Kubernetes
/// (<see cref="KubernetesInventory.ReadNode"/>, <see cref="KubernetesInventory.GetUsage"/>), so the command shows exactly
/// what the scheduler would see. Nothing here writes output.
/// </summary>
internal static class KubeNodesEvaluator
{
    private const int PageSize = 500;

    public static async Task<KubeNodesOutput> EvaluateAsync(IKubernetes client, string server, CancellationToken cancellationToken)
    {
        IReadOnlyList<V1Node> nodes = await ListNodesAsync(client, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<V1Pod> pods = await ListPodsAsync(client, cancellationToken).ConfigureAwait(false);
        var inventory = new KubernetesInventory();
        var read = new List<InventoryNode>();
        var unreadable = new List<KubeNodeOutput>();
        foreach (V1Node node in nodes)
        {
            try
            {
                read.Add(inventory.ReadNode(node));
            }
            catch (FormatException exception)
            {
                unreadable.Add(new KubeNodeOutput(node.Metadata?.Name ?? "?", false, $"cannot be read: {exception.Message}", 0, new KubeCpuOutput(0, 0, 0), new KubeMemoryOutput(0, 0, 0), [], []));
            }
        }

        IReadOnlyDictionary<string, NodeUsage> usage = KubernetesInventory.GetUsage(read, pods);
        List<KubeNodeOutput> output = [.. read.Select(node => ToOutput(node, usage[node.Name])), .. unreadable];
        output.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new KubeNodesOutput(server, output);
    }

    private static KubeNodeOutput ToOutput(InventoryNode node, NodeUsage used)
    {
        var pools = new List<KubeDevicePoolOutput>();
        foreach ((string type, int capacity) in node.Spec.Devices.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            string[] resources = [.. node.DeviceResources.Where(r => r.Value == type).Select(r => r.Key).Order(StringComparer.Ordinal)];
            long inUse = used.Devices.GetValueOrDefault(type);
            pools.Add(new KubeDevicePoolOutput(type, resources, capacity, inUse, Math.Max(0, capacity - inUse)));
        }

        return new KubeNodeOutput(
            node.Name,
            node.Usable,
            node.ExcludedReason,
            used.Pods,
            new KubeCpuOutput(node.Spec.CpuCores, used.CpuCores, Math.Max(0, node.Spec.CpuCores - used.CpuCores)),
            new KubeMemoryOutput(node.Spec.MemoryBytes, used.MemoryBytes, Math.Max(0, node.Spec.MemoryBytes - used.MemoryBytes)),
            pools,
            node.Taints);
    }

    private static async Task<IReadOnlyList<V1Node>> ListNodesAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var nodes = new List<V1Node>();
        string? next = null;
        do
        {
            V1NodeList page = await client.CoreV1.ListNodeAsync(continueParameter: next, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            nodes.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return nodes;
    }

    private static async Task<IReadOnlyList<V1Pod>> ListPodsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        string? next = null;
        do
        {
            V1PodList page = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            pods.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return pods;
    }
}
