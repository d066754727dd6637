using System.Diagnostics.Metrics;
using Aios.Data.Caching;
using Aios.Data.DependencyInjection;
using Aios.Data.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an Aios.Data <see cref="DatasetCache"/> in a service collection.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="DatasetCache"/>: memory, then the local cache folder (when set), then the
    /// container's <see cref="IDistributedCache"/> (when <see cref="DatasetCacheSettings.UseDistributedCache"/>), then the
    /// origin store (read-only). The container's <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> are used when
    /// registered. An existing registration is kept (TryAdd).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the tiers; <see cref="DatasetCacheSettings.OriginPath"/> is required.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <remarks>Resolving the cache throws <see cref="InvalidOperationException"/> when no origin is set, or a distributed
    /// cache is asked for and none is registered.</remarks>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, Action<DatasetCacheSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(provider =>
        {
            var settings = new DatasetCacheSettings();
            configure(settings);
            if (string.IsNullOrWhiteSpace(settings.OriginPath))
            {
                throw new InvalidOperationException("AddAiosDatasetCache: set OriginPath, the chunk store the datasets were packed into.");
            }

            IMeterFactory? meters = provider.GetService<IMeterFactory>();
            var tiers = new List<ChunkTier>();
            if (settings.LocalCachePath is { } local)
            {
                tiers.Add(new ChunkStoreTier(
                    ChunkStore.OpenOrCreate(local, new ChunkStoreOptions { MeterFactory = meters }),
                    "local",
                    new ChunkStoreTierOptions { CapacityBytes = settings.LocalCacheBytes, Policy = settings.LocalCachePolicy }));
            }

            if (settings.UseDistributedCache)
            {
                IDistributedCache distributed = provider.GetService<IDistributedCache>()
                    ?? throw new InvalidOperationException("AddAiosDatasetCache: UseDistributedCache is set but no IDistributedCache is registered (e.g. AddStackExchangeRedisCache).");
                tiers.Add(new DistributedCacheTier(distributed, "remote"));
            }

            tiers.Add(new ChunkStoreTier(
                ChunkStore.Open(settings.OriginPath, new ChunkStoreOptions { MeterFactory = meters }),
                "origin",
                new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = tiers.Count > 0 }));
            return new DatasetCache(tiers, new DatasetCacheOptions
            {
                MemoryBytes = settings.MemoryBytes,
                MemoryPolicy = settings.MemoryPolicy,
                RetryUnavailableAfter = settings.RetryUnavailableAfter,
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
                MeterFactory = meters,
            });
        });
        return services;
    }
}
