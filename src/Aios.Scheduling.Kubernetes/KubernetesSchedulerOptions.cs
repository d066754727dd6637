using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Kubernetes;

/// <summary>Options of a <see cref="KubernetesScheduler"/>; every property has a documented default.</summary>
/// <remarks>A <see cref="KubernetesScheduler"/> checks them and keeps a copy when it is created (docs/conventions.md, "Options").
/// Durations are seconds as <see cref="double"/>, like every duration of Aios.Scheduling (docs/units.md).</remarks>
public sealed class KubernetesSchedulerOptions
{
    /// <summary>Gets or sets how Nodes and Pods map onto the engine (scheduler name, GPU resources, device-type label).</summary>
    public KubernetesInventoryOptions Inventory { get; set; } = new();

    /// <summary>Gets or sets the engine's options: policy, queues, aging. When <see cref="SchedulerOptions.Queues"/> lists
    /// queues, a pod naming another queue is explained and not scheduled; with none listed every queue is accepted.</summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Gets or sets how preempted pods are removed (default <see cref="PreemptionMode.Delete"/>).</summary>
    public PreemptionMode Preemption { get; set; } = PreemptionMode.Delete;

    /// <summary>Gets or sets the grace period given to preempted pods, in whole seconds ≥ 0 (default 30, Kubernetes' default).
    /// The preemptor is bound only when its victims are gone, so a long grace period delays it.</summary>
    public int PreemptionGracePeriodSeconds { get; set; } = 30;

    /// <summary>Gets or sets how long a preemptor waits for its victims to terminate before it is considered afresh, in
    /// seconds (default 300).</summary>
    public double NominationTimeoutSeconds { get; set; } = 300;

    /// <summary>Gets or sets how many bindings, deletions and status writes are in flight at once (1–1,024, default 32).</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>Gets or sets the interval of a scheduling pass when nothing changes, in seconds (default 10): time-based
    /// policies (aging, attained service) and expired nominations move on without events.</summary>
    public double ResyncIntervalSeconds { get; set; } = 10;

    /// <summary>Gets or sets the pause after a change before a pass, in seconds (default 0.02), so a burst of events (a
    /// gang's pods created together) is decided in one pass.</summary>
    public double BatchDelaySeconds { get; set; } = 0.02;

    /// <summary>Gets or sets whether waiting pods are explained: a <c>PodScheduled=False</c> condition with reason
    /// <c>Unschedulable</c> and a <c>FailedScheduling</c> Event, written when the explanation changes (default true).</summary>
    public bool ExplainWaitingPods { get; set; } = true;

    /// <summary>Gets or sets whether instances elect a leader through a <c>coordination.k8s.io</c> Lease, only the leader
    /// acting (default true). Off, the instance always acts: run exactly one.</summary>
    public bool LeaderElection { get; set; } = true;

    /// <summary>Gets or sets the Lease's name (default <c>aios-scheduler</c>).</summary>
    public string LeaseName { get; set; } = "aios-scheduler";

    /// <summary>Gets or sets the Lease's namespace (default <c>kube-system</c>).</summary>
    public string LeaseNamespace { get; set; } = "kube-system";

    /// <summary>Gets or sets this instance's identity in the Lease (default: the host name and a random suffix).</summary>
    public string? Identity { get; set; }

    /// <summary>Gets or sets how long a Lease holds without renewal, in seconds (default 15, kube-scheduler's): a standby
    /// takes over within this time after the leader dies.</summary>
    public double LeaseDurationSeconds { get; set; } = 15;

    /// <summary>Gets or sets how long the leader keeps trying to renew before it stops acting, in seconds (default 10;
    /// less than <see cref="LeaseDurationSeconds"/>).</summary>
    public double RenewDeadlineSeconds { get; set; } = 10;

    /// <summary>Gets or sets the interval between attempts to acquire or renew the Lease, in seconds (default 2; less than
    /// <see cref="RenewDeadlineSeconds"/>).</summary>
    public double RetryPeriodSeconds { get; set; } = 2;

    /// <summary>Gets or sets the time source (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal KubernetesSchedulerOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return new KubernetesSchedulerOptions
        {
            Inventory = Inventory.Snapshot(),
            Scheduler = Scheduler.Snapshot(),
            Preemption = Preemption,
            PreemptionGracePeriodSeconds = PreemptionGracePeriodSeconds,
            NominationTimeoutSeconds = NominationTimeoutSeconds,
            Concurrency = Concurrency,
            ResyncIntervalSeconds = ResyncIntervalSeconds,
            BatchDelaySeconds = BatchDelaySeconds,
            ExplainWaitingPods = ExplainWaitingPods,
            LeaderElection = LeaderElection,
            LeaseName = LeaseName,
            LeaseNamespace = LeaseNamespace,
            Identity = Identity ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}",
            LeaseDurationSeconds = LeaseDurationSeconds,
            RenewDeadlineSeconds = RenewDeadlineSeconds,
            RetryPeriodSeconds = RetryPeriodSeconds,
            TimeProvider = TimeProvider,
        };
    }

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Inventory is null)
        {
            yield return new ArgumentException("Inventory must be set.", nameof(Inventory));
        }
        else
        {
            foreach (ArgumentException error in Inventory.GetErrors())
            {
                yield return error;
            }
        }

        if (Scheduler is null)
        {
            yield return new ArgumentException("Scheduler must be set.", nameof(Scheduler));
        }

        if (!Enum.IsDefined(Preemption))
        {
            yield return new ArgumentOutOfRangeException(nameof(Preemption), Preemption, "Preemption must be Delete or Evict.");
        }

        if (PreemptionGracePeriodSeconds < 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(PreemptionGracePeriodSeconds), PreemptionGracePeriodSeconds, "PreemptionGracePeriodSeconds must be ≥ 0.");
        }

        if (!(NominationTimeoutSeconds > 0) || !double.IsFinite(NominationTimeoutSeconds))
        {
            yield return new ArgumentOutOfRangeException(nameof(NominationTimeoutSeconds), NominationTimeoutSeconds, "NominationTimeoutSeconds must be finite and > 0.");
        }

        if (Concurrency is < 1 or > 1024)
        {
            yield return new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be in 1–1,024.");
        }

        if (!(ResyncIntervalSeconds > 0) || !double.IsFinite(ResyncIntervalSeconds))
        {
            yield return new ArgumentOutOfRangeException(nameof(ResyncIntervalSeconds), ResyncIntervalSeconds, "ResyncIntervalSeconds must be finite and > 0.");
        }

        if (!(BatchDelaySeconds >= 0) || BatchDelaySeconds > 10)
        {
            yield return new ArgumentOutOfRangeException(nameof(BatchDelaySeconds), BatchDelaySeconds, "BatchDelaySeconds must be in 0–10.");
        }

        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            yield return new ArgumentException("LeaseName must be a Lease name.", nameof(LeaseName));
        }

        if (string.IsNullOrWhiteSpace(LeaseNamespace))
        {
            yield return new ArgumentException("LeaseNamespace must be a namespace.", nameof(LeaseNamespace));
        }

        if (Identity is { } identity && string.IsNullOrWhiteSpace(identity))
        {
            yield return new ArgumentException("Identity must be null (a generated one) or non-blank.", nameof(Identity));
        }

        if (!(RetryPeriodSeconds > 0) || !(RenewDeadlineSeconds > RetryPeriodSeconds) || !(LeaseDurationSeconds > RenewDeadlineSeconds) || !double.IsFinite(LeaseDurationSeconds))
        {
            yield return new ArgumentException(
                $"Lease timings must satisfy 0 < RetryPeriodSeconds < RenewDeadlineSeconds < LeaseDurationSeconds < ∞ (were {RetryPeriodSeconds}, {RenewDeadlineSeconds}, {LeaseDurationSeconds}).",
                nameof(LeaseDurationSeconds));
        }

        if (TimeProvider is null)
        {
            yield return new ArgumentException("TimeProvider must be set.", nameof(TimeProvider));
        }
    }
}
