using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>A job's live state inside the scheduler. Times are seconds since the scheduler's epoch.</summary>
internal sealed class JobRecord(JobSpec spec, long sequence, QueueNode queue, double submitTime)
{
    public JobSpec Spec { get; } = spec;

    public long Sequence { get; } = sequence;

    public QueueNode Queue { get; } = queue;

    public double SubmitTime { get; } = submitTime;

    public JobPhase Phase { get; set; } = JobPhase.Waiting;

    public WaitReason Reason { get; set; }

    public double? FirstStart { get; set; }

    public double? End { get; set; }

    // The order key while waiting (smaller goes first); ties by Sequence.
    public double Key { get; set; }

    public double SecondaryKey { get; set; }

    // The placement while running.
    public AllocationEntry[] Allocation { get; set; } = [];

    public int AllocatedType { get; set; } = -1;

    public int PlacedReplicas { get; set; }

    public long AllocatedGpus { get; set; }

    public double LastStart { get; set; }

    public double LastStop { get; set; }

    public double Overhead { get; set; }

    public double Rate { get; set; }

    public double ProgressAtStart { get; set; }

    public double AttainedAtStart { get; set; }

    public double ClassAttainedAtStart { get; set; }

    public double ExecutedTime { get; set; }

    public double PromotedAt { get; set; }

    public int Preemptions { get; set; }

    public int Version { get; set; }

    // Cached per cluster version: acceptable types in preference order, the nodes it may use (null: all), the best progress
    // rate, and whether it fits at all.
    public int[] TypeOrder { get; set; } = [];

    public NodeSet? AllowedNodes { get; set; }

    public int TypeOrderVersion { get; set; } = -1;

    public double BestRate { get; set; }

    public bool ExceedsCluster { get; set; }

    /// <summary>The group of waiting jobs of the same shape (ordered policies).</summary>
    public ShapeGroup? Group { get; set; }

    public int MinimumReplicas => Spec.Gang ? Spec.Replicas : 1;

    public long MinimumGpus => (long)MinimumReplicas * Spec.Request.Gpus;

    public bool IsRunning => Phase == JobPhase.Running;

    public double ProgressAt(double now)
    {
        double progress = ProgressAtStart;
        if (IsRunning)
        {
            progress += Rate * Math.Max(0, now - LastStart - Overhead);
        }

        return Math.Min(progress, 1);
    }

    public double AttainedAt(double now) => AttainedAtStart + (IsRunning ? AllocatedGpus * (now - LastStart) : 0);

    public double ClassAttainedAt(double now) => ClassAttainedAtStart + (IsRunning ? AllocatedGpus * (now - LastStart) : 0);

    /// <summary>The estimated end of a running job, +∞ when its length is unknown.</summary>
    public double EstimatedEnd()
    {
        return Rate > 0 ? LastStart + Overhead + ((1 - ProgressAtStart) / Rate) : double.PositiveInfinity;
    }

    /// <summary>
    /// The remaining seconds by which shortest-remaining-time ranks a job, waiting or running alike: the work left at its
    /// best rate plus the restart overhead still ahead of it. It depends on progress only, never on the placement, so a
    /// job that preempted another on this rank cannot later be preempted back by it (a running job's rank only falls,
    /// a victim's only rises by its restart). Ranking running jobs by their placement's rate let a job started on a
    /// slower type or with fewer replicas be preempted by its own victim at once, and back again.
    /// </summary>
    public double RankRemainingAt(double now)
    {
        if (BestRate <= 0)
        {
            return double.PositiveInfinity;
        }

        double pendingOverhead = IsRunning ? Math.Max(0, LastStart + Overhead - now) : (Preemptions > 0 ? Spec.RestartOverhead : 0);
        return ((1 - ProgressAt(now)) / BestRate) + pendingOverhead;
    }

    /// <summary>The remaining seconds: at the current rate when running, at the best rate (plus a restart) when waiting.</summary>
    public double RemainingAt(double now)
    {
        if (IsRunning)
        {
            return Rate > 0 ? Math.Max(0, EstimatedEnd() - now) : double.PositiveInfinity;
        }

        return BestRate > 0 ? ((1 - ProgressAtStart) / BestRate) + (Preemptions > 0 ? Spec.RestartOverhead : 0) : double.PositiveInfinity;
    }
}

/// <summary>Orders waiting jobs by key, then secondary key, then submission sequence.</summary>
internal sealed class JobOrderComparer : IComparer<JobRecord>
{
    public static JobOrderComparer Instance { get; } = new();

    public int Compare(JobRecord? x, JobRecord? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        int byKey = x!.Key.CompareTo(y!.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        int bySecondary = x.SecondaryKey.CompareTo(y.SecondaryKey);
        return bySecondary != 0 ? bySecondary : x.Sequence.CompareTo(y.Sequence);
    }
}

/// <summary>A queue of the hierarchy with its usage and, for a leaf, its waiting jobs.</summary>
internal sealed class QueueNode(QueueSpec spec, QueueNode? parent, int index)
{
    public QueueSpec Spec { get; } = spec;

    public QueueNode? Parent { get; } = parent;

    public int Index { get; } = index;

    public List<QueueNode> Children { get; } = [];

    public SortedSet<JobRecord> Waiting { get; } = new(JobOrderComparer.Instance);

    public long WaitingBelow { get; set; }

    public long UsedGpus { get; set; }

    public double UsedCpu { get; set; }

    public double UsedMemory { get; set; }

    // Fair-share pass bookkeeping: the pass in which this leaf was blocked.
    public int BlockedInPass { get; set; } = -1;

    public bool IsLeaf => Children.Count == 0;
}

/// <summary>Waiting jobs of one shape (replicas, request, accepted types, allowed nodes), in order; a pass walks it with <see cref="Cursor"/>.</summary>
internal sealed class ShapeGroup
{
    public SortedSet<JobRecord> Waiting { get; } = new(JobOrderComparer.Instance);

    // A mutable struct enumerator kept in a field on purpose: MoveNext must advance this copy.
#pragma warning disable SA1401, CA1051
    public SortedSet<JobRecord>.Enumerator Cursor;
#pragma warning restore SA1401, CA1051

    private readonly Dictionary<int, PreemptionMemo> _memos = [];

    /// <summary>The last failed single-node preemption search for this shape at a priority, and the nodes changed since.</summary>
    public PreemptionMemo MemoFor(int priority)
    {
        if (!_memos.TryGetValue(priority, out PreemptionMemo? memo))
        {
            memo = new PreemptionMemo();
            _memos.Add(priority, memo);
        }

        return memo;
    }
}

/// <summary>A failed preemption search: the job it was for, the cluster version, and the nodes whose jobs changed since.</summary>
internal sealed class PreemptionMemo
{
    private bool[] _flags = [];

    public JobRecord? Job { get; set; }

    public int Version { get; set; }

    public List<int> Touched { get; } = [];

    public void Touch(int node)
    {
        if (node >= _flags.Length)
        {
            Array.Resize(ref _flags, Math.Max(node + 1, _flags.Length * 2));
        }

        if (!_flags[node])
        {
            _flags[node] = true;
            Touched.Add(node);
        }
    }

    public void Clear()
    {
        foreach (int node in Touched)
        {
            _flags[node] = false;
        }

        Touched.Clear();
        Job = null;
    }
}
