using System.Globalization;
using System.Text;

namespace Aios.Serving.Registry;

/// <summary>What changed from one model version to another, tensor by tensor and byte by byte.</summary>
/// <param name="From">The older reference (<c>name@version</c>).</param>
/// <param name="To">The newer reference.</param>
/// <param name="Added">Tensors only in <paramref name="To"/>, by name (ordinal order).</param>
/// <param name="Removed">Tensors only in <paramref name="From"/>.</param>
/// <param name="Changed">Tensors in both whose bytes, dtype or shape differ.</param>
/// <param name="Unchanged">How many tensors are in both with the same bytes, dtype and shape.</param>
/// <param name="ChangedFiles">Files (other than tensors' bytes) added, removed or changed, by path.</param>
/// <param name="BytesShared">Bytes of <paramref name="To"/>'s files held in chunks that <paramref name="From"/> also has.</param>
/// <param name="BytesNew">Bytes of <paramref name="To"/>'s files in chunks <paramref name="From"/> does not have; with <paramref name="BytesShared"/> they sum to <paramref name="To"/>'s total.</param>
public sealed record ModelDiff(
    string From,
    string To,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    int Unchanged,
    IReadOnlyList<string> ChangedFiles,
    long BytesShared,
    long BytesNew)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"From = {From}, To = {To}, Added = {Printing.List(Added)}, Removed = {Printing.List(Removed)}, Changed = {Printing.List(Changed)}, Unchanged = {Unchanged}, ChangedFiles = {Printing.List(ChangedFiles)}, BytesShared = {BytesShared}, BytesNew = {BytesNew}");
        return true;
    }
}
