using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Kubernetes;

/// <summary>What the pods bound to one node use, counted as kube-scheduler counts them.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Pods">The pods bound to it that have not ended (not Succeeded or Failed), whoever placed them.</param>
/// <param name="CpuCores">The CPU cores they request.</param>
/// <param name="MemoryBytes">The memory they request, in bytes.</param>
/// <param name="Devices">Per device type of the node's pools (the keys of <see cref="InventoryNode.Spec"/>'s devices), the devices they use; every pool is present, unused ones with 0.</param>
public sealed record NodeUsage(string Name, int Pods, double CpuCores, long MemoryBytes, IReadOnlyDictionary<string, long> Devices)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, Pods = {Pods}, CpuCores = {CpuCores}, MemoryBytes = {MemoryBytes}, Devices = {Printing.Dictionary(Devices)}");
        return true;
    }
}
