using System.Globalization;
using System.Text;

namespace Aios.Hardware;

/// <summary>Where a device sits in the machine.</summary>
public sealed record DeviceTopology
{
    /// <summary>No topology known.</summary>
    public static DeviceTopology Unknown { get; } = new();

    /// <summary>The NUMA node the device is attached to, when known.</summary>
    public int? NumaNode { get; init; }

    /// <summary>The PCI bus id in the canonical form <c>dddd:bb:dd.f</c> (lower-case hex), when the device is on PCI.</summary>
    public string? PciBusId { get; init; }

    /// <summary>The logical CPUs close to the device (for a CPU device: the CPUs it is made of), when known.</summary>
    public IReadOnlyList<int> CpuSet { get; init; } = [];

    /// <summary>The physical package (socket) of a CPU device, when known.</summary>
    public int? Socket { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"NumaNode = {NumaNode}, PciBusId = {PciBusId}, CpuSet = {Printing.List(CpuSet)}, Socket = {Socket}");
        return true;
    }
}
