namespace Aios.Hardware.Resources;

/// <summary>
/// The resource vectors of an inventory, in the terms a scheduler counts: per node, devices by model, memory, CPU cores
/// and compute units, and the same summed over all nodes. It knows nothing of any scheduler; it only counts.
/// </summary>
/// <remarks>
/// Devices are grouped into nodes by their <see cref="HardwareAttributeNames.Node"/> attribute (static clusters set it);
/// devices without it belong to <see cref="LocalNode"/>. Only top-level devices count: a partition consumes its parent's
/// capacity, so counting both would count the memory twice. Unavailable devices are left out of every figure and counted
/// in <see cref="UnavailableDevices"/>; degraded devices still count (they still run work). Models are keyed by
/// <see cref="ModelKey.Of(Device)"/>.
/// </remarks>
public sealed class ResourceSummary
{
    /// <summary>The name of the node that holds devices without a <see cref="HardwareAttributeNames.Node"/> attribute.</summary>
    public const string LocalNode = "local";

    private static readonly Comparer<(DeviceKind Kind, string Model)> ByKindThenModel =
        Comparer<(DeviceKind Kind, string Model)>.Create(static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Model, b.Model));

    private ResourceSummary(IReadOnlyList<NodeResources> nodes, IReadOnlyList<ModelResources> models)
    {
        Nodes = nodes;
        Models = models;
        foreach (NodeResources node in nodes)
        {
            CpuCores += node.CpuCores;
            HostMemoryBytes += node.HostMemoryBytes;
            DeviceMemoryBytes += node.DeviceMemoryBytes;
            ComputeUnits += node.ComputeUnits;
            UnavailableDevices += node.UnavailableDevices;
        }
    }

    /// <summary>Gets the nodes, ordered by name (ordinal).</summary>
    public IReadOnlyList<NodeResources> Nodes { get; }

    /// <summary>Gets the healthy devices by model and kind over all nodes, ordered by kind, then model key.</summary>
    public IReadOnlyList<ModelResources> Models { get; }

    /// <summary>Gets the CPU cores of all nodes.</summary>
    public long CpuCores { get; }

    /// <summary>Gets the host memory of all nodes, in bytes.</summary>
    public long HostMemoryBytes { get; }

    /// <summary>Gets the device memory (non-CPU devices) of all nodes, in bytes.</summary>
    public long DeviceMemoryBytes { get; }

    /// <summary>Gets the compute units of the non-CPU devices of all nodes.</summary>
    public long ComputeUnits { get; }

    /// <summary>Gets how many devices are unavailable and were left out of every other figure.</summary>
    public int UnavailableDevices { get; }

    /// <summary>Summarizes an inventory.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inventory"/> is <see langword="null"/>.</exception>
    public static ResourceSummary From(DeviceInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var byNode = new SortedDictionary<string, List<Device>>(StringComparer.Ordinal);
        foreach (Device device in inventory.Devices)
        {
            string node = device.TryGetAttribute(HardwareAttributeNames.Node, out DeviceAttribute attribute) && attribute.TryGetString(out string? name) && name.Length > 0
                ? name
                : LocalNode;
            if (!byNode.TryGetValue(node, out List<Device>? devices))
            {
                devices = [];
                byNode[node] = devices;
            }

            devices.Add(device);
        }

        var nodes = new List<NodeResources>(byNode.Count);
        var all = new SortedDictionary<(DeviceKind, string), ModelResources>(ByKindThenModel);
        foreach ((string node, List<Device> devices) in byNode)
        {
            NodeResources resources = Summarize(node, devices);
            nodes.Add(resources);
            foreach (ModelResources model in resources.Models)
            {
                all[(model.Kind, model.Model)] = all.TryGetValue((model.Kind, model.Model), out ModelResources sum) ? Combine(sum, model) : model;
            }
        }

        return new ResourceSummary(nodes, [.. all.Values]);
    }

    /// <summary>Gets how many healthy devices of a model the inventory has over all nodes.</summary>
    /// <param name="model">The model key, such as <c>a100</c> (compared ordinally, lower-case).</param>
    /// <returns>The count; 0 when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public int CountOf(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int count = 0;
        foreach (NodeResources node in Nodes)
        {
            count += node.CountOf(model);
        }

        return count;
    }

    private static NodeResources Summarize(string node, List<Device> devices)
    {
        var models = new SortedDictionary<(DeviceKind, string), ModelResources>(ByKindThenModel);
        long cores = 0, hostMemory = 0, deviceMemory = 0, computeUnits = 0;
        int unavailable = 0;
        string? group = null;
        foreach (Device device in devices)
        {
            if (group is null && device.TryGetAttribute(HardwareAttributeNames.TopologyGroup, out DeviceAttribute groupAttribute) && groupAttribute.TryGetString(out string? groupName))
            {
                group = groupName;
            }

            if (device.Health.Status == HealthStatus.Unavailable)
            {
                unavailable++;
                continue;
            }

            long memory = device.TryGetCapacity(CapacityNames.MemoryBytes, out long m) ? m : 0;
            long units = device.TryGetCapacity(CapacityNames.ComputeUnits, out long u) ? u : 0;
            if (device.Kind == DeviceKind.Cpu)
            {
                cores += device.TryGetCapacity(CapacityNames.Cores, out long c) ? c : units;
                hostMemory += memory;
            }
            else
            {
                deviceMemory += memory;
                computeUnits += units;
            }

            var one = new ModelResources(ModelKey.Of(device), device.Kind, 1, memory, memory, units);
            (DeviceKind, string) key = (device.Kind, one.Model);
            models[key] = models.TryGetValue(key, out ModelResources sum) ? Combine(sum, one) : one;
        }

        return new NodeResources
        {
            Node = node,
            TopologyGroup = group,
            Models = [.. models.Values],
            CpuCores = cores,
            HostMemoryBytes = hostMemory,
            DeviceMemoryBytes = deviceMemory,
            ComputeUnits = computeUnits,
            UnavailableDevices = unavailable,
        };
    }

    private static ModelResources Combine(ModelResources a, ModelResources b) =>
        a with
        {
            Count = a.Count + b.Count,
            MemoryBytesPerDevice = Math.Min(a.MemoryBytesPerDevice, b.MemoryBytesPerDevice),
            TotalMemoryBytes = a.TotalMemoryBytes + b.TotalMemoryBytes,
            ComputeUnits = a.ComputeUnits + b.ComputeUnits,
        };
}
