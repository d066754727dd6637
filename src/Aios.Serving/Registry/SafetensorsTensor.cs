using System.Globalization;
using System.Text;

namespace Aios.Serving.Registry;

/// <summary>One tensor of a safetensors file, as its header describes it.</summary>
/// <param name="Name">The tensor's name (e.g. <c>model.layers.0.self_attn.q_proj.weight</c>).</param>
/// <param name="Dtype">The element type as the format spells it (<c>F32</c>, <c>BF16</c>, <c>F8_E4M3</c>, …).</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
/// <param name="Begin">The first byte, relative to the start of the data section.</param>
/// <param name="End">One past the last byte, relative to the start of the data section.</param>
public sealed record SafetensorsTensor(string Name, string Dtype, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Gets the tensor's length in bytes.</summary>
    public long Length => End - Begin;

    /// <summary>Gets the number of elements: the product of the shape (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, Dtype = {Dtype}, Shape = {Printing.List(Shape)}, Begin = {Begin}, End = {End}, Length = {Length}, ElementCount = {ElementCount}");
        return true;
    }
}
