using System.Globalization;
using System.Text;

namespace Aios.Hardware.Selection;

/// <summary>A device that failed at least one predicate of a <see cref="DeviceSelector"/>, with one reason per failed predicate.</summary>
/// <param name="Device">The device.</param>
/// <param name="Reasons">Human-readable reasons, one per failed predicate, in the order the predicates were added,
/// for example <c>memoryBytes 17179869184 &lt; 42949672960</c>. Never empty.</param>
public sealed record DeviceRejection(Device Device, IReadOnlyList<string> Reasons)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Device = {Device}, Reasons = {Printing.List(Reasons)}");
        return true;
    }
}
