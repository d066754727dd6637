using System.Globalization;
using System.Text;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>What a registration stored.</summary>
/// <param name="Version">The new version.</param>
/// <param name="Chunks">The chunks of all its files (repeats counted).</param>
/// <param name="NewChunks">The chunks the store did not hold before.</param>
/// <param name="NewBytes">The content bytes of the new chunks: what this version added, before compression.</param>
/// <param name="NewStoredBytes">The bytes of the new chunk files (compressed, headers included).</param>
public sealed record ModelRegistrationResult(ModelVersion Version, int Chunks, int NewChunks, long NewBytes, long NewStoredBytes)
{
    /// <summary>Gets the files that were not registered (symbolic links, FIFOs, devices): never followed or opened.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>Gets the share of the version's bytes that were new: <see cref="NewBytes"/> / <see cref="ModelVersion.TotalBytes"/>.</summary>
    public double NewShare => Version.TotalBytes == 0 ? 0 : (double)NewBytes / Version.TotalBytes;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Version = {Version.Reference}, Chunks = {Chunks}, NewChunks = {NewChunks}, NewBytes = {NewBytes}, NewStoredBytes = {NewStoredBytes}, Skipped = {Printing.List(Skipped)}, NewShare = {NewShare}");
        return true;
    }
}
