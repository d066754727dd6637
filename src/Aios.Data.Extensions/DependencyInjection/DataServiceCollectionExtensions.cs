using System.Diagnostics.Metrics;
using Aios.Data.Caching;
using Aios.Data.DependencyInjection;
using Aios.Data.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Aios.Data <see cref="DatasetCache"/>s, and the <see cref="DatasetOrigin"/> each reads, in a service collection.</summary>
/// <remarks>
/// <para>Each call registers one cache and its origin as singletons, with <see cref="DatasetCacheHostOptions"/> as options
/// of the same name: the unnamed overloads register plain services (resolve <see cref="DatasetCache"/>) over the default
/// options name (<see cref="Options.Options.DefaultName"/>); the named ones register keyed services (resolve with
/// <c>GetRequiredKeyedService&lt;DatasetCache&gt;(name)</c> or <c>[FromKeyedServices(name)]</c>) over the options of that
/// name, so two datasets get two caches, each with its own options.</para>
/// <para>The options are validated when the host starts (<c>ValidateOnStart</c>) and when the cache is first resolved;
/// every invalid property is reported at once. <c>services.Configure&lt;DatasetCacheHostOptions&gt;(name, …)</c> changes
/// them before the cache is first resolved, whether called before or after.</para>
/// <para>A second registration under the same name throws <see cref="InvalidOperationException"/> rather than being
/// dropped or replacing the first: two caches cannot share one name. To add settings to a registered cache, use
/// <c>services.Configure</c>.</para>
/// <para>The container's <see cref="TimeProvider"/>, <see cref="IMeterFactory"/> and <see cref="ILoggerFactory"/> are used when registered.</para>
/// </remarks>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="DatasetCache"/> (memory, then the local cache folder when set, then the container's
    /// <see cref="IDistributedCache"/> when <see cref="DatasetCacheHostOptions.UseDistributedCache"/>, then the origin store,
    /// read-only) and its <see cref="DatasetOrigin"/>, configured by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the tiers; <see cref="DatasetCacheHostOptions.OriginPath"/> is required.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="InvalidOperationException">An unnamed dataset cache is already registered.</exception>
    /// <remarks>Resolving the cache throws <see cref="OptionsValidationException"/> when an option is invalid, and
    /// <see cref="InvalidOperationException"/> when a distributed cache is asked for and none is registered.</remarks>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, Action<DatasetCacheHostOptions> configure) =>
        AddAiosDatasetCache(services, Options.Options.DefaultName, configure);

    /// <summary>Registers a dataset cache and its origin under <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the services' key and the options' name (empty: the unnamed cache).</param>
    /// <param name="configure">Sets the tiers; <see cref="DatasetCacheHostOptions.OriginPath"/> is required.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A dataset cache of that name is already registered.</exception>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, string name, Action<DatasetCacheHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services, name).Configure(configure);
        return services;
    }

    /// <summary>Registers a dataset cache and its origin under <paramref name="name"/>, configured with access to the container (for example to read a path another service knows).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the services' key and the options' name (empty: the unnamed cache).</param>
    /// <param name="configure">Sets the tiers from the container when the cache is first resolved.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A dataset cache of that name is already registered.</exception>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, string name, Action<DatasetCacheHostOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services, name).Configure<IServiceProvider>(configure);
        return services;
    }

    /// <summary>Registers the unnamed dataset cache and its origin with options bound from <paramref name="configuration"/> (keys: the <see cref="DatasetCacheHostOptions"/> property names).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:Dataset")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">An unnamed dataset cache is already registered.</exception>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, IConfiguration configuration) =>
        AddAiosDatasetCache(services, Options.Options.DefaultName, configuration);

    /// <summary>Registers a dataset cache and its origin under <paramref name="name"/> with options bound from <paramref name="configuration"/> (keys: the <see cref="DatasetCacheHostOptions"/> property names).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the services' key and the options' name (empty: the unnamed cache).</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:Datasets:train")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A dataset cache of that name is already registered.</exception>
    public static IServiceCollection AddAiosDatasetCache(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Register(services, name).Bind(configuration);
        return services;
    }

    private static OptionsBuilder<DatasetCacheHostOptions> Register(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        bool keyed = name.Length > 0;
        foreach (ServiceDescriptor existing in services)
        {
            if (existing.ServiceType == typeof(DatasetCache) && existing.IsKeyedService == keyed && (!keyed || Equals(existing.ServiceKey, name)))
            {
                string which = keyed ? $"named '{name}'" : "without a name";
                throw new InvalidOperationException(
                    $"AddAiosDatasetCache: a dataset cache {which} is already registered. Give each cache its own name, or change this one's options with services.Configure<DatasetCacheHostOptions>({(keyed ? $"\"{name}\", " : "")}...).");
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatasetCacheHostOptions>, DatasetCacheHostOptionsValidator>());
        if (keyed)
        {
            services.AddKeyedSingleton(name, (provider, _) => CreateOrigin(provider, name));
            services.AddKeyedSingleton(name, (provider, _) => CreateCache(provider, name, provider.GetRequiredKeyedService<DatasetOrigin>(name)));
        }
        else
        {
            services.AddSingleton(provider => CreateOrigin(provider, name));
            services.AddSingleton(provider => CreateCache(provider, name, provider.GetRequiredService<DatasetOrigin>()));
        }

        return services.AddOptions<DatasetCacheHostOptions>(name).ValidateOnStart();
    }

    private static DatasetOrigin CreateOrigin(IServiceProvider provider, string name)
    {
        DatasetCacheHostOptions options = provider.GetRequiredService<IOptionsMonitor<DatasetCacheHostOptions>>().Get(name);
        return new DatasetOrigin(ChunkStore.Open(options.OriginPath!, new ChunkStoreOptions { MeterFactory = provider.GetService<IMeterFactory>() }));
    }

    private static DatasetCache CreateCache(IServiceProvider provider, string name, DatasetOrigin origin)
    {
        DatasetCacheHostOptions options = provider.GetRequiredService<IOptionsMonitor<DatasetCacheHostOptions>>().Get(name);
        IMeterFactory? meters = provider.GetService<IMeterFactory>();
        var tiers = new List<ChunkTier>();
        if (options.LocalCachePath is { } local)
        {
            tiers.Add(new ChunkStoreTier(
                ChunkStore.OpenOrCreate(local, new ChunkStoreOptions { MeterFactory = meters }),
                "local",
                new ChunkStoreTierOptions { CapacityBytes = options.LocalCacheBytes, Policy = options.LocalCachePolicy }));
        }

        if (options.UseDistributedCache)
        {
            IDistributedCache distributed = provider.GetService<IDistributedCache>()
                ?? throw new InvalidOperationException("AddAiosDatasetCache: UseDistributedCache is set but no IDistributedCache is registered (e.g. AddStackExchangeRedisCache).");
            tiers.Add(new DistributedCacheTier(distributed, "remote"));
        }

        tiers.Add(new ChunkStoreTier(origin.Store, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = tiers.Count > 0 }));
        return new DatasetCache(tiers, new DatasetCacheOptions
        {
            MemoryBytes = options.MemoryBytes,
            MemoryPolicy = options.MemoryPolicy,
            RetryUnavailableAfter = options.RetryUnavailableAfter,
            TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
            MeterFactory = meters,
            LoggerFactory = provider.GetService<ILoggerFactory>(),
        });
    }
}
