namespace Aios.Scheduling.Engine;

/// <summary>When a waiting job may take resources from running ones.</summary>
public enum PreemptionRule
{
    /// <summary>Never preempt.</summary>
    None,

    /// <summary>
    /// The job first in order may preempt running preemptible jobs that rank strictly below it in the ordering (lower
    /// effective priority, a lower attained-service class, or a remaining time longer by more than their restart overhead).
    /// </summary>
    LowerRank,

    /// <summary>A queue using less than its guaranteed quota reclaims GPUs from queues that borrowed beyond theirs, evicting no more than it needs.</summary>
    Reclaim,
}
