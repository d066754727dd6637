namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="DatasetCache"/>.</summary>
public sealed class DatasetCacheOptions
{
    /// <summary>Gets the memory tier's budget in bytes of decoded chunks, ≥ 0 (0: no memory tier). Default 256 MiB.</summary>
    public long MemoryBytes { get; init; } = 256L << 20;

    /// <summary>Gets the memory tier's policy. Default <see cref="CachePolicy.Clairvoyant"/> (admit-once until a schedule is set).</summary>
    public CachePolicy MemoryPolicy { get; init; } = CachePolicy.Clairvoyant;

    /// <summary>
    /// Gets how long a tier that failed transiently (server down, share unreachable: see <see cref="ChunkTier.IsTransient"/>)
    /// is skipped before it is tried again. Default 1 s.
    /// </summary>
    public TimeSpan RetryUnavailableAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the clock for <see cref="RetryUnavailableAfter"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the factory of the <c>Aios.Data</c> meter; null uses a shared meter.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Gets the factory of the cache's logger (category <c>Aios.Data</c>): tiers becoming unavailable and available
    /// again, corrupt copies found and repaired, chunks no tier holds good. Null (the default) logs nothing.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        if (MemoryBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "The memory budget must be ≥ 0 bytes.");
        }

        if (!Enum.IsDefined(MemoryPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryPolicy), MemoryPolicy, "The policy must be Lru, AdmitOnce or Clairvoyant.");
        }

        if (RetryUnavailableAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryUnavailableAfter), RetryUnavailableAfter, "The retry delay must be ≥ 0.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
