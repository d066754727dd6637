using System.Globalization;
using System.Text;

namespace Aios.Data.Storage;

/// <summary>The outcome of <see cref="DatasetPacker.PackAsync"/>.</summary>
/// <param name="Manifest">The manifest's id.</param>
/// <param name="Files">Files packed.</param>
/// <param name="Bytes">Their total length.</param>
/// <param name="Chunks">Chunks in the manifest (with repeats).</param>
/// <param name="UniqueChunks">Distinct chunks in the manifest.</param>
/// <param name="StoredBytes">Bytes the distinct chunks occupy in the store (headers included), whether this pack wrote them or found them.</param>
/// <param name="NewChunks">Chunks this pack wrote (the rest were already stored).</param>
/// <param name="NewStoredBytes">Bytes this pack added to the store.</param>
public sealed record DatasetPackResult(ContentId Manifest, int Files, long Bytes, int Chunks, int UniqueChunks, long StoredBytes, int NewChunks, long NewStoredBytes)
{
    /// <summary>Gets <see cref="Bytes"/> / <see cref="StoredBytes"/>: compression and deduplication together.</summary>
    public double Ratio => StoredBytes == 0 ? 1 : (double)Bytes / StoredBytes;

    /// <summary>
    /// Gets the entries of the source that were not packed, in path order: symbolic links (to files or folders; links are
    /// never followed, so link loops cannot occur), FIFOs, sockets and devices (never opened: opening a FIFO for reading
    /// blocks until a writer comes), and files that vanished or changed type while the pack ran. Empty when none.
    /// </summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Manifest = {Manifest}, Files = {Files}, Bytes = {Bytes}, Chunks = {Chunks}, UniqueChunks = {UniqueChunks}, StoredBytes = {StoredBytes}, NewChunks = {NewChunks}, NewStoredBytes = {NewStoredBytes}, Ratio = {Ratio}, Skipped = {Printing.List(Skipped)}");
        return true;
    }
}
