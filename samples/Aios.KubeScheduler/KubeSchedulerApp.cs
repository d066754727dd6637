using Aios.Scheduling.Kubernetes;
using Aios.Scheduling.Kubernetes.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Aios.KubeScheduler;

/// <summary>
/// The service: the Aios <see cref="KubernetesScheduler"/> hosted by <c>AddAiosKubernetesScheduler</c> with its options
/// from configuration (appsettings.json, then environment variables such as
/// <c>Aios__KubernetesScheduler__Scheduler__Policy</c>, then the command line), the probes, metrics and JSON logs.
/// </summary>
internal static class KubeSchedulerApp
{
    /// <summary>The configuration section of the scheduler's options.</summary>
    public const string ConfigurationSection = "Aios:KubernetesScheduler";

    /// <summary>The liveness probe's path: 200 while the scheduler runs, 503 otherwise.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>The readiness probe's path: 200 once the scheduler runs and has listed what it watches (leader or standby), 503 otherwise.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The scheduler's status as JSON (<see cref="KubernetesScheduler.GetStatus"/>): leadership, nodes, pending pods, counts.</summary>
    public const string StatusPath = "/status";

    /// <summary>The meters exported: the adapter's own and the engine rebuilt in each pass (see the adapter's readme, "Observability").</summary>
    public static readonly string[] Meters = [KubernetesScheduler.MeterName, KubernetesScheduler.PassMeterName];

    /// <summary>Builds the application.</summary>
    /// <param name="args">The command line (configuration keys such as <c>--urls</c>, <c>--contentRoot</c>, <c>--Aios:KubernetesScheduler:LeaderElection=false</c>).</param>
    /// <param name="configureServices">Changes the services after the app's own registrations (tests register their <c>IKubernetes</c> here); null for none.</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

        // One JSON object per line on standard output, as log collectors read container logs.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        builder.Services.AddAiosKubernetesScheduler(builder.Configuration.GetSection(ConfigurationSection));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());
        configureServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(KubernetesSchedulerHealthChecks.LiveTag) });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(KubernetesSchedulerHealthChecks.ReadyTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapGet(StatusPath, (KubernetesScheduler scheduler) => scheduler.GetStatus());
        return app;
    }
}
