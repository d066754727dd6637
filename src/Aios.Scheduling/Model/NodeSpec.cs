using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Model;

/// <summary>
/// One node of a cluster: its device pools (a count of devices per device type), CPU cores, memory and topology group.
/// </summary>
/// <remarks>
/// A replica of a job is placed on one node and takes all its devices from one pool there, so a pool is the unit that
/// a replica's GPUs come from. The topology group names the rack, NVLink island or switch the node belongs to; the
/// topology placement keeps a gang inside one group when it fits.
/// </remarks>
public sealed record NodeSpec
{
    private static readonly FrozenDictionary<string, int> NoDevices = FrozenDictionary<string, int>.Empty;

    /// <summary>Creates a node.</summary>
    /// <param name="name">The node's name, unique in its cluster; not empty.</param>
    /// <param name="devices">The number of devices per device type (e.g. <c>a100 → 8</c>); counts ≥ 0, type names not empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="devices"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> or a device type is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A device count is negative.</exception>
    public NodeSpec(string name, IReadOnlyDictionary<string, int> devices)
    {
        Name = name;
        Devices = devices;
    }

    /// <summary>Gets the node's name, unique in its cluster.</summary>
    public string Name
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Name));
            field = value;
        }
    } = "";

    /// <summary>The most devices of one type a node may have: the scheduler keeps a free-count index per type as deep as
    /// the largest pool, so a node reporting billions of devices (a broken device plugin) is refused, not indexed.</summary>
    public const int MaxDevicesPerType = 65_536;

    /// <summary>Gets the number of devices per device type, each in 0–<see cref="MaxDevicesPerType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set with a count outside 0–<see cref="MaxDevicesPerType"/>.</exception>
    public IReadOnlyDictionary<string, int> Devices
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Devices));
            foreach (KeyValuePair<string, int> pool in value)
            {
                ArgumentException.ThrowIfNullOrEmpty(pool.Key, nameof(Devices));
                if (pool.Value is < 0 or > MaxDevicesPerType)
                {
                    throw new ArgumentOutOfRangeException(nameof(Devices), pool.Value, $"The count of device type '{pool.Key}' must be in 0–{MaxDevicesPerType:N0}.");
                }
            }

            field = value.ToFrozenDictionary(StringComparer.Ordinal);
        }
    } = NoDevices;

    /// <summary>
    /// Gets the memory in bytes of each GPU, per device type (e.g. <c>a100 → 80 GiB</c>); null (the default) or a type
    /// not listed: unknown. Only fractional requests read it: a share asking for GPU memory
    /// (<see cref="ReplicaRequest.GpuMemoryBytes"/> &gt; 0) fits only on a device whose type's memory is known here and
    /// has that much left by the device's other shares; a share asking for none fits whether it is known or not.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set with a negative amount or an empty type name.</exception>
    public IReadOnlyDictionary<string, long>? DeviceMemoryBytes
    {
        get;
        init
        {
            if (value is not null)
            {
                foreach (KeyValuePair<string, long> type in value)
                {
                    if (string.IsNullOrEmpty(type.Key) || type.Value < 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(DeviceMemoryBytes), type.Value, $"The GPU memory of device type '{type.Key}' must be named and ≥ 0.");
                    }
                }

                value = value.ToFrozenDictionary(StringComparer.Ordinal);
            }

            field = value;
        }
    }

    /// <summary>Gets the CPU cores the node offers to jobs; finite and ≥ 0 (default 0: requests of CPU cores never fit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    public double CpuCores
    {
        get;
        init
        {
            Guard.FiniteNonNegative(value, nameof(CpuCores));
            field = value;
        }
    }

    /// <summary>Gets the memory in bytes the node offers to jobs; ≥ 0 (default 0: requests of memory never fit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long MemoryBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MemoryBytes));
            field = value;
        }
    }

    /// <summary>Gets the topology group (rack, NVLink island) of the node, or null when it belongs to none.</summary>
    public string? TopologyGroup { get; init; }

    /// <summary>Gets the number of devices of every type on the node.</summary>
    public int TotalDevices
    {
        get
        {
            int total = 0;
            foreach (KeyValuePair<string, int> pool in Devices)
            {
                total += pool.Value;
            }

            return total;
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, Devices = {Printing.Dictionary(Devices)}, CpuCores = {CpuCores}, MemoryBytes = {MemoryBytes}, TopologyGroup = {TopologyGroup}, DeviceMemoryBytes = {Printing.Dictionary(DeviceMemoryBytes)}, TotalDevices = {TotalDevices}");
        return true;
    }
}
