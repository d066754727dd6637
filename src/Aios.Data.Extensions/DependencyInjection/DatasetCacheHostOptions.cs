using Aios.Data.Caching;

namespace Aios.Data.DependencyInjection;

/// <summary>
/// What <c>services.AddAiosDatasetCache</c> builds: the memory tier and the tiers below it. Registered as named options
/// (<c>IOptionsMonitor&lt;DatasetCacheHostOptions&gt;.Get(name)</c>), so <c>services.Configure</c> and configuration
/// binding (the property names are the keys) change it, and <c>ValidateOnStart</c> reports
/// every invalid property at once.
/// </summary>
/// <remarks>
/// Every property has a documented default. The cache reads the options once, when it is first resolved: changing them
/// afterwards has no effect on it.
/// </remarks>
public sealed class DatasetCacheHostOptions
{
    /// <summary>Gets or sets the memory tier's budget in bytes, ≥ 0 (0: no memory tier). Default 256 MiB.</summary>
    public long MemoryBytes { get; set; } = 256L << 20;

    /// <summary>Gets or sets the memory tier's policy. Default <see cref="CachePolicy.Clairvoyant"/>.</summary>
    public CachePolicy MemoryPolicy { get; set; } = CachePolicy.Clairvoyant;

    /// <summary>Gets or sets a local chunk-store folder used as a disk cache tier (null: none).</summary>
    public string? LocalCachePath { get; set; }

    /// <summary>Gets or sets the local cache tier's budget in stored bytes, ≥ 0 (null: unbounded).</summary>
    public long? LocalCacheBytes { get; set; }

    /// <summary>Gets or sets the local cache tier's policy. Default <see cref="CachePolicy.Clairvoyant"/>.</summary>
    public CachePolicy LocalCachePolicy { get; set; } = CachePolicy.Clairvoyant;

    /// <summary>
    /// Gets or sets whether the container's <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/> (for
    /// example Redis through <c>AddStackExchangeRedisCache</c>) is a shared tier below the local one. Default false.
    /// </summary>
    public bool UseDistributedCache { get; set; }

    /// <summary>Gets or sets the origin: the chunk-store folder the datasets were packed into (a local path or a share). Required.</summary>
    public string? OriginPath { get; set; }

    /// <summary>Gets or sets how long an unreachable tier is skipped, ≥ 0. Default 1 s.</summary>
    public TimeSpan RetryUnavailableAfter { get; set; } = TimeSpan.FromSeconds(1);
}
