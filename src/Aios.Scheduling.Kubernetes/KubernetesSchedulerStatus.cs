namespace Aios.Scheduling.Kubernetes;

/// <summary>What a <see cref="KubernetesScheduler"/> knows and has done, at one moment.</summary>
/// <param name="IsLeader">Whether this instance leads (always true without leader election).</param>
/// <param name="Leader">The identity holding the Lease, when known.</param>
/// <param name="Synced">Whether Nodes and Pods have been listed: the instance is ready.</param>
/// <param name="Nodes">Nodes at the last pass.</param>
/// <param name="UsableNodes">Nodes that take pods at the last pass (not cordoned, Ready).</param>
/// <param name="PendingPods">This scheduler's pods not yet bound at the last pass.</param>
/// <param name="RunningJobs">This scheduler's jobs with pods bound, at the last pass.</param>
/// <param name="WaitingJobs">Jobs the engine left waiting at the last pass.</param>
/// <param name="Passes">Scheduling passes run.</param>
/// <param name="PodsBound">Pods this instance bound.</param>
/// <param name="BindConflicts">Bindings answered 409 (the pod was bound by someone else meanwhile).</param>
/// <param name="BindFailures">Bindings that failed otherwise (retried in a later pass).</param>
/// <param name="PodsPreempted">Pods deleted or evicted to make room.</param>
/// <param name="Relists">Lists after the first (410 Gone on a watch, reconnects).</param>
/// <param name="LastPassSeconds">Time the last pass took to decide, in seconds.</param>
public sealed record KubernetesSchedulerStatus(
    bool IsLeader,
    string? Leader,
    bool Synced,
    int Nodes,
    int UsableNodes,
    int PendingPods,
    int RunningJobs,
    int WaitingJobs,
    long Passes,
    long PodsBound,
    long BindConflicts,
    long BindFailures,
    long PodsPreempted,
    int Relists,
    double LastPassSeconds);
