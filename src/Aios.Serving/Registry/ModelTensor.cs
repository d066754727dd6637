using System.Globalization;
using System.Text;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>One tensor of a model version.</summary>
/// <param name="File">The safetensors file that holds it.</param>
/// <param name="Name">The tensor's name.</param>
/// <param name="Dtype">Its element type (<c>BF16</c>, <c>F32</c>, …).</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Offset">Where its bytes start in <paramref name="File"/> (8 + N + its data offset).</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Content">
/// The SHA-256 of its chunks' ids in order. The tensor's bytes alone decide its chunks (they are cut within the tensor),
/// so two tensors have the same content id exactly when their bytes are equal.
/// </param>
public sealed record ModelTensor(string File, string Name, string Dtype, IReadOnlyList<long> Shape, long Offset, long Length, ContentId Content)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"File = {File}, Name = {Name}, Dtype = {Dtype}, Shape = {Printing.List(Shape)}, Offset = {Offset}, Length = {Length}, Content = {Content}");
        return true;
    }
}
