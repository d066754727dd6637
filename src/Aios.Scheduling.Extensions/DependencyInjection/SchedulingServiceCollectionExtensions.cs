using System.Diagnostics.Metrics;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an Aios.Scheduling <see cref="Scheduler"/> in a service collection.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="Scheduler"/> over the cluster <paramref name="cluster"/> returns, configured by
    /// <paramref name="configure"/>. The container's <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and
    /// <see cref="IMeterFactory"/> are used when registered and the options do not set their own. An existing
    /// registration is kept (TryAdd).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="cluster">Builds the cluster when the scheduler is first resolved (for example from the registered hardware catalog's inventory).</param>
    /// <param name="configure">Sets the options (policy, queues, …); null for the defaults.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="cluster"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, Func<IServiceProvider, ClusterSpec> cluster, Action<SchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(cluster);
        services.TryAddSingleton(provider =>
        {
            var options = new SchedulerOptions();
            if (provider.GetService<TimeProvider>() is { } timeProvider)
            {
                options.TimeProvider = timeProvider;
            }

            options.LoggerFactory = provider.GetService<ILoggerFactory>();
            options.MeterFactory = provider.GetService<IMeterFactory>();
            configure?.Invoke(options);
            return new Scheduler(cluster(provider), options);
        });
        return services;
    }
}
