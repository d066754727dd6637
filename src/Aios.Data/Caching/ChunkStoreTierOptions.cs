namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="ChunkStoreTier"/>.</summary>
/// <remarks>
/// Every property has a documented default. A <see cref="ChunkStoreTier"/> validates the options and takes a copy of them when it is
/// created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class ChunkStoreTierOptions
{
    /// <summary>
    /// Gets or sets the tier's budget in stored bytes (chunk files, headers included), or null for none. With a budget the store
    /// is a cache: chunks are evicted (deleted) to honour it, so it must not be a store datasets were packed into.
    /// </summary>
    public long? CapacityBytes { get; set; }

    /// <summary>Gets or sets the admission and eviction policy under a budget. Default <see cref="CachePolicy.Clairvoyant"/>.</summary>
    public CachePolicy Policy { get; set; } = CachePolicy.Clairvoyant;

    /// <summary>Gets or sets whether the cache may not fill the tier (an origin it only reads). Default false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Gets or sets whether reads return the chunk file image too, so tiers above store it without compressing it again — for a
    /// remote folder read by faster tiers. A local tier leaves it off and reads straight into the content. Default false.
    /// </summary>
    public bool ReturnImages { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what a tier keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the exception names the first one.</exception>
    internal ChunkStoreTierOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (ChunkStoreTierOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (CapacityBytes is < 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(CapacityBytes), CapacityBytes, "The capacity must be ≥ 0 bytes (or null for none).");
        }

        if (!Enum.IsDefined(Policy))
        {
            yield return new ArgumentOutOfRangeException(nameof(Policy), Policy, "The policy must be Lru, AdmitOnce or Clairvoyant.");
        }
    }
}
