using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aios.Scheduling.Kubernetes.Hosting;

/// <summary>The liveness (running) or readiness (running and synced) check of the hosted scheduler; see <see cref="KubernetesSchedulerHealthChecks"/>.</summary>
internal sealed class KubernetesSchedulerHealthCheck(KubernetesSchedulerService service, bool readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        HealthStatus failure = context.Registration.FailureStatus;
        Task? run = service.ExecuteTask;
        KubernetesSchedulerStatus status = service.Scheduler.GetStatus();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["synced"] = status.Synced,
            ["leader"] = status.IsLeader,
            ["leaseHolder"] = status.Leader ?? "",
            ["nodes"] = status.Nodes,
            ["pendingPods"] = status.PendingPods,
            ["passes"] = status.Passes,
        };
        HealthCheckResult result = run switch
        {
            null => new HealthCheckResult(failure, "The scheduler has not been started: the host has not started its hosted services.", data: data),
            { IsFaulted: true } => new HealthCheckResult(failure, "The scheduler stopped with an error.", run.Exception?.GetBaseException(), data),
            { IsCompleted: true } => new HealthCheckResult(failure, "The scheduler has stopped.", data: data),
            _ when !readiness => HealthCheckResult.Healthy(status.IsLeader ? "The scheduler runs and leads." : $"The scheduler runs on standby (the lease holder is {status.Leader ?? "not known yet"}).", data),
            _ when !status.Synced => new HealthCheckResult(failure, "The scheduler has not listed Nodes, Pods and PodGroups yet.", data: data),
            _ => HealthCheckResult.Healthy("The scheduler runs and has listed Nodes, Pods and PodGroups.", data),
        };
        return Task.FromResult(result);
    }
}
