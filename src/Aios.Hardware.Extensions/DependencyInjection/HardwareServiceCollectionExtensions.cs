using System.Diagnostics.Metrics;
using Aios.Hardware;
using Aios.Hardware.DependencyInjection;
using Aios.Hardware.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Aios.Hardware in a service collection.</summary>
/// <remarks>
/// <para>Registers a singleton <see cref="HardwareCatalog"/>: the providers <see cref="HardwareHostOptions"/> names
/// (from <c>services.Configure</c> or configuration), then those the code adds; the container's
/// <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> when registered; and a singleton <see cref="HardwareMetrics"/> on the container's
/// <see cref="IMeterFactory"/> when one is registered (else on the shared meter). The options are validated when the host
/// starts (<c>ValidateOnStart</c>) and when the catalog is first resolved.</para>
/// <para>One machine has one catalog: a second call throws <see cref="InvalidOperationException"/> rather than being
/// dropped. Add providers in the one configure action, or through <c>services.Configure&lt;HardwareHostOptions&gt;</c>.</para>
/// </remarks>
public static class HardwareServiceCollectionExtensions
{
    /// <summary>Registers the catalog, with the providers <paramref name="configure"/> adds.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds providers to the builder, for example <c>b =&gt; b.AddStaticFile("cluster.json")</c>; it runs when the catalog is first resolved.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A catalog is already registered.</exception>
    public static IServiceCollection AddAiosHardware(this IServiceCollection services, Action<HardwareBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services, (builder, _) => configure(builder));
        return services;
    }

    /// <summary>Registers the catalog, with the providers <paramref name="configure"/> adds with the container at hand.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds providers to the builder when the catalog is first resolved.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A catalog is already registered.</exception>
    public static IServiceCollection AddAiosHardware(this IServiceCollection services, Action<HardwareBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services, configure);
        return services;
    }

    /// <summary>Registers the catalog with <see cref="HardwareHostOptions"/> bound from <paramref name="configuration"/> (keys <c>Cpu</c> and <c>StaticFiles</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:Hardware")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A catalog is already registered.</exception>
    public static IServiceCollection AddAiosHardware(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Register(services, static (_, _) => { }).Bind(configuration);
        return services;
    }

    private static OptionsBuilder<HardwareHostOptions> Register(IServiceCollection services, Action<HardwareBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (ServiceDescriptor existing in services)
        {
            if (existing.ServiceType == typeof(HardwareCatalog) && !existing.IsKeyedService)
            {
                throw new InvalidOperationException(
                    "AddAiosHardware: a hardware catalog is already registered. Add every provider in one AddAiosHardware call, or through services.Configure<HardwareHostOptions>(...).");
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HardwareHostOptions>, HardwareHostOptionsValidator>());
        services.AddSingleton(provider =>
        {
            HardwareHostOptions options = provider.GetRequiredService<IOptions<HardwareHostOptions>>().Value;
            var builder = new HardwareBuilder();
            if (provider.GetService<TimeProvider>() is { } timeProvider)
            {
                builder.UseTimeProvider(timeProvider);
            }

            if (provider.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                builder.UseLoggerFactory(loggerFactory);
            }

            builder.UseMetrics(provider.GetRequiredService<HardwareMetrics>());
            if (options.Cpu)
            {
                builder.AddCpu();
            }

            if (options.StaticFiles.Count > 0)
            {
                builder.AddStaticFiles(options.StaticFiles);
            }

            configure(builder, provider);
            return builder.Build();
        });
        services.TryAddSingleton(provider => provider.GetService<IMeterFactory>() is { } meterFactory ? new HardwareMetrics(meterFactory) : HardwareMetrics.Shared);
        return services.AddOptions<HardwareHostOptions>().ValidateOnStart();
    }
}
