namespace Aios.Data.Storage;

/// <summary>A chunk or manifest is not in the store.</summary>
public sealed class ChunkNotFoundException : IOException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="id">The missing chunk or manifest.</param>
    /// <param name="path">Where it was looked for.</param>
    public ChunkNotFoundException(ContentId id, string path)
        : base($"Stored object {id} is not in the store (no {path}).")
    {
        Id = id;
        Path = path;
    }

    internal ChunkNotFoundException(ContentId id, string path, string message)
        : base(message)
    {
        Id = id;
        Path = path;
    }

    /// <summary>Gets the missing chunk or manifest.</summary>
    public ContentId Id { get; }

    /// <summary>Gets where it was looked for.</summary>
    public string Path { get; }
}
