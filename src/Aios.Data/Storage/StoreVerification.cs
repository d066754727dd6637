using System.Globalization;
using System.Text;

namespace Aios.Data.Storage;

/// <summary>The result of <see cref="ChunkStore.VerifyAsync"/>.</summary>
/// <param name="Chunks">Chunk files checked.</param>
/// <param name="CorruptChunks">Chunks that failed, by path.</param>
/// <param name="Manifests">Manifests checked.</param>
/// <param name="CorruptManifests">Manifests that failed.</param>
/// <param name="MissingChunks">Chunks named by a manifest but not stored.</param>
/// <param name="TemporaryFiles">Files under <c>tmp/</c>: writes in progress, or left by writers that died (harmless; see <see cref="ChunkStore.RemoveTemporaryFiles"/>).</param>
public sealed record StoreVerification(
    int Chunks,
    IReadOnlyList<CorruptObject> CorruptChunks,
    int Manifests,
    IReadOnlyList<CorruptObject> CorruptManifests,
    IReadOnlyList<MissingChunk> MissingChunks,
    int TemporaryFiles)
{
    /// <summary>Gets whether nothing is corrupt or missing.</summary>
    public bool IsHealthy => CorruptChunks.Count == 0 && CorruptManifests.Count == 0 && MissingChunks.Count == 0;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Chunks = {Chunks}, CorruptChunks = {Printing.List(CorruptChunks)}, Manifests = {Manifests}, CorruptManifests = {Printing.List(CorruptManifests)}, MissingChunks = {Printing.List(MissingChunks)}, TemporaryFiles = {TemporaryFiles}, IsHealthy = {IsHealthy}");
        return true;
    }
}
