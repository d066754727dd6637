using Aios.Data.Compression;
using Microsoft.Extensions.Caching.Distributed;

namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="DistributedCacheTier"/>.</summary>
/// <remarks>
/// Every property has a documented default. A <see cref="DistributedCacheTier"/> validates the options and takes a copy
/// of them when it is created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class DistributedCacheTierOptions
{
    /// <summary>Gets or sets the prefix of every key, not null; the chunk's id in hex follows. Default <c>aios:chunk:</c>.</summary>
    public string KeyPrefix { get; set; } = "aios:chunk:";

    /// <summary>Gets or sets the entries' expiration, not null; default none (the server's own eviction, e.g. Redis <c>maxmemory-policy</c>, governs).</summary>
    public DistributedCacheEntryOptions EntryOptions { get; set; } = new();

    /// <summary>
    /// Gets or sets whether every read also checks the content's SHA-256 against the chunk's id. Default true: any writer
    /// can fill a shared server, so a well-formed chunk stored under the wrong key must not pass.
    /// </summary>
    public bool VerifyContentHash { get; set; } = true;

    /// <summary>Gets or sets the selector that compresses chunks written without an image, not null. Default <see cref="CodecSelector.Default"/>.</summary>
    public CodecSelector Selector { get; set; } = CodecSelector.Default;

    /// <summary>Checks every option and returns a copy of them all (what a tier keeps); the entry options are copied too.</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException">An option is null; the exception names the first one.</exception>
    internal DistributedCacheTierOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        var copy = (DistributedCacheTierOptions)MemberwiseClone();
        copy.EntryOptions = new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = EntryOptions.AbsoluteExpiration,
            AbsoluteExpirationRelativeToNow = EntryOptions.AbsoluteExpirationRelativeToNow,
            SlidingExpiration = EntryOptions.SlidingExpiration,
        };
        return copy;
    }

    /// <summary>Lists every invalid option, each as an exception that names it.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (KeyPrefix is null)
        {
            yield return new ArgumentNullException(nameof(KeyPrefix), "KeyPrefix must not be null (it may be empty).");
        }

        if (EntryOptions is null)
        {
            yield return new ArgumentNullException(nameof(EntryOptions), "EntryOptions must not be null.");
        }

        if (Selector is null)
        {
            yield return new ArgumentNullException(nameof(Selector), "Selector must not be null.");
        }
    }
}
