using System.Globalization;
using System.Text;

namespace Aios.Data.Storage;

/// <summary>One file of a dataset version: its relative path, length and chunks in order.</summary>
/// <param name="Path">The path relative to the dataset root, with <c>/</c> separators, never rooted and never containing <c>..</c>.</param>
/// <param name="Length">The file's length: the sum of its chunk lengths.</param>
/// <param name="Chunks">The chunks, in file order.</param>
public sealed record ManifestFile(string Path, long Length, IReadOnlyList<ManifestChunk> Chunks)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Path = {Path}, Length = {Length}, Chunks = {Printing.List(Chunks)}");
        return true;
    }
}
