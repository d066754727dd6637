namespace Aios.Data.Storage;

/// <summary>A chunk a manifest names that is not stored.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="File">The file of the dataset that needs it.</param>
/// <param name="Chunk">The missing chunk.</param>
public sealed record MissingChunk(ContentId Manifest, string File, ContentId Chunk);
