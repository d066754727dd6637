namespace Aios.Data.Caching;

/// <summary>Options of a <see cref="DatasetCache"/>.</summary>
/// <remarks>
/// Every property has a documented default. The cache validates the options and takes a copy of them when it is created
/// (as <c>MemoryCache</c> does): changing this object afterwards has no effect on that cache, and one object may configure
/// several caches.
/// </remarks>
public sealed class DatasetCacheOptions
{
    /// <summary>Gets or sets the memory tier's budget in bytes of decoded chunks, ≥ 0 (0: no memory tier). Default 256 MiB.</summary>
    public long MemoryBytes { get; set; } = 256L << 20;

    /// <summary>Gets or sets the memory tier's policy. Default <see cref="CachePolicy.Clairvoyant"/> (admit-once until a schedule is set).</summary>
    public CachePolicy MemoryPolicy { get; set; } = CachePolicy.Clairvoyant;

    /// <summary>
    /// Gets or sets how long a tier that failed transiently (server down, share unreachable: see <see cref="ChunkTier.IsTransient"/>)
    /// is skipped before it is tried again. Default 1 s.
    /// </summary>
    public TimeSpan RetryUnavailableAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the clock for <see cref="RetryUnavailableAfter"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the factory of the <c>Aios.Data</c> meter; null uses a shared meter.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Gets or sets the factory of the cache's logger (category <c>Aios.Data</c>): tiers becoming unavailable and available
    /// again, corrupt copies found and repaired, chunks no tier holds good. Null (the default) logs nothing.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what a cache keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the exception names the first one.</exception>
    internal DatasetCacheOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (DatasetCacheOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (MemoryBytes < 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "MemoryBytes must be ≥ 0 (0: no memory tier).");
        }

        if (!Enum.IsDefined(MemoryPolicy))
        {
            yield return new ArgumentOutOfRangeException(nameof(MemoryPolicy), MemoryPolicy, "MemoryPolicy must be Lru, AdmitOnce or Clairvoyant.");
        }

        if (RetryUnavailableAfter < TimeSpan.Zero)
        {
            yield return new ArgumentOutOfRangeException(nameof(RetryUnavailableAfter), RetryUnavailableAfter, "RetryUnavailableAfter must be ≥ 0.");
        }

        if (TimeProvider is null)
        {
            yield return new ArgumentNullException(nameof(TimeProvider), "TimeProvider must not be null.");
        }
    }
}
