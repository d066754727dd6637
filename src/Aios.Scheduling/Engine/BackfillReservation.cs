namespace Aios.Scheduling.Engine;

/// <summary>
/// EASY backfill's reservation (Lifka, 1995; Mu'alem and Feitelson, 2001): devices of <see cref="Type"/> are promised
/// to the first blocked job at <see cref="Shadow"/>, the earliest time enough of them are free by the running jobs'
/// estimated ends; <see cref="Extra"/> are spare then. A job restricted to some nodes reserves on those
/// (<see cref="Nodes"/>): only their free devices and releases count, and only what a later job takes there can delay it.
/// The default value reserves nothing. Jobs of GPU shares count conservatively: their ends release no devices here (a
/// shared device frees only when its last share leaves), a blocked one reserves one whole device per replica, and one
/// placed before the shadow takes from the spare devices the fully free devices it opens.
/// </summary>
internal struct BackfillReservation(bool active, int type, double shadow, long extra, NodeSet? nodes)
{
    public bool Active = active;
    public int Type = type;
    public double Shadow = shadow;
    public long Extra = extra;
    public NodeSet? Nodes = nodes;

    /// <summary>The reservation for <paramref name="job"/>, blocked at <paramref name="now"/>, over the free devices and running jobs as they are.</summary>
    /// <param name="job">The first blocked job.</param>
    /// <param name="now">The time of the pass.</param>
    /// <param name="cluster">The free devices per type.</param>
    /// <param name="running">The running jobs (their types, devices and estimated ends).</param>
    /// <param name="releases">A buffer for the releases of one type; cleared before use.</param>
    public static BackfillReservation For(JobRecord job, double now, ClusterState cluster, List<JobRecord> running, List<(double End, long Gpus)> releases)
    {
        long need = job.MinimumGpus;
        NodeSet? nodes = job.AllowedNodes;
        var best = new BackfillReservation(true, -1, double.PositiveInfinity, long.MinValue, nodes);
        foreach (int type in job.TypeOrder)
        {
            long free = nodes is null ? cluster.FreeByType[type] : cluster.FreeOn(type, nodes);
            double shadow = now;
            if (free < need)
            {
                releases.Clear();
                foreach (JobRecord other in running)
                {
                    long held = other.AllocatedType != type || other.Spec.Request.IsFractional ? 0 : nodes is null ? other.AllocatedGpus : HeldOn(other, nodes);
                    if (held > 0)
                    {
                        releases.Add((other.EstimatedEnd(), held));
                    }
                }

                releases.Sort(static (a, b) => a.End.CompareTo(b.End));
                shadow = double.PositiveInfinity;
                foreach ((double end, long gpus) in releases)
                {
                    if (double.IsPositiveInfinity(end))
                    {
                        break;
                    }

                    free += gpus;
                    if (free >= need)
                    {
                        shadow = end;
                        break;
                    }
                }
            }

            long extra = double.IsFinite(shadow) ? free - need : 0;
            if (shadow < best.Shadow || (shadow == best.Shadow && extra > best.Extra))
            {
                best = new BackfillReservation(true, type, shadow, extra, nodes);
            }
        }

        if (best.Type < 0)
        {
            best = new BackfillReservation(true, job.TypeOrder.Length > 0 ? job.TypeOrder[0] : -1, double.PositiveInfinity, 0, nodes);
        }

        return best;
    }

    /// <summary>The devices <paramref name="job"/> holds on the nodes of <paramref name="nodes"/>.</summary>
    private static long HeldOn(JobRecord job, NodeSet nodes)
    {
        long held = 0;
        foreach (AllocationEntry entry in job.Allocation)
        {
            if (nodes.Contains(entry.Node))
            {
                held += entry.Gpus;
            }
        }

        return held;
    }

    /// <summary>
    /// Whether the job is sure to delay the reservation wherever it goes: it can only use the reserved type on the
    /// reserved nodes, needs more than the spare devices, and cannot end by the shadow time even at its best rate.
    /// </summary>
    public readonly bool CertainlyBlocks(JobRecord job, double now)
    {
        if (!Active || job.TypeOrder.Length != 1 || job.TypeOrder[0] != Type || job.MinimumGpus <= Extra || job.MinimumGpus == 0 || job.Spec.Request.IsFractional)
        {
            return false;
        }

        if (Nodes is not null && (job.AllowedNodes is not { } allowed || !allowed.IsSubsetOf(Nodes)))
        {
            return false;   // it may go to nodes outside the reservation
        }

        double earliestEnd = job.BestRate > 0 ? now + ((1 - job.ProgressAtStart) / job.BestRate) : double.PositiveInfinity;
        return earliestEnd > Shadow;
    }

    /// <summary>
    /// Whether a job placed at <paramref name="placement"/> until <paramref name="end"/> leaves the reservation intact;
    /// consumes spare devices when the devices it takes on the reserved type and nodes need them.
    /// </summary>
    public bool Allows(in Placement placement, double end)
    {
        long gpus = placement.Gpus;
        if (Nodes is { } nodes)
        {
            gpus = 0;
            foreach (AllocationEntry entry in placement.Entries)
            {
                if (nodes.Contains(entry.Node))
                {
                    gpus += entry.Gpus;
                }
            }
        }

        if (!Active || placement.Type != Type || gpus == 0 || end <= Shadow)
        {
            return true;
        }

        if (gpus <= Extra)
        {
            Extra -= gpus;
            return true;
        }

        return false;
    }
}
