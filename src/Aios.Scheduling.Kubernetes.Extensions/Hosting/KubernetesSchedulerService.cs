using Microsoft.Extensions.Hosting;

namespace Aios.Scheduling.Kubernetes.Hosting;

/// <summary>Runs the registered <see cref="KubernetesScheduler"/> for as long as the host runs.</summary>
/// <remarks><see cref="KubernetesScheduler.RunAsync"/> retries the API server's failures itself and returns when the
/// host stops; anything it throws is a bug, which the host logs and (by default) stops on.</remarks>
internal sealed class KubernetesSchedulerService(KubernetesScheduler scheduler) : BackgroundService
{
    /// <summary>Gets the scheduler this service runs.</summary>
    public KubernetesScheduler Scheduler => scheduler;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
