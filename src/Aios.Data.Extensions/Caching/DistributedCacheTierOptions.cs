using Aios.Data.Compression;
using Microsoft.Extensions.Caching.Distributed;

namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="DistributedCacheTier"/>.</summary>
public sealed class DistributedCacheTierOptions
{
    /// <summary>Gets the prefix of every key; the chunk's id in hex follows. Default <c>aios:chunk:</c>.</summary>
    public string KeyPrefix { get; init; } = "aios:chunk:";

    /// <summary>Gets the entries' expiration; default none (the server's own eviction, e.g. Redis <c>maxmemory-policy</c>, governs).</summary>
    public DistributedCacheEntryOptions EntryOptions { get; init; } = new();

    /// <summary>
    /// Gets whether every read also checks the content's SHA-256 against the chunk's id. Default true: any writer can fill a
    /// shared server, so a well-formed chunk stored under the wrong key must not pass.
    /// </summary>
    public bool VerifyContentHash { get; init; } = true;

    /// <summary>Gets the selector that compresses chunks written without an image. Default <see cref="CodecSelector.Default"/>.</summary>
    public CodecSelector Selector { get; init; } = CodecSelector.Default;
}
