namespace Aios.Scheduling.Kubernetes.Hosting;

/// <summary>
/// The names and tags of the two health checks <c>services.AddAiosKubernetesScheduler</c> registers, for a host that maps
/// them to its probe endpoints (ASP.NET Core: <c>app.MapHealthChecks("/healthz", new() { Predicate = c =&gt;
/// c.Tags.Contains(KubernetesSchedulerHealthChecks.LiveTag) })</c>).
/// </summary>
/// <remarks>
/// <para>Liveness (<see cref="LivenessName"/>, tag <see cref="LiveTag"/>): healthy while the scheduler runs; unhealthy
/// before the host started it and after it stopped (with the exception when it failed), so a kubelet restarts a process
/// whose scheduler is gone.</para>
/// <para>Readiness (<see cref="ReadinessName"/>, tag <see cref="ReadyTag"/>): healthy once the scheduler runs and has
/// listed what it watches: Nodes, Pods and, where the CRD is installed, PodGroups (<see cref="KubernetesScheduler.IsSynced"/>). A standby that does not hold the Lease is ready:
/// its caches are warm and it takes over within the lease duration, so a rolling update is not held up by leadership.</para>
/// <para>Both report the scheduler's state as data: whether it leads, who leads, nodes, pending pods and passes.</para>
/// </remarks>
public static class KubernetesSchedulerHealthChecks
{
    /// <summary>The liveness check's name: the scheduler runs.</summary>
    public const string LivenessName = "aios-kubernetes-scheduler-running";

    /// <summary>The readiness check's name: the scheduler runs and has listed what it watches.</summary>
    public const string ReadinessName = "aios-kubernetes-scheduler-synced";

    /// <summary>The tag of the liveness check (<c>live</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the readiness check (<c>ready</c>).</summary>
    public const string ReadyTag = "ready";
}
