using Aios.Data.Storage;

namespace Aios.Data.DependencyInjection;

/// <summary>
/// The origin of a registered dataset cache: the chunk store the datasets were packed into, and its manifests. A host
/// resolves it (keyed by the cache's name when the cache is named) to list the dataset versions and read one to open a
/// <see cref="Reading.DatasetReader"/>.
/// </summary>
public sealed class DatasetOrigin
{
    /// <summary>Initializes the origin over <paramref name="store"/>.</summary>
    /// <param name="store">The store the datasets were packed into.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public DatasetOrigin(ChunkStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
    }

    /// <summary>Gets the origin store (the cache's last, read-only tier reads it).</summary>
    public ChunkStore Store { get; }

    /// <summary>Lists the dataset versions in the store.</summary>
    /// <returns>The manifest ids, sorted.</returns>
    /// <exception cref="IOException">The store's manifest folder cannot be listed.</exception>
    public IReadOnlyList<ContentId> GetManifestIds() => Store.GetManifestIds();

    /// <summary>Reads a manifest asynchronously and checks its bytes against its id.</summary>
    /// <param name="id">The manifest's id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ChunkNotFoundException">The manifest is not stored.</exception>
    /// <exception cref="ChunkCorruptException">Its bytes do not hash to its id or do not parse.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<DatasetManifest> GetManifestAsync(ContentId id, CancellationToken cancellationToken = default) =>
        Store.ReadManifestAsync(id, cancellationToken);
}
