namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="ChunkStoreTier"/>.</summary>
public sealed class ChunkStoreTierOptions
{
    /// <summary>
    /// Gets the tier's budget in stored bytes (chunk files, headers included), or null for none. With a budget the store
    /// is a cache: chunks are evicted (deleted) to honour it, so it must not be a store datasets were packed into.
    /// </summary>
    public long? CapacityBytes { get; init; }

    /// <summary>Gets the admission and eviction policy under a budget. Default <see cref="CachePolicy.Clairvoyant"/>.</summary>
    public CachePolicy Policy { get; init; } = CachePolicy.Clairvoyant;

    /// <summary>Gets whether the cache may not fill the tier (an origin it only reads). Default false.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Gets whether reads return the chunk file image too, so tiers above store it without compressing it again — for a
    /// remote folder read by faster tiers. A local tier leaves it off and reads straight into the content. Default false.
    /// </summary>
    public bool ReturnImages { get; init; }

    internal void Validate()
    {
        if (CapacityBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CapacityBytes), CapacityBytes, "The capacity must be ≥ 0 bytes (or null for none).");
        }

        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "The policy must be Lru, AdmitOnce or Clairvoyant.");
        }
    }
}
