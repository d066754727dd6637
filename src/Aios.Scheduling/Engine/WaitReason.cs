namespace Aios.Scheduling.Engine;

/// <summary>Why a job is waiting.</summary>
public enum WaitReason
{
    /// <summary>Not waiting.</summary>
    None,

    /// <summary>Not enough free devices, CPU or memory of an acceptable kind in one placement.</summary>
    InsufficientResources,

    /// <summary>A job before it in order cannot start and blocks it (no backfill).</summary>
    BehindBlockedJob,

    /// <summary>Starting it would delay the reservation of the first blocked job (EASY backfill).</summary>
    WouldDelayReservation,

    /// <summary>Its queue (or an ancestor) would exceed its guarantee plus borrowing limit.</summary>
    QuotaExceeded,

    /// <summary>The free GPUs are other queues' unused guarantee that they do not lend.</summary>
    QuotaProtected,

    /// <summary>The job does not fit the cluster even when empty (too many GPUs, or no node of an acceptable type); it waits for nodes to be added.</summary>
    ExceedsCluster,

    /// <summary>It was preempted and waits to be placed again.</summary>
    Preempted,
}
