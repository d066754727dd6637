using System.Diagnostics.Metrics;
using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>Options of a <see cref="ChunkStore"/>.</summary>
public sealed record ChunkStoreOptions
{
    /// <summary>Gets the selector that decides how each new chunk is stored; <see cref="CodecSelector.Default"/> by default.</summary>
    public CodecSelector Selector { get; init; } = CodecSelector.Default;

    /// <summary>
    /// Gets whether every new chunk and manifest is flushed to the device before it is renamed into place; false by
    /// default. Without it a killed process still leaves nothing that reads back wrong (files appear only by atomic
    /// rename), but a power loss can leave a renamed file whose bytes never reached the disk — reads then report it
    /// corrupt rather than return it. Turn it on where power loss must not lose acknowledged writes.
    /// </summary>
    public bool FlushToDisk { get; init; }

    /// <summary>
    /// Gets whether reads also recompute the SHA-256 of the content and compare it with the chunk's name; false by
    /// default (every read already checks two XXH3 sums — of the stored bytes and of the decoded content).
    /// </summary>
    public bool VerifyContentHashOnRead { get; init; }

    /// <summary>Gets the factory of the <c>Aios.Data</c> meter; a shared meter when null.</summary>
    public IMeterFactory? MeterFactory { get; init; }
}
