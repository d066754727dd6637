using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>The decision pass: ordering, placement, backfill and preemption.</summary>
public sealed partial class Scheduler
{
    private void RunPass()
    {
        // Jobs preempted during a pass are held back until it ends (so a victim cannot take back what it just gave up).
        // They may fit elsewhere: a victim left waiting beside free devices would idle them until the next event, so the
        // pass runs again while it preempted someone. Each round's preemptions take from jobs ranked strictly below their
        // cause, so the rounds end; the bound is a guard.
        for (int round = 0; ; round++)
        {
            bool preempted = RunPassOnce();
            if (!preempted || round > _jobs.Count)
            {
                break;
            }

            _pass++;
        }
    }

    private bool RunPassOnce()
    {
        _inPass = true;
        try
        {
            if (_las is not null)
            {
                Promote(_las);
            }

            if (_order.ByQueue)
            {
                FairSharePass();
            }
            else
            {
                OrderedPass();
            }
        }
        finally
        {
            _inPass = false;
        }

        bool preempted = _deferred.Count > 0;
        FlushDeferred();
        return preempted;
    }

    /// <summary>
    /// One ordered list: start jobs in order. A job that does not fit may preempt; the first that cannot start even so
    /// blocks the rest (strict), reserves for EASY backfill, or is passed over (work-conserving).
    /// </summary>
    /// <remarks>
    /// Waiting jobs are kept in groups of identical shape (replicas, request, accepted types, allowed nodes), each sorted by the
    /// order key, and merged by key. Placement within a pass is monotone — free resources only shrink — so once one job
    /// of a group fails to fit, the rest of its group is skipped without a search: a pass costs O(started + groups +
    /// rejected), not O(waiting), however long the queue. Jobs examined and not started (reservation, quota) are bounded
    /// by <see cref="SchedulerOptions.ScanDepth"/>.
    /// </remarks>
    private void OrderedPass()
    {
        _toStart.Clear();
        _cursors.Clear();
        foreach (ShapeGroup group in _groups)
        {
            if (group.Waiting.Count > 0)
            {
                group.Cursor = group.Waiting.GetEnumerator();
                group.Cursor.MoveNext();
                _cursors.Enqueue(group, group.Cursor.Current);
            }
        }

        JobRecord? blocked = null;
        BackfillReservation reservation = default;
        bool mayPreempt = _policy.Preemption == PreemptionRule.LowerRank;
        bool passOver = _policy.WorkConserving || _policy.Backfill;
        int rejected = 0;
        while (_cursors.TryDequeue(out ShapeGroup? group, out JobRecord? job))
        {
            bool groupFailed = false;
            if (!passOver && RanksBehindDeferredVictim(job, sameQueue: null))
            {
                // Strict order: a job preempted in this pass still ranks where it did; nothing behind it starts before it.
                job.Reason = WaitReason.BehindBlockedJob;
                break;
            }

            EnsureTypes(job);
            WaitReason quota;
            if (job.ExceedsCluster)
            {
                job.Reason = WaitReason.ExceedsCluster;
                rejected++;
            }
            else if ((quota = CheckQuota(job)) != WaitReason.None)
            {
                job.Reason = quota;
                rejected++;
            }
            else if (blocked is not null && _policy.Backfill && reservation.CertainlyBlocks(job, _now))
            {
                job.Reason = WaitReason.WouldDelayReservation;
                rejected++;
            }
            else if ((job.MinimumGpus <= _cluster.FreeGpus || job.Spec.Request.Gpus == 0 || job.Spec.Request.IsFractional) && TryPlace(job, out Placement placement))
            {
                if (blocked is not null && _policy.Backfill && !reservation.Allows(placement, EstimatedEndIfStarted(job, placement)))
                {
                    job.Reason = WaitReason.WouldDelayReservation;
                    rejected++;
                }
                else
                {
                    Start(job, placement);
                    _toStart.Add(job);
                }
            }
            else if (mayPreempt && TryPreemptFor(job, reclaim: false))
            {
                _toStart.Add(job);
            }
            else
            {
                // Later jobs of the same shape cannot fit either; the first failure also ends preemption for this pass.
                mayPreempt = false;
                groupFailed = true;
                job.Reason = WaitReason.InsufficientResources;
                if (blocked is null)
                {
                    blocked = job;
                    if (!passOver)
                    {
                        break;
                    }

                    if (_policy.Backfill)
                    {
                        reservation = BackfillReservation.For(job, _now, _cluster, _running, _releases);
                    }
                }
            }

            if (rejected > _options.ScanDepth)
            {
                break;
            }

            if (!groupFailed && group.Cursor.MoveNext())
            {
                _cursors.Enqueue(group, group.Cursor.Current);
            }
        }

        _cursors.Clear();
        foreach (JobRecord job in _toStart)
        {
            RemoveWaiting(job);
        }

        _toStart.Clear();
    }

    /// <summary>Fair share: the leaf queue with the smallest weighted dominant share goes next; a queue whose head cannot start is passed over.</summary>
    private void FairSharePass()
    {
        int pass = _pass;
        bool anyBlocked = false;
        BackfillReservation reservation = default;
        while (PickLeaf(_root, pass) is { } leaf)
        {
            JobRecord job = leaf.Waiting.Min!;
            if (RanksBehindDeferredVictim(job, leaf))
            {
                // A queue is ordered strictly: its job preempted in this pass goes before the ones behind it.
                job.Reason = WaitReason.BehindBlockedJob;
                leaf.BlockedInPass = pass;
                continue;
            }

            EnsureTypes(job);
            if (NeverStartsReason(job) is var never && never != WaitReason.None)
            {
                // It can never start as the cluster and the quota are: it must not hold up its queue. (A job beyond its
                // quota even on the empty cluster used to block its queue for good with QuotaExceeded/QuotaProtected.)
                job.Reason = never;
                if (!TryStartBehind(leaf, job, pass))
                {
                    leaf.BlockedInPass = pass;
                }

                continue;
            }

            WaitReason quota = CheckQuota(job);
            if (quota != WaitReason.None)
            {
                job.Reason = quota;
                leaf.BlockedInPass = pass;
                continue;
            }

            if (TryPlace(job, out Placement placement))
            {
                if (anyBlocked && _policy.Backfill && !reservation.Allows(placement, EstimatedEndIfStarted(job, placement)))
                {
                    job.Reason = WaitReason.WouldDelayReservation;
                    leaf.BlockedInPass = pass;
                    continue;
                }

                Start(job, placement);
                RemoveWaiting(job);
                continue;
            }

            // Quota is in GPUs: a job that needs none, or a queue with no guarantee, has nothing to reclaim. (A CPU-only job
            // counted as "within its guarantee" of 0 and preempted other queues' GPU jobs for their CPU and memory.)
            bool withinGuarantee = job.Spec.TotalGpus > 0 && leaf.UsedGpus + job.Spec.TotalGpus <= leaf.Spec.GuaranteedGpus;
            if ((_policy.Preemption == PreemptionRule.Reclaim && withinGuarantee && TryPreemptFor(job, reclaim: true))
                || (_policy.Preemption == PreemptionRule.LowerRank && TryPreemptFor(job, reclaim: false)))
            {
                RemoveWaiting(job);
                continue;
            }

            job.Reason = WaitReason.InsufficientResources;
            leaf.BlockedInPass = pass;
            if (!anyBlocked && _policy.Backfill)
            {
                reservation = BackfillReservation.For(job, _now, _cluster, _running, _releases);
            }

            anyBlocked = true;
        }
    }

    /// <summary>
    /// Whether a job preempted in this pass (held back until the pass ends, see <see cref="RunPass"/>) ranks before
    /// <paramref name="job"/>, among all victims or those of <paramref name="sameQueue"/>. Under a strict order the job
    /// must not start ahead of it: the next round of the pass considers the victim first. (Jobs after a victim used to
    /// start on what its preemptor left free, ahead of the victim.)
    /// </summary>
    private bool RanksBehindDeferredVictim(JobRecord job, QueueNode? sameQueue)
    {
        foreach (JobRecord victim in _deferred)
        {
            if ((sameQueue is null || ReferenceEquals(victim.Queue, sameQueue)) && JobOrderComparer.Instance.Compare(victim, job) < 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryStartBehind(QueueNode leaf, JobRecord head, int pass)
    {
        // Only the first job behind jobs that exceed the cluster is considered, to keep the pass bounded.
        foreach (JobRecord job in leaf.Waiting)
        {
            if (ReferenceEquals(job, head))
            {
                continue;
            }

            EnsureTypes(job);
            if (NeverStartsReason(job) is var never && never != WaitReason.None)
            {
                job.Reason = never;
                continue;
            }

            if (CheckQuota(job) == WaitReason.None && TryPlace(job, out Placement placement))
            {
                Start(job, placement);
                RemoveWaiting(job);
                return true;
            }

            leaf.BlockedInPass = pass;
            return false;
        }

        return false;
    }

    /// <summary>Why the job can never start as the cluster and the quota are (too large, or beyond its quota even on the empty cluster), or None.</summary>
    private WaitReason NeverStartsReason(JobRecord job) => job.ExceedsCluster ? WaitReason.ExceedsCluster : PermanentQuotaReason(job);

    /// <summary>Descends from <paramref name="node"/> to the leaf with waiting, unblocked jobs whose weighted dominant share is smallest.</summary>
    private QueueNode? PickLeaf(QueueNode node, int pass)
    {
        if (node.IsLeaf)
        {
            return node.Waiting.Count > 0 && node.BlockedInPass != pass ? node : null;
        }

        while (true)
        {
            QueueNode? best = null;
            double bestShare = double.PositiveInfinity;
            foreach (QueueNode child in node.Children)
            {
                if (child.WaitingBelow == 0 || child.BlockedInPass == pass)
                {
                    continue;
                }

                double share = DominantShare(child);
                if (best is null || share < bestShare)
                {
                    best = child;
                    bestShare = share;
                }
            }

            if (best is null)
            {
                node.BlockedInPass = pass;
                return null;
            }

            if (PickLeaf(best, pass) is { } leaf)
            {
                return leaf;
            }

            best.BlockedInPass = pass;
        }
    }

    private double DominantShare(QueueNode queue)
    {
        double share = 0;
        if (_cluster.CapacityGpus > 0)
        {
            share = Math.Max(share, queue.UsedGpus / (double)_cluster.CapacityGpus);
        }

        if (_cluster.CapacityCpu > 0)
        {
            share = Math.Max(share, queue.UsedCpu / _cluster.CapacityCpu);
        }

        if (_cluster.CapacityMemory > 0)
        {
            share = Math.Max(share, queue.UsedMemory / _cluster.CapacityMemory);
        }

        return share / queue.Spec.Weight;
    }

    // ---- placement ----------------------------------------------------------------------------------------------

    /// <summary>Searches a placement for the job on the free resources as they are now, by the policy's strategy.</summary>
    /// <param name="job">The job.</param>
    /// <param name="placement">The placement found (its entries are the job's own array); default when none.</param>
    /// <returns>Whether the job fits now.</returns>
    private bool TryPlace(JobRecord job, out Placement placement)
    {
        int placed = Search(job, out int type);
        if (placed == 0)
        {
            placement = default;
            return false;
        }

        placement = new Placement(type, placed, job.Spec.Request.IsFractional ? OpenedDevices(_searchBuffer) : (long)placed * job.Spec.Request.Gpus, [.. _searchBuffer]);
        return true;
    }

    /// <summary>The fully free devices a fractional placement opens (its entries' <see cref="AllocationEntry.Gpus"/>).</summary>
    private static long OpenedDevices(List<AllocationEntry> entries)
    {
        long opened = 0;
        foreach (AllocationEntry entry in entries)
        {
            opened += entry.Gpus;
        }

        return opened;
    }

    /// <summary>Whether the job fits now (the same search as <see cref="TryPlace"/>, without keeping the placement).</summary>
    private bool CanPlace(JobRecord job) => Search(job, out _) > 0;

    /// <summary>The replicas placed (0 when the job does not fit) and on which type; the entries are left in the search buffer for <see cref="TryPlace"/> alone.</summary>
    private int Search(JobRecord job, out int type)
    {
        ReplicaRequest request = job.Spec.Request;
        int replicas = job.Spec.Replicas;
        int minimum = job.MinimumReplicas;
        type = -1;
        if (request.Gpus == 0)
        {
            return _cluster.TryFind(-1, replicas, minimum, request, _policy.Placement, job.AllowedNodes, _searchBuffer);
        }

        if (_cluster.FreeGpus >= job.MinimumGpus || request.IsFractional)
        {
            foreach (int candidate in job.TypeOrder)
            {
                int placed = _cluster.TryFind(candidate, replicas, minimum, request, _policy.Placement, job.AllowedNodes, _searchBuffer);
                if (placed > 0)
                {
                    type = candidate;
                    return placed;
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Recomputes a job's acceptable device types (in preference order), the nodes it may use, its best rate and whether
    /// it can ever fit, when the cluster changed.
    /// </summary>
    private void EnsureTypes(JobRecord job)
    {
        if (job.TypeOrderVersion == _cluster.Version)
        {
            return;
        }

        JobSpec spec = job.Spec;
        var types = new List<int>();
        double best = 0;
        bool byThroughput = spec.TotalWork is not null && spec.Throughputs is not null;
        IReadOnlyList<string>? listed = spec.Request.DeviceTypes;
        if (listed is { Count: > 0 })
        {
            foreach (string name in listed)
            {
                if (_cluster.TryGetType(name, out int type) && !types.Contains(type))
                {
                    types.Add(type);
                }
            }
        }
        else
        {
            for (int type = 0; type < _cluster.TypeNames.Count; type++)
            {
                types.Add(type);
            }
        }

        if (byThroughput)
        {
            for (int i = types.Count - 1; i >= 0; i--)
            {
                if (spec.ProgressRateOn(_cluster.TypeNames[types[i]]) <= 0)
                {
                    types.RemoveAt(i);
                }
            }
        }

        if (_policy.HeterogeneityAware && byThroughput && types.Count > 1)
        {
            // The slowest type that keeps the tolerated share of the job's best throughput comes first, then the faster
            // adequate ones, then the rest fastest first: a job that gains little from fast devices leaves them to those
            // that gain most (the intuition of Gavel's allocation, greedily). Ties keep the cluster's (or the job's) order.
            double fastest = 0;
            foreach (int type in types)
            {
                fastest = Math.Max(fastest, spec.ProgressRateOn(_cluster.TypeNames[type]));
            }

            double adequate = fastest * _options.HeterogeneityTolerance;
            var ranked = new List<(bool Adequate, double Rate, int Position, int Type)>(types.Count);
            for (int i = 0; i < types.Count; i++)
            {
                double rate = spec.ProgressRateOn(_cluster.TypeNames[types[i]]);
                ranked.Add((rate >= adequate, rate, i, types[i]));
            }

            ranked.Sort(static (a, b) =>
                a.Adequate != b.Adequate ? (a.Adequate ? -1 : 1)
                : a.Rate != b.Rate ? (a.Adequate ? a.Rate.CompareTo(b.Rate) : b.Rate.CompareTo(a.Rate))
                : a.Position.CompareTo(b.Position));
            for (int i = 0; i < ranked.Count; i++)
            {
                types[i] = ranked[i].Type;
            }
        }

        // Node names resolve to indices once per cluster version, so the placement search checks a flag per node.
        NodeSet? nodes = spec.Request.Nodes is { } names ? NodeSet.Resolve(names, _cluster) : null;
        bool fits = false;
        if (spec.Request.Gpus == 0)
        {
            fits = _cluster.FitOnEmpty(-1, spec.Request, nodes) >= job.MinimumReplicas;
            best = spec.Duration is { } seconds ? 1 / seconds : 0;
        }
        else
        {
            foreach (int type in types)
            {
                fits |= _cluster.FitOnEmpty(type, spec.Request, nodes) >= job.MinimumReplicas;
                best = Math.Max(best, spec.ProgressRateOn(_cluster.TypeNames[type]));
            }
        }

        job.TypeOrder = [.. types];
        job.AllowedNodes = nodes;
        job.BestRate = best;
        job.ExceedsCluster = !fits;
        job.TypeOrderVersion = _cluster.Version;
    }

    private double RateOn(JobRecord job, int type, int placed)
    {
        JobSpec spec = job.Spec;
        double full = type >= 0 ? spec.ProgressRateOn(_cluster.TypeNames[type]) : (spec.Duration is { } seconds ? 1 / seconds : 0);
        return full * placed / spec.Replicas;
    }

    private double EstimatedEndIfStarted(JobRecord job, in Placement placement)
    {
        double rate = RateOn(job, placement.Type, placement.Replicas);
        double overhead = job.Preemptions > 0 ? job.Spec.RestartOverhead : 0;
        return rate > 0 ? _now + overhead + ((1 - job.ProgressAtStart) / rate) : double.PositiveInfinity;
    }

    // ---- start and stop -----------------------------------------------------------------------------------------

    private void Start(JobRecord job, in Placement placement)
    {
        Run(job, placement);
        Emit(new SchedulingDecision(DecisionKind.Start, job.Spec.Id, Time(_now), Slices(job.Allocation, job.AllocatedType)));
        LogStarted(job.Spec.Id, job.AllocatedGpus, job.AllocatedType >= 0 ? _cluster.TypeNames[job.AllocatedType] : "cpu");
    }

    /// <summary>Takes the placement's resources and makes the job running there (a start, or an adoption), without a decision.</summary>
    private void Run(JobRecord job, in Placement placement)
    {
        ReplicaRequest request = job.Spec.Request;
        AllocationEntry[] allocation = placement.Entries;
        int type = placement.Type;
        int placed = placement.Replicas;
        _cluster.Allocate(allocation, request);
        job.Allocation = allocation;
        job.AllocatedType = type;
        job.PlacedReplicas = placed;
        job.AllocatedGpus = (long)placed * request.Gpus;
        job.Phase = JobPhase.Running;
        job.Reason = WaitReason.None;
        job.LastStart = _now;
        job.Overhead = job.Preemptions > 0 ? job.Spec.RestartOverhead : 0;
        job.Rate = RateOn(job, type, placed);
        job.FirstStart ??= _now;
        job.Version++;
        foreach (AllocationEntry entry in allocation)
        {
            _cluster.ListJob(entry.Node, job);
        }

        Touch(allocation);

        AddUsage(job, +1);
        _runningSlot[job] = _running.Count;
        _running.Add(job);
        if (_fixedRank)
        {
            _runningByRank.Add(job);
        }

        _metrics.Started(job.AllocatedGpus);
    }

    private PlacementSlice[] Slices(AllocationEntry[] allocation, int type)
    {
        var slices = new PlacementSlice[allocation.Length];
        string typeName = type >= 0 ? _cluster.TypeNames[type] : "cpu";
        for (int i = 0; i < allocation.Length; i++)
        {
            AllocationEntry entry = allocation[i];
            slices[i] = entry.IsShared
                ? new PlacementSlice(_cluster.Nodes[entry.Node].Spec.Name, typeName, 0, entry.Replicas) { SharedDevice = entry.Device }
                : new PlacementSlice(_cluster.Nodes[entry.Node].Spec.Name, typeName, entry.Gpus, entry.Replicas);
        }

        return slices;
    }

    /// <summary>Takes a running job off its resources (released unless the caller released them already).</summary>
    private void Stop(JobRecord job, bool release)
    {
        job.ProgressAtStart = job.ProgressAt(_now);
        job.AttainedAtStart = job.AttainedAt(_now);
        job.ClassAttainedAtStart = job.ClassAttainedAt(_now);
        job.ExecutedTime += _now - job.LastStart;
        job.LastStop = _now;
        if (release)
        {
            _cluster.Release(job.Allocation, job.Spec.Request);
        }

        foreach (AllocationEntry entry in job.Allocation)
        {
            _cluster.UnlistJob(entry.Node, job);
        }

        Touch(job.Allocation);

        AddUsage(job, -1);
        _metrics.Stopped(job.AllocatedGpus);
        job.Allocation = [];
        job.AllocatedType = -1;
        job.PlacedReplicas = 0;
        job.AllocatedGpus = 0;
        job.Rate = 0;
        job.Version++;
        int slot = _runningSlot[job];
        JobRecord last = _running[^1];
        _running[slot] = last;
        _runningSlot[last] = slot;
        _running.RemoveAt(_running.Count - 1);
        _runningSlot.Remove(job);
        if (_fixedRank)
        {
            _runningByRank.Remove(job);
        }

        job.Phase = JobPhase.Waiting;
    }

    private void Preempt(JobRecord victim, JobRecord? cause, bool release)
    {
        Stop(victim, release);
        victim.Preemptions++;
        victim.Reason = WaitReason.Preempted;
        Emit(new SchedulingDecision(DecisionKind.Preempt, victim.Spec.Id, Time(_now), [], WaitReason.Preempted, cause?.Spec.Id));
        _metrics.Preempted();
        LogPreempted(victim.Spec.Id, cause?.Spec.Id ?? "(node failure)");
        if (_las is { StarvationFactor: > 0 } las && victim.ExecutedTime > 0)
        {
            _promotions.Enqueue((victim, victim.Version), victim.LastStop + (las.StarvationFactor * victim.ExecutedTime));
        }

        if (_inPass || ReferenceEquals(cause, null))
        {
            // Its rank as a waiting job, so the rest of the pass can keep it in order (RanksBehindDeferredVictim).
            ComputeKey(victim);
            _deferred.Add(victim);
        }
        else
        {
            Enqueue(victim);
        }
    }

    private void FlushDeferred()
    {
        foreach (JobRecord job in _deferred)
        {
            if (job.Phase == JobPhase.Waiting && _jobs.ContainsKey(job.Spec.Id))
            {
                Enqueue(job);
            }
        }

        _deferred.Clear();
    }

    private static void AddUsage(JobRecord job, int sign)
    {
        ReplicaRequest request = job.Spec.Request;
        long gpus = sign * job.AllocatedGpus;
        double cpu = sign * job.PlacedReplicas * request.CpuCores;
        double memory = sign * (double)job.PlacedReplicas * request.MemoryBytes;
        for (QueueNode? queue = job.Queue; queue is not null; queue = queue.Parent)
        {
            queue.UsedGpus += gpus;
            queue.UsedCpu += cpu;
            queue.UsedMemory += memory;
        }
    }
}
