using System.Diagnostics.CodeAnalysis;

namespace Aios.Hardware;

/// <summary>
/// Everything discovery found: the devices of every provider (partitions under their parents), each provider's
/// status, and the pairwise links between devices.
/// </summary>
public sealed class DeviceInventory
{
    private readonly Dictionary<DeviceId, Device> _byId = [];
    private readonly Dictionary<(DeviceId, DeviceId), DeviceLink> _links = [];

    /// <summary>Creates an inventory.</summary>
    /// <param name="devices">The whole devices (partitions hang under <see cref="Device.Partitions"/>).</param>
    /// <param name="providers">Each provider's status.</param>
    /// <param name="links">Links reported by providers.</param>
    /// <exception cref="ArgumentException">Two devices share an identity.</exception>
    public DeviceInventory(IEnumerable<Device> devices, IEnumerable<ProviderStatus> providers, IEnumerable<DeviceLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(providers);
        Devices = [.. devices];
        Providers = [.. providers];
        foreach (Device device in Devices)
        {
            if (!TryIndex(device, out DeviceId duplicate))
            {
                throw new ArgumentException($"Two devices share the identity {duplicate}.", nameof(devices));
            }
        }

        var linkList = new List<DeviceLink>();
        foreach (DeviceLink link in links ?? [])
        {
            _links[(link.First, link.Second)] = link;
            _links[(link.Second, link.First)] = link;
            linkList.Add(link);
        }

        Links = linkList;
    }

    /// <summary>The whole devices, in provider order.</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>Each registered provider's status, in registration order.</summary>
    public IReadOnlyList<ProviderStatus> Providers { get; }

    /// <summary>The links providers reported.</summary>
    public IReadOnlyList<DeviceLink> Links { get; }

    /// <summary>Every device and partition, parents before their partitions.</summary>
    public IEnumerable<Device> AllDevices => _byId.Values;

    /// <summary>Finds a device or partition by identity.</summary>
    /// <param name="id">The identity.</param>
    /// <param name="device">The device.</param>
    /// <returns>Whether it is in the inventory.</returns>
    public bool TryGetDevice(DeviceId id, [MaybeNullWhen(false)] out Device device) => _byId.TryGetValue(id, out device);

    /// <summary>
    /// How two devices are connected: a link a provider reported; else <see cref="LinkKind.Self"/> for a device and
    /// itself or its partitions; else from the topology (same NUMA node, or across sockets); else unknown.
    /// </summary>
    /// <param name="first">One device.</param>
    /// <param name="second">The other.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="KeyNotFoundException">A device is not in the inventory.</exception>
    public LinkKind GetLink(DeviceId first, DeviceId second)
    {
        Device a = Require(first);
        Device b = Require(second);
        if (first == second || Root(a).Id == Root(b).Id)
        {
            return LinkKind.Self;
        }

        if (_links.TryGetValue((Root(a).Id, Root(b).Id), out DeviceLink link))
        {
            return link.Kind;
        }

        int? numaA = Root(a).Topology.NumaNode;
        int? numaB = Root(b).Topology.NumaNode;
        if (numaA is { } na && numaB is { } nb)
        {
            return na == nb ? LinkKind.SameNumaNode : LinkKind.CrossSocket;
        }

        return LinkKind.Unknown;
    }

    /// <summary>The pairwise link matrix of some devices: entry [i, j] is <see cref="GetLink"/> of devices i and j.</summary>
    /// <param name="devices">The devices, in the order of the matrix rows and columns.</param>
    /// <returns>A symmetric matrix with <see cref="LinkKind.Self"/> on the diagonal.</returns>
    /// <exception cref="KeyNotFoundException">A device is not in the inventory.</exception>
    public LinkKind[,] GetLinkMatrix(IReadOnlyList<DeviceId> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var matrix = new LinkKind[devices.Count, devices.Count];
        for (int i = 0; i < devices.Count; i++)
        {
            for (int j = i; j < devices.Count; j++)
            {
                matrix[i, j] = matrix[j, i] = GetLink(devices[i], devices[j]);
            }
        }

        return matrix;
    }

    private Device Root(Device device)
    {
        while (device.Parent is { } parent && _byId.TryGetValue(parent, out Device? parentDevice))
        {
            device = parentDevice;
        }

        return device;
    }

    private Device Require(DeviceId id) =>
        _byId.TryGetValue(id, out Device? device) ? device : throw new KeyNotFoundException($"Device {id} is not in the inventory.");

    private bool TryIndex(Device device, out DeviceId duplicate)
    {
        duplicate = device.Id;
        if (!_byId.TryAdd(device.Id, device))
        {
            return false;
        }

        foreach (Device partition in device.Partitions)
        {
            if (!TryIndex(partition, out duplicate))
            {
                return false;
            }
        }

        return true;
    }
}
