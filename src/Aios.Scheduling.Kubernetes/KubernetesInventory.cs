using System.Globalization;
using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// Reads Kubernetes objects as the engine's model: a Node's allocatable CPU, memory and extended resources become a
/// <see cref="NodeSpec"/> (whole GPUs pooled by the device-type label, each MIG profile a pool of its own), and a Pod's
/// containers become what one replica asks for, counted as kube-scheduler counts them.
/// </summary>
public sealed partial class KubernetesInventory
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private readonly KubernetesInventoryOptions _options;

    /// <summary>Creates the reader.</summary>
    /// <param name="options">The mapping; null for the defaults. Checked and copied.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public KubernetesInventory(KubernetesInventoryOptions? options = null) =>
        _options = (options ?? new KubernetesInventoryOptions()).Snapshot();

    /// <summary>Reads a Node: its capacity (from <c>status.allocatable</c>) and whether it takes work.</summary>
    /// <param name="node">The Node object as the API server returned it.</param>
    /// <returns>The node; <see cref="InventoryNode.ExcludedReason"/> says why it is not usable (cordoned, not Ready).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    /// <exception cref="FormatException">The Node has no name, or a quantity cannot be read; the message names the node and resource.</exception>
    public InventoryNode ReadNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        string name = node.Metadata?.Name is { Length: > 0 } n ? n : throw new FormatException("A Node without metadata.name.");
        IDictionary<string, ResourceQuantity> allocatable = node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>();
        IDictionary<string, string> labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        var resources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string resource, ResourceQuantity quantity) in allocatable)
        {
            if (_options.IsDeviceResource(resource))
            {
                int count = ReadCount(quantity, name, resource);
                if (count > 0)
                {
                    string type = GetDeviceType(resource, labels);
                    devices[type] = devices.GetValueOrDefault(type) + count <= NodeSpec.MaxDevicesPerType ? devices.GetValueOrDefault(type) + count
                        : throw new FormatException($"Node {name}: more than {NodeSpec.MaxDevicesPerType} devices of type {type}.");
                    resources[resource] = type;
                }
            }
        }

        // Shares that ask for GPU memory need each GPU's memory: GPU feature discovery's label, for whole-GPU pools.
        long? gpuMemory = ReadGpuMemory(labels);
        var deviceMemory = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string resource, string type) in resources)
        {
            if (gpuMemory is { } bytes && _options.GpuResources.Contains(resource))
            {
                deviceMemory[type] = bytes;
            }
        }

        var spec = new NodeSpec(name, devices)
        {
            DeviceMemoryBytes = deviceMemory.Count > 0 ? deviceMemory : null,
            CpuCores = allocatable.TryGetValue("cpu", out ResourceQuantity? cpu) ? ReadCores(cpu, name) : 0,
            MemoryBytes = allocatable.TryGetValue("memory", out ResourceQuantity? memory) ? ReadBytes(memory, name, "memory") : 0,
            TopologyGroup = (_options.TopologyLabel is { } topology && labels.TryGetValue(topology, out string? group)) ? group
                : labels.TryGetValue(ZoneLabel, out string? zone) ? zone : null,
        };
        var taints = new List<string>();
        foreach (V1Taint taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is "NoSchedule" or "NoExecute")
            {
                taints.Add($"{taint.Key}{(string.IsNullOrEmpty(taint.Value) ? "" : "=" + taint.Value)}:{taint.Effect}");
            }
        }

        return new InventoryNode(name, spec, GetExcludedReason(node))
        {
            DeviceResources = resources,
            Labels = new SortedDictionary<string, string>(labels, StringComparer.Ordinal),
            Taints = taints,
        };
    }

    /// <summary>The device type of a node's resource: MIG profiles by resource name, whole GPUs by the device-type label.</summary>
    internal string GetDeviceType(string resource, IDictionary<string, string> labels) =>
        resource.StartsWith(_options.MigResourcePrefix, StringComparison.Ordinal) ? resource
        : labels.TryGetValue(_options.DeviceTypeLabel, out string? product) && product.Length > 0 ? product
        : resource;

    /// <summary>
    /// What one pod asks for, as kube-scheduler counts it: per resource, the larger of the containers' sum and the
    /// largest init container (init containers run one at a time, before the others), plus the pod's overhead. An
    /// extended resource's request defaults to its limit.
    /// </summary>
    /// <param name="pod">The pod.</param>
    /// <returns>CPU cores, memory bytes and, per extended resource, the count.</returns>
    /// <exception cref="FormatException">A quantity cannot be read or is negative; the message names the pod and resource.</exception>
    internal static PodRequest ReadRequest(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        string name = $"{pod.Metadata?.NamespaceProperty ?? "default"}/{pod.Metadata?.Name ?? "?"}";
        var sum = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (V1Container container in pod.Spec?.Containers ?? [])
        {
            foreach ((string resource, decimal amount) in Requests(container, name))
            {
                sum[resource] = sum.GetValueOrDefault(resource) + amount;
            }
        }

        foreach (V1Container init in pod.Spec?.InitContainers ?? [])
        {
            foreach ((string resource, decimal amount) in Requests(init, name))
            {
                sum[resource] = Math.Max(sum.GetValueOrDefault(resource), amount);
            }
        }

        foreach ((string resource, ResourceQuantity quantity) in pod.Spec?.Overhead ?? new Dictionary<string, ResourceQuantity>())
        {
            sum[resource] = sum.GetValueOrDefault(resource) + Read(quantity, name, resource);
        }

        var extended = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach ((string resource, decimal amount) in sum)
        {
            if (resource is not ("cpu" or "memory" or "ephemeral-storage") && amount > 0)
            {
                extended[resource] = amount == decimal.Truncate(amount) && amount <= long.MaxValue
                    ? (long)amount
                    : throw new FormatException($"Pod {name}: {resource} must be a whole number (was {amount.ToString(CultureInfo.InvariantCulture)}).");
            }
        }

        decimal bytes = sum.GetValueOrDefault("memory");
        return new PodRequest(
            (double)sum.GetValueOrDefault("cpu"),
            bytes > long.MaxValue ? throw new FormatException($"Pod {name}: memory request {bytes} is beyond 2^63 bytes.") : (long)decimal.Ceiling(bytes),
            extended);
    }

    private static IEnumerable<(string Resource, decimal Amount)> Requests(V1Container container, string pod)
    {
        IDictionary<string, ResourceQuantity>? requests = container.Resources?.Requests;
        IDictionary<string, ResourceQuantity>? limits = container.Resources?.Limits;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string resource, ResourceQuantity quantity) in requests ?? new Dictionary<string, ResourceQuantity>())
        {
            seen.Add(resource);
            yield return (resource, Read(quantity, pod, resource));
        }

        foreach ((string resource, ResourceQuantity quantity) in limits ?? new Dictionary<string, ResourceQuantity>())
        {
            if (!seen.Contains(resource) && resource is not ("cpu" or "memory" or "ephemeral-storage"))
            {
                yield return (resource, Read(quantity, pod, resource));
            }
        }
    }

    private static string? GetExcludedReason(V1Node node)
    {
        if (node.Spec?.Unschedulable == true)
        {
            return "cordoned (spec.unschedulable)";
        }

        V1NodeCondition? ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return ready is null ? "no Ready condition reported"
            : ready.Status != "True" ? $"not Ready ({ready.Reason ?? ready.Status}{(ready.Message is { Length: > 0 } m ? ": " + m : "")})"
            : null;
    }

    private static decimal Read(ResourceQuantity quantity, string owner, string resource)
    {
        decimal value;
        try
        {
            value = quantity.ToDecimal();
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
        {
            throw new FormatException($"{owner}: {resource} quantity '{quantity}' cannot be read: {exception.Message}", exception);
        }

        return value >= 0 ? value : throw new FormatException($"{owner}: {resource} quantity '{quantity}' is negative.");
    }

    private static int ReadCount(ResourceQuantity quantity, string node, string resource)
    {
        decimal value = Read(quantity, $"Node {node}", resource);
        return value == decimal.Truncate(value) && value <= NodeSpec.MaxDevicesPerType ? (int)value
            : throw new FormatException($"Node {node}: {resource} must be a whole count ≤ {NodeSpec.MaxDevicesPerType} (was {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    private static double ReadCores(ResourceQuantity quantity, string node) => (double)Read(quantity, $"Node {node}", "cpu");

    private static long ReadBytes(ResourceQuantity quantity, string node, string resource)
    {
        decimal value = Read(quantity, $"Node {node}", resource);
        return value <= long.MaxValue ? (long)decimal.Floor(value) : throw new FormatException($"Node {node}: {resource} {value} is beyond 2^63 bytes.");
    }
}
