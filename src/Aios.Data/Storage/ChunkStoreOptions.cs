using System.Diagnostics.Metrics;
using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>Options of a <see cref="ChunkStore"/>.</summary>
/// <remarks>
/// Every property has a documented default. <see cref="ChunkStore.Open"/> and <see cref="ChunkStore.OpenOrCreate"/>
/// validate the options and take a copy of them: changing this object afterwards has no effect on the store, and one
/// object may configure several stores.
/// </remarks>
public sealed class ChunkStoreOptions
{
    /// <summary>Gets or sets the selector that decides how each new chunk is stored; <see cref="CodecSelector.Default"/> by default.</summary>
    public CodecSelector Selector { get; set; } = CodecSelector.Default;

    /// <summary>
    /// Gets or sets whether every new chunk and manifest is flushed to the device before it is renamed into place; false by
    /// default. Without it a killed process still leaves nothing that reads back wrong (files appear only by atomic
    /// rename), but a power loss can leave a renamed file whose bytes never reached the disk — reads then report it
    /// corrupt rather than return it. Turn it on where power loss must not lose acknowledged writes.
    /// </summary>
    public bool FlushToDisk { get; set; }

    /// <summary>
    /// Gets or sets whether reads also recompute the SHA-256 of the content and compare it with the chunk's name; false by
    /// default (every read already checks two XXH3 sums — of the stored bytes and of the decoded content).
    /// </summary>
    public bool VerifyContentHashOnRead { get; set; }

    /// <summary>Gets or sets the factory of the <c>Aios.Data</c> meter; a shared meter when null.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what a store keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the exception names the first one.</exception>
    internal ChunkStoreOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (ChunkStoreOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Selector is null)
        {
            yield return new ArgumentNullException(nameof(Selector), "Selector must not be null.");
        }
    }
}
