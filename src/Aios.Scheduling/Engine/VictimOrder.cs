namespace Aios.Scheduling.Engine;

/// <summary>
/// Sorts preemption candidates least important first: by the ordering's rank, or for quota reclaim by lowest priority,
/// then latest started; ties by latest submission.
/// </summary>
internal sealed class VictimOrder(JobOrder order) : IComparer<JobRecord>
{
    private bool _reclaim;
    private double _now;

    /// <summary>Sorts <paramref name="candidates"/> for the reclaim rule or the ordering's rank at <paramref name="now"/>.</summary>
    public void Sort(List<JobRecord> candidates, bool reclaim, double now)
    {
        _reclaim = reclaim;
        _now = now;
        candidates.Sort(this);
    }

    public int Compare(JobRecord? x, JobRecord? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        int byRank = _reclaim
            ? (x!.Spec.Priority != y!.Spec.Priority ? x.Spec.Priority.CompareTo(y.Spec.Priority) : y.LastStart.CompareTo(x.LastStart))
            : order.CompareVictims(x!, y!, _now);
        return byRank != 0 ? byRank : y!.Sequence.CompareTo(x!.Sequence);
    }
}
