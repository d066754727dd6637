using System.Diagnostics.Metrics;
using Aios.Scheduling.DependencyInjection;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Aios.Scheduling <see cref="Scheduler"/>s in a service collection.</summary>
/// <remarks>
/// <para>Each call registers one scheduler as a singleton, with <see cref="SchedulerOptions"/> as options of the same
/// name: the unnamed overloads register a plain service (resolve <see cref="Scheduler"/>) over the default options name;
/// the named ones register a keyed service (<c>GetRequiredKeyedService&lt;Scheduler&gt;(name)</c> or
/// <c>[FromKeyedServices(name)]</c>) over the options of that name, so two clusters get two schedulers, each with its own
/// options. <c>services.Configure&lt;SchedulerOptions&gt;(name, …)</c> changes them before the scheduler is first resolved.</para>
/// <para>The options are validated when the host starts (<c>ValidateOnStart</c>) and when the scheduler is first
/// resolved; every invalid value is reported at once. The scheduler takes its snapshot of them when it is created.</para>
/// <para>A second registration under the same name throws <see cref="InvalidOperationException"/> rather than being
/// dropped or replacing the first: one name cannot have two clusters. To add settings, use <c>services.Configure</c>.</para>
/// <para>The container's <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/> are used
/// when registered and the options do not set their own.</para>
/// </remarks>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Registers the unnamed scheduler over the cluster <paramref name="cluster"/> returns, with the default options (change them with <c>services.Configure&lt;SchedulerOptions&gt;</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="cluster">Builds the cluster when the scheduler is first resolved, with the container at hand.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="cluster"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An unnamed scheduler is already registered.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, Func<IServiceProvider, ClusterSpec> cluster) =>
        AddAiosScheduler(services, Options.Options.DefaultName, cluster, static _ => { });

    /// <summary>Registers the unnamed scheduler over the cluster <paramref name="cluster"/> returns, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="cluster">Builds the cluster when the scheduler is first resolved, with the container at hand.</param>
    /// <param name="configure">Sets the options (policy, queues, …).</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An unnamed scheduler is already registered.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, Func<IServiceProvider, ClusterSpec> cluster, Action<SchedulerOptions> configure) =>
        AddAiosScheduler(services, Options.Options.DefaultName, cluster, configure);

    /// <summary>Registers a scheduler under <paramref name="name"/> over the cluster <paramref name="cluster"/> returns, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the service's key and the options' name (empty: the unnamed scheduler).</param>
    /// <param name="cluster">Builds the cluster when the scheduler is first resolved, with the container at hand.</param>
    /// <param name="configure">Sets the options (policy, queues, …).</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A scheduler of that name is already registered.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, string name, Func<IServiceProvider, ClusterSpec> cluster, Action<SchedulerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services, name, cluster).Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers the unnamed scheduler from <paramref name="configuration"/>: the <see cref="SchedulerOptions"/> property
    /// names as keys (<c>Policy</c> is a name such as <c>las+backfill</c>; <c>AttainedServiceThresholds</c> and <c>Queues</c>
    /// are arrays), and the cluster under <c>Cluster:Nodes</c> (each with <c>Name</c>, <c>Devices:&lt;type&gt;</c> = count,
    /// <c>CpuCores</c>, <c>MemoryBytes</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:Scheduler")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An unnamed scheduler is already registered.</exception>
    /// <exception cref="OptionsValidationException">The <c>Cluster</c> section is missing or invalid; every bad value is listed.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, IConfiguration configuration) =>
        AddAiosScheduler(services, Options.Options.DefaultName, configuration);

    /// <summary>Registers a scheduler under <paramref name="name"/> from <paramref name="configuration"/>: options and cluster, as <see cref="AddAiosScheduler(IServiceCollection, IConfiguration)"/> reads them.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the service's key and the options' name (empty: the unnamed scheduler).</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:Schedulers:east")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A scheduler of that name is already registered.</exception>
    /// <exception cref="OptionsValidationException">The <c>Cluster</c> section is missing or invalid; every bad value is listed.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        ClusterSpec? cluster = SchedulerConfiguration.ReadCluster(configuration.GetSection("Cluster"), failures);
        if (cluster is null || failures.Count > 0)
        {
            throw new OptionsValidationException(name, typeof(ClusterSpec), failures);
        }

        return AddAiosScheduler(services, name, configuration, _ => cluster);
    }

    /// <summary>Registers a scheduler under <paramref name="name"/> over the cluster <paramref name="cluster"/> returns, with options read from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name: the service's key and the options' name (empty: the unnamed scheduler).</param>
    /// <param name="configuration">The options' section (its <c>Cluster</c> section, if any, is ignored).</param>
    /// <param name="cluster">Builds the cluster when the scheduler is first resolved, with the container at hand.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A scheduler of that name is already registered.</exception>
    public static IServiceCollection AddAiosScheduler(this IServiceCollection services, string name, IConfiguration configuration, Func<IServiceProvider, ClusterSpec> cluster)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Register(services, name, cluster).Configure(options =>
        {
            var failures = new List<string>();
            SchedulerConfiguration.Apply(configuration, options, failures);
            if (failures.Count > 0)
            {
                throw new OptionsValidationException(name, typeof(SchedulerOptions), failures);
            }
        });
        return services;
    }

    private static OptionsBuilder<SchedulerOptions> Register(IServiceCollection services, string name, Func<IServiceProvider, ClusterSpec> cluster)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(cluster);
        bool keyed = name.Length > 0;
        foreach (ServiceDescriptor existing in services)
        {
            if (existing.ServiceType == typeof(Scheduler) && existing.IsKeyedService == keyed && (!keyed || Equals(existing.ServiceKey, name)))
            {
                string which = keyed ? $"named '{name}'" : "without a name";
                throw new InvalidOperationException(
                    $"AddAiosScheduler: a scheduler {which} is already registered. Give each scheduler its own name, or change this one's options with services.Configure<SchedulerOptions>({(keyed ? $"\"{name}\", " : "")}...).");
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        if (keyed)
        {
            services.AddKeyedSingleton(name, (provider, _) => Create(provider, name, cluster));
        }
        else
        {
            services.AddSingleton(provider => Create(provider, name, cluster));
        }

        return services.AddOptions<SchedulerOptions>(name)
            .PostConfigure<IServiceProvider>((options, provider) =>
            {
                if (options.TimeProvider == TimeProvider.System && provider.GetService<TimeProvider>() is { } timeProvider)
                {
                    options.TimeProvider = timeProvider;
                }

                options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
                options.MeterFactory ??= provider.GetService<IMeterFactory>();
            })
            .ValidateOnStart();
    }

    private static Scheduler Create(IServiceProvider provider, string name, Func<IServiceProvider, ClusterSpec> cluster) =>
        new(cluster(provider), provider.GetRequiredService<IOptionsMonitor<SchedulerOptions>>().Get(name));
}
