using System.Diagnostics.Metrics;
using Aios.Hardware;
using Aios.Hardware.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Aios.Hardware in a service collection.</summary>
public static class HardwareServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="HardwareCatalog"/> built by <paramref name="configure"/>, using the container's
    /// <see cref="TimeProvider"/> when one is registered, and a singleton <see cref="HardwareMetrics"/> on the container's
    /// <see cref="IMeterFactory"/> when one is registered (else on the shared meter). Existing registrations are kept (TryAdd).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds providers to the builder, for example <c>b =&gt; b.AddStaticFile("cluster.json")</c>; it runs when the catalog is first resolved.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddAiosHardware(this IServiceCollection services, Action<HardwareBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(provider =>
        {
            var builder = new HardwareBuilder();
            if (provider.GetService<TimeProvider>() is { } timeProvider)
            {
                builder.UseTimeProvider(timeProvider);
            }

            builder.UseMetrics(provider.GetRequiredService<HardwareMetrics>());
            configure(builder);
            return builder.Build();
        });
        services.TryAddSingleton(provider => provider.GetService<IMeterFactory>() is { } meterFactory ? new HardwareMetrics(meterFactory) : HardwareMetrics.Shared);
        return services;
    }
}
