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
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value, or to other than 1 while <see cref="GpuMilli"/> is set.</exception>
    public int Gpus
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Gpus));
            if (GpuMilli > 0 && value != 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Gpus), value, $"A request for a share of a GPU (GpuMilli {GpuMilli}) takes Gpus 1, a share of one device.");
            }

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

    /// <summary>The largest <see cref="GpuMilli"/>: a share of 999 thousandths of one GPU (1000 is the whole device, asked for with <see cref="GpuMilli"/> 0).</summary>
    public const int MaxGpuMilli = 999;

    /// <summary>
    /// Gets the share of one GPU each replica needs, in thousandths: 0 (the default) asks for <see cref="Gpus"/> whole
    /// GPUs; 1–<see cref="MaxGpuMilli"/> asks for that share of one device, which replicas of any job asking for shares
    /// may share as long as the shares on it add up to at most 1000 (valid only with <see cref="Gpus"/> 1, checked by
    /// <see cref="JobSpec"/>).
    /// </summary>
    /// <remarks>
    /// Quotas, fair share and attained service count a fractional replica as one GPU (its <see cref="Gpus"/>). A job
    /// asking for shares is never preempted and never preempts; see the README's "Fractional GPUs in the engine".
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 0–<see cref="MaxGpuMilli"/>, or above 0 while <see cref="Gpus"/> is not 1.</exception>
    public int GpuMilli
    {
        get;
        init
        {
            if (value is < 0 or > MaxGpuMilli)
            {
                throw new ArgumentOutOfRangeException(nameof(GpuMilli), value, $"The share of a GPU must be in 0–{MaxGpuMilli} thousandths (0: whole GPUs).");
            }

            if (value > 0 && Gpus != 1)
            {
                throw new ArgumentOutOfRangeException(nameof(GpuMilli), value, $"A share of a GPU (1–{MaxGpuMilli} thousandths) is valid only with Gpus 1, not {Gpus}.");
            }

            field = value;
        }
    }

    /// <summary>
    /// Gets the GPU memory in bytes each fractional replica needs on its device (≥ 0; 0, the default, asks for none). Only
    /// a share (<see cref="GpuMilli"/> &gt; 0) may ask for GPU memory; it then fits only on devices of a type whose memory
    /// the node states (<see cref="NodeSpec.DeviceMemoryBytes"/>) with that much left by the device's other shares.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long GpuMemoryBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(GpuMemoryBytes));
            field = value;
        }
    }

    /// <summary>Gets whether each replica asks for a share of one GPU (<see cref="GpuMilli"/> &gt; 0) rather than whole GPUs.</summary>
    public bool IsFractional => GpuMilli > 0;

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
        builder.Append(CultureInfo.InvariantCulture, $"Gpus = {Gpus}, DeviceTypes = {Printing.List(DeviceTypes)}, Nodes = {Printing.List(Nodes)}, CpuCores = {CpuCores}, MemoryBytes = {MemoryBytes}, GpuMilli = {GpuMilli}, GpuMemoryBytes = {GpuMemoryBytes}, IsFractional = {IsFractional}");
        return true;
    }
}
