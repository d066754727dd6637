namespace Aios.Scheduling.Kubernetes;

/// <summary>How the scheduler removes the pods of a job the engine preempts.</summary>
public enum PreemptionMode
{
    /// <summary>Deletes the pods with <see cref="KubernetesSchedulerOptions.PreemptionGracePeriodSeconds"/>, as kube-scheduler's preemption does.</summary>
    Delete = 0,

    /// <summary>Evicts the pods through the <c>pods/eviction</c> subresource (policy/v1beta1), so PodDisruptionBudgets are honoured:
    /// a refused eviction (429) leaves the victim running and the preemptor waiting, explained on its pods.</summary>
    Evict = 1,
}
