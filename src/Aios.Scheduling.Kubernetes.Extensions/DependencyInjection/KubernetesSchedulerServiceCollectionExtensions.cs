using System.Diagnostics.Metrics;
using Aios.Scheduling.Kubernetes;
using Aios.Scheduling.Kubernetes.DependencyInjection;
using Aios.Scheduling.Kubernetes.Hosting;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Aios <see cref="KubernetesScheduler"/>, the hosted service that runs it and its health checks in a service collection.</summary>
/// <remarks>
/// <para>Each overload registers, as singletons: the <see cref="KubernetesScheduler"/> over <see cref="KubernetesSchedulerOptions"/>
/// (the unnamed options, so <c>services.Configure&lt;KubernetesSchedulerOptions&gt;(…)</c> composes with them); an
/// <see cref="IHostedService"/> that runs it from the host's start to its stop; and two health checks, liveness (the
/// scheduler runs) and readiness (it runs and has listed what it watches), named and tagged as
/// <see cref="KubernetesSchedulerHealthChecks"/> says.</para>
/// <para>The Kubernetes client is the container's <see cref="IKubernetes"/> when one is registered (before or after this
/// call). Otherwise one is registered that is built, when first resolved, from the pod's service account when the process
/// runs in a cluster, else from the files <c>$KUBECONFIG</c> lists, else from <c>~/.kube/config</c>; finding none
/// throws <see cref="InvalidOperationException"/> saying so.</para>
/// <para>The options are validated when the host starts (<c>ValidateOnStart</c>) and when the scheduler is first resolved;
/// every invalid value is reported at once, the engine's as <c>Scheduler.…</c> and the inventory's as <c>Inventory.…</c>.
/// The scheduler takes its copy of them when it is created.</para>
/// <para>One process runs one scheduler (one identity in the Lease, one pair of probes): a second call throws
/// <see cref="InvalidOperationException"/> rather than being dropped. To add settings, use <c>services.Configure</c>.</para>
/// <para>The container's <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/> are used
/// when registered and the options do not set their own.</para>
/// </remarks>
public static class KubernetesSchedulerServiceCollectionExtensions
{
    /// <summary>Registers the scheduler, its hosted service and health checks, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (scheduler name, policy, leader election, …).</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A Kubernetes scheduler is already registered.</exception>
    public static IServiceCollection AddAiosKubernetesScheduler(this IServiceCollection services, Action<KubernetesSchedulerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services).Configure(configure);
        return services;
    }

    /// <summary>Registers the scheduler, its hosted service and health checks, configured with the container at hand when the options are first read.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options from the container (for example an identity another service knows).</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A Kubernetes scheduler is already registered.</exception>
    public static IServiceCollection AddAiosKubernetesScheduler(this IServiceCollection services, Action<KubernetesSchedulerOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Register(services).Configure(configure);
        return services;
    }

    /// <summary>
    /// Registers the scheduler, its hosted service and health checks with options read from <paramref name="configuration"/>:
    /// the <see cref="KubernetesSchedulerOptions"/> property names as keys (<c>Preemption</c> is <c>Delete</c> or <c>Evict</c>),
    /// <c>Inventory:…</c> for <see cref="KubernetesInventoryOptions"/> (<c>GpuResources</c> is an array that replaces the
    /// default list) and <c>Scheduler:…</c> for the engine's options, read as <c>services.AddAiosScheduler(configuration)</c>
    /// reads them (<c>Policy</c> is a name such as <c>las+backfill</c>; <c>Queues</c> and <c>AttainedServiceThresholds</c>
    /// are arrays). A key that names no option is an error.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>builder.Configuration.GetSection("Aios:KubernetesScheduler")</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A Kubernetes scheduler is already registered.</exception>
    /// <remarks>A value that cannot be read, or an unknown key, makes reading the options throw
    /// <see cref="OptionsValidationException"/> (at start-up, through <c>ValidateOnStart</c>) listing it together with every
    /// value that is out of range.</remarks>
    public static IServiceCollection AddAiosKubernetesScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Register(services).Configure(options =>
        {
            var failures = new List<string>();
            KubernetesSchedulerConfiguration.Apply(configuration, options, failures);
            if (failures.Count > 0)
            {
                failures.AddRange(new KubernetesSchedulerOptionsValidator().GetFailures(options));
                throw new OptionsValidationException(Options.Options.DefaultName, typeof(KubernetesSchedulerOptions), failures);
            }
        });
        return services;
    }

    private static OptionsBuilder<KubernetesSchedulerOptions> Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (ServiceDescriptor existing in services)
        {
            if (existing.ServiceType == typeof(KubernetesScheduler) && !existing.IsKeyedService)
            {
                throw new InvalidOperationException(
                    "AddAiosKubernetesScheduler: a Kubernetes scheduler is already registered. One process runs one scheduler (one identity in the Lease, one pair of probes); change its options with services.Configure<KubernetesSchedulerOptions>(...).");
            }
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesSchedulerOptions>, KubernetesSchedulerOptionsValidator>());
        services.TryAddSingleton<IKubernetes>(provider => KubernetesClientFactory.Create(provider.GetService<ILoggerFactory>()));
        services.AddSingleton(provider => new KubernetesScheduler(
            provider.GetRequiredService<IKubernetes>(),
            provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        services.AddSingleton(provider => new KubernetesSchedulerService(provider.GetRequiredService<KubernetesScheduler>()));
        services.AddHostedService(provider => provider.GetRequiredService<KubernetesSchedulerService>());
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                KubernetesSchedulerHealthChecks.LivenessName,
                provider => new KubernetesSchedulerHealthCheck(provider.GetRequiredService<KubernetesSchedulerService>(), readiness: false),
                failureStatus: HealthStatus.Unhealthy,
                tags: [KubernetesSchedulerHealthChecks.LiveTag]))
            .Add(new HealthCheckRegistration(
                KubernetesSchedulerHealthChecks.ReadinessName,
                provider => new KubernetesSchedulerHealthCheck(provider.GetRequiredService<KubernetesSchedulerService>(), readiness: true),
                failureStatus: HealthStatus.Unhealthy,
                tags: [KubernetesSchedulerHealthChecks.ReadyTag]));
        return services.AddOptions<KubernetesSchedulerOptions>()
            .PostConfigure<IServiceProvider>((options, provider) =>
            {
                if (options.TimeProvider == TimeProvider.System && provider.GetService<TimeProvider>() is { } timeProvider)
                {
                    options.TimeProvider = timeProvider;
                }
            })
            .ValidateOnStart();
    }
}
