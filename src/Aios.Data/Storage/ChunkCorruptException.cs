namespace Aios.Data.Storage;

/// <summary>A stored chunk or manifest failed verification: its bytes are not what was written. Nothing is returned from it.</summary>
public sealed class ChunkCorruptException : IOException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="id">The chunk or manifest.</param>
    /// <param name="path">The file.</param>
    /// <param name="reason">What failed.</param>
    /// <param name="innerException">The decoder's exception, if any.</param>
    public ChunkCorruptException(ContentId id, string path, string reason, Exception? innerException = null)
        : base($"Stored object {id} ({path}) is corrupt: {reason}. Delete the file and pack the source again to restore it.", innerException)
    {
        Id = id;
        Path = path;
        Reason = reason;
    }

    /// <summary>Gets the chunk or manifest.</summary>
    public ContentId Id { get; }

    /// <summary>Gets the file.</summary>
    public string Path { get; }

    /// <summary>Gets what failed.</summary>
    public string Reason { get; }
}
