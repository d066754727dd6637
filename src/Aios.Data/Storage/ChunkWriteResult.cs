using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>The outcome of writing one chunk.</summary>
/// <param name="Id">The chunk's id (SHA-256 of its content).</param>
/// <param name="Length">The content length.</param>
/// <param name="StoredLength">Bytes the chunk file occupies, header included.</param>
/// <param name="Deduplicated">True when the chunk was already stored (nothing written).</param>
/// <param name="Decision">The selector's decision; null when deduplicated.</param>
public readonly record struct ChunkWriteResult(ContentId Id, int Length, long StoredLength, bool Deduplicated, CodecDecision? Decision);
