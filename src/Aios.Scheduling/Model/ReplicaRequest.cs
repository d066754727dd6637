using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Model;

/// <summary>What one replica of a job needs on the node it is placed on.</summary>
/// <remarks>
/// A replica's GPUs all come from one device pool of one node. <see cref="DeviceTypes"/> lists the acceptable device
/// types, most preferred first; null or empty accepts every type. <see cref="Nodes"/> lists the nodes the replicas may
/// be placed on (Kubernetes' node selectors, required node affinity and taints, decided per node by the caller); null
/// allows every node.
/// </remarks>
public sealed record ReplicaRequest
{
    /// <summary>Creates a request for <paramref name="gpus"/> GPUs of any type and nothing else.</summary>
    /// <param name="gpus">GPUs per replica; ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gpus"/> is negative.</exception>
    public ReplicaRequest(int gpus)
    {
        Gpus = gpus;
    }

    /// <summary>Gets the GPUs per replica (≥ 0), all of one device type on one node.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int Gpus
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Gpus));
            field = value;
        }
    }

    /// <summary>Gets the acceptable device types, most preferred first; null or empty accepts any type.</summary>
    public IReadOnlyList<string>? DeviceTypes { get; init; }

    /// <summary>Gets the names of the nodes the replicas may be placed on; null (the default) allows every node.</summary>
    /// <remarks>
    /// An empty list allows no node: the job never fits and waits with <see cref="Engine.WaitReason.ExceedsCluster"/>.
    /// Names the cluster does not have are ignored (until a node of that name is added). Like <see cref="DeviceTypes"/>,
    /// the list takes part in the record's equality by reference.
    /// </remarks>
    public IReadOnlyList<string>? Nodes { get; init; }

    /// <summary>Gets the CPU cores per replica; finite and ≥ 0.</summary>
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

    /// <summary>Gets the memory in bytes per replica; ≥ 0.</summary>
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

    /// <summary>Gets whether <paramref name="deviceType"/> is acceptable.</summary>
    /// <param name="deviceType">A device type name.</param>
    /// <returns>True when the type is listed or when any type is accepted.</returns>
    public bool Accepts(string deviceType)
    {
        if (DeviceTypes is null || DeviceTypes.Count == 0)
        {
            return true;
        }

        for (int i = 0; i < DeviceTypes.Count; i++)
        {
            if (string.Equals(DeviceTypes[i], deviceType, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Gpus = {Gpus}, DeviceTypes = {Printing.List(DeviceTypes)}, Nodes = {Printing.List(Nodes)}, CpuCores = {CpuCores}, MemoryBytes = {MemoryBytes}");
        return true;
    }
}
