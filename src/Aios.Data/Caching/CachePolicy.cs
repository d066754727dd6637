namespace Aios.Data.Caching;

/// <summary>How a byte-budgeted cache tier admits and evicts chunks.</summary>
public enum CachePolicy
{
    /// <summary>
    /// Least recently used: admit every chunk, evict the one used longest ago. The baseline of MosaicML Streaming,
    /// Alluxio and JuiceFS; under per-epoch shuffling it hits far below the cache's share of the dataset.
    /// </summary>
    Lru,

    /// <summary>
    /// Admit once, never evict (CoorDL's "MinIO" cache, VLDB'21): the first chunks that fit stay for good. On uniformly
    /// shuffled epochs it hits exactly the cached share of the dataset from the second epoch on.
    /// </summary>
    AdmitOnce,

    /// <summary>
    /// Clairvoyant (Belady's MIN over the sampler's schedule): evict the chunk needed furthest in the future, and do not
    /// admit a chunk needed later than everything cached. Without a schedule it behaves as <see cref="AdmitOnce"/>.
    /// </summary>
    Clairvoyant,
}
