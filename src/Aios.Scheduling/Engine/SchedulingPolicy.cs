using System.Diagnostics.CodeAnalysis;

namespace Aios.Scheduling.Engine;

/// <summary>A scheduling policy: an ordering of waiting jobs, a placement strategy, a preemption rule and backfilling.</summary>
/// <param name="Ordering">The order waiting jobs are considered in.</param>
/// <param name="Placement">How replicas are put on nodes.</param>
/// <param name="Preemption">When a waiting job may preempt running ones.</param>
/// <param name="Backfill">
/// EASY backfill: when the first waiting job cannot start, later jobs may start if they do not delay its reservation;
/// without it the first blocked job blocks the ones behind it (fair share still lets other queues go).
/// </param>
/// <param name="HeterogeneityAware">
/// Choose each job's device type from its throughput matrix row: the slowest type that still gives at least
/// <see cref="SchedulerOptions.HeterogeneityTolerance"/> of its best throughput first (leaving the fast devices to the
/// jobs that gain most from them), then the faster ones, then the rest fastest first.
/// </param>
/// <param name="WorkConserving">
/// A job that cannot start does not hold up those behind it: every job that fits starts, in order (as Tiresias and
/// Gavel schedule). Without it (and without backfill) the first blocked job blocks the rest.
/// </param>
public sealed record SchedulingPolicy(
    JobOrdering Ordering,
    PlacementStrategy Placement = PlacementStrategy.BinPack,
    PreemptionRule Preemption = PreemptionRule.None,
    bool Backfill = false,
    bool HeterogeneityAware = false,
    bool WorkConserving = false)
{
    /// <summary>The policy names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fifo", "priority", "drf", "las", "srtf", "ftf", "hetero"];

    /// <summary>Gets FIFO without preemption.</summary>
    public static SchedulingPolicy Fifo { get; } = new(JobOrdering.Fifo);

    /// <summary>Gets strict priority with aging and preemption of lower priorities.</summary>
    public static SchedulingPolicy Priority { get; } = new(JobOrdering.Priority, Preemption: PreemptionRule.LowerRank);

    /// <summary>Gets hierarchical weighted DRF fair share with quota reclaim.</summary>
    public static SchedulingPolicy DominantResourceFairness { get; } = new(JobOrdering.FairShare, Preemption: PreemptionRule.Reclaim);

    /// <summary>Gets Tiresias-style discretized 2D least-attained-service with preemption, work-conserving.</summary>
    public static SchedulingPolicy LeastAttainedService { get; } = new(JobOrdering.LeastAttainedService, Preemption: PreemptionRule.LowerRank, WorkConserving: true);

    /// <summary>Gets shortest remaining time first with preemption, work-conserving.</summary>
    public static SchedulingPolicy ShortestRemainingTime { get; } = new(JobOrdering.ShortestRemainingTime, Preemption: PreemptionRule.LowerRank, WorkConserving: true);

    /// <summary>Gets finish-time fairness (earliest ideal finish first), without preemption, work-conserving.</summary>
    public static SchedulingPolicy FinishTimeFairness { get; } = new(JobOrdering.FinishTimeFairness, WorkConserving: true);

    /// <summary>Gets heterogeneity-aware least-attained-service: LAS order, each job on a device type chosen from its throughputs, work-conserving.</summary>
    public static SchedulingPolicy Heterogeneous { get; } = new(JobOrdering.LeastAttainedService, Preemption: PreemptionRule.LowerRank, HeterogeneityAware: true, WorkConserving: true);

    /// <summary>Gets the policy of a name in <see cref="Names"/> (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static SchedulingPolicy Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out SchedulingPolicy? policy)
            ? policy
            : throw new ArgumentException($"Unknown policy '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Gets the policy of a name in <see cref="Names"/> (case-insensitive), or reports that there is none.</summary>
    /// <param name="name">The name, or null.</param>
    /// <param name="policy">The policy, when the name is one of <see cref="Names"/>; otherwise null.</param>
    /// <returns>Whether <paramref name="name"/> is one of <see cref="Names"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out SchedulingPolicy? policy)
    {
        policy = name?.ToUpperInvariant() switch
        {
            "FIFO" => Fifo,
            "PRIORITY" => Priority,
            "DRF" => DominantResourceFairness,
            "LAS" => LeastAttainedService,
            "SRTF" => ShortestRemainingTime,
            "FTF" => FinishTimeFairness,
            "HETERO" => Heterogeneous,
            _ => null,
        };
        return policy is not null;
    }
}
