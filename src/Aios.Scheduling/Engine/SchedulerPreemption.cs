using Aios.Scheduling.Model;
using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Engine;

/// <summary>Preemption (lower rank, quota reclaim) and EASY backfill reservations.</summary>
public sealed partial class Scheduler
{
    private readonly List<PreemptionMemo> _activeMemos = [];
    private readonly List<JobRecord> _nodeVictims = [];
    private readonly List<JobRecord> _chosenVictims = [];
    private readonly VictimOrder _victimOrder;

    /// <summary>
    /// Frees room for <paramref name="job"/> by preempting the fewest eligible running jobs: candidates are released
    /// least important first until the job fits, then each released candidate, most important first, is put back when
    /// the job still fits without it. Nothing is preempted unless the job then starts.
    /// </summary>
    private bool TryPreemptFor(JobRecord job, bool reclaim)
    {
        if (job.Spec.Replicas == 1 && job.Spec.Request.Gpus > 0)
        {
            return TryPreemptOnOneNode(job, reclaim);
        }

        _evicted.Clear();
        bool fits = false;
        Placement found = default;
        int perReplica = Math.Max(1, job.Spec.Request.Gpus);
        foreach (JobRecord candidate in Candidates(job, reclaim))
        {
            if (reclaim && candidate.Queue.UsedGpus - TentativelyReleased(candidate.Queue) <= candidate.Queue.Spec.GuaranteedGpus)
            {
                continue;   // the queue no longer borrows: reclaim takes back borrowed GPUs only
            }

            _cluster.Release(candidate.Allocation, candidate.Spec.Request);
            _evicted.Add(candidate);

            // Only a release that leaves one of its pools able to take a replica can make the job fit; skip the search otherwise.
            if (MayFitAfterRelease(candidate, perReplica) && TryPlace(job, out found))
            {
                fits = true;
                break;
            }
        }

        if (!fits)
        {
            RestoreEvicted();
            return false;
        }

        // Victims that share no node with the placement found are not needed for it: they go back at once.
        for (int i = _evicted.Count - 1; i >= 0; i--)
        {
            JobRecord victim = _evicted[i];
            if (!SharesNode(victim, found.Entries))
            {
                _cluster.Allocate(victim.Allocation, victim.Spec.Request);
                _evicted.RemoveAt(i);
            }
        }

        // Reprieve the rest, most important first, when the job still fits without preempting them.
        for (int i = _evicted.Count - 1; i >= 0; i--)
        {
            JobRecord victim = _evicted[i];
            _cluster.Allocate(victim.Allocation, victim.Spec.Request);
            if (CanPlace(job))
            {
                _evicted.RemoveAt(i);
            }
            else
            {
                _cluster.Release(victim.Allocation, victim.Spec.Request);
            }
        }

        if (!TryPlace(job, out Placement placement))
        {
            // Cannot happen: the last state checked holds the job. Undo rather than start it nowhere.
            RestoreEvicted();
            return false;
        }

        CommitPreemption(job, placement);
        return true;
    }

    /// <summary>Puts every tentatively released candidate back (the search failed).</summary>
    private void RestoreEvicted()
    {
        for (int i = _evicted.Count - 1; i >= 0; i--)
        {
            _cluster.Allocate(_evicted[i].Allocation, _evicted[i].Spec.Request);
        }

        _evicted.Clear();
    }

    /// <summary>Preempts the victims (already released) and starts the job on <paramref name="placement"/>.</summary>
    private void CommitPreemption(JobRecord job, in Placement placement)
    {
        for (int i = 0; i < _evicted.Count; i++)
        {
            Preempt(_evicted[i], job, release: false);
        }

        _evicted.Clear();
        Start(job, placement);
    }

    private bool MayFitAfterRelease(JobRecord released, int perReplica)
    {
        foreach (AllocationEntry entry in released.Allocation)
        {
            if (entry.Pool < 0 || _cluster.PoolFree(entry.Pool) >= perReplica)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SharesNode(JobRecord victim, AllocationEntry[] placement)
    {
        foreach (AllocationEntry held in victim.Allocation)
        {
            foreach (AllocationEntry wanted in placement)
            {
                if (held.Node == wanted.Node)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The running jobs the waiting job may preempt, least important first (lazily for fixed ranks).</summary>
    private IEnumerable<JobRecord> Candidates(JobRecord job, bool reclaim)
    {
        if (!reclaim && _fixedRank)
        {
            // Fixed ranks: walk the running jobs from the worst-ranked up, while they rank below the job.
            bool byPriority = _order.VictimNeedsLowerPriority;
            foreach (JobRecord running in _runningByRank.Reverse())
            {
                if (JobOrderComparer.Instance.Compare(running, job) <= 0)
                {
                    yield break;
                }

                if (running.Spec.Preemptible && (!byPriority || running.Spec.Priority < job.Spec.Priority) && HoldsUsefulResources(running, job))
                {
                    yield return running;
                }
            }

            yield break;
        }

        if (!CollectCandidates(job, reclaim))
        {
            yield break;
        }

        // A copy: the caller releases and re-allocates while iterating, and a nested preemption must not reuse the list.
        JobRecord[] candidates = [.. _candidates];
        foreach (JobRecord candidate in candidates)
        {
            yield return candidate;
        }
    }

    private long TentativelyReleased(QueueNode queue)
    {
        long released = 0;
        foreach (JobRecord victim in _evicted)
        {
            if (ReferenceEquals(victim.Queue, queue))
            {
                released += victim.AllocatedGpus;
            }
        }

        return released;
    }

    /// <summary>Lists the running jobs the waiting job may preempt, least important first.</summary>
    private bool CollectCandidates(JobRecord job, bool reclaim)
    {
        _candidates.Clear();
        foreach (JobRecord running in _running)
        {
            if (IsEligibleVictim(running, job, reclaim))
            {
                _candidates.Add(running);
            }
        }

        _victimOrder.Sort(_candidates, reclaim, _now);
        return _candidates.Count > 0;
    }

    /// <summary>Whether <paramref name="job"/> may preempt <paramref name="running"/>, by the policy's rule.</summary>
    private bool IsEligibleVictim(JobRecord running, JobRecord job, bool reclaim)
    {
        if (!running.Spec.Preemptible || !HoldsUsefulResources(running, job))
        {
            return false;
        }

        if (reclaim)
        {
            return !ReferenceEquals(running.Queue, job.Queue) && running.Queue.UsedGpus > running.Queue.Spec.GuaranteedGpus;
        }

        return _order.Outranks(job, running, _now);
    }

    /// <summary>
    /// Preemption for a single-replica job: the node where the fewest eligible victims make room (least important
    /// first, then each put back if the job still fits). A failed search is remembered: a later job that ranks no
    /// higher, with the same device types and no smaller request, can only succeed on nodes changed since, so only
    /// those are searched — without this, every event on a busy cluster would rescan every node.
    /// </summary>
    private bool TryPreemptOnOneNode(JobRecord job, bool reclaim)
    {
        // One memo per shape and priority: a failure says nothing of a smaller request or a higher priority, and one
        // memo per pair keeps each memo's changed nodes to those since the last failure of its own kind.
        PreemptionMemo? memo = !reclaim && _fixedRank ? job.Group?.MemoFor(job.Spec.Priority) : null;
        bool memoApplies = memo?.Job is { } failed && memo.Version == _cluster.Version && MemoCovers(failed, job);
        int bestNode = -1;
        int bestCount = int.MaxValue;
        if (memoApplies)
        {
            foreach (int node in memo!.Touched)
            {
                Consider(node);
            }
        }
        else
        {
            for (int node = 0; node < _cluster.Nodes.Count; node++)
            {
                Consider(node);
            }
        }

        if (bestNode < 0)
        {
            if (memo is not null && (!memoApplies || SameRequest(memo.Job!, job)))
            {
                Forget(memo);
                memo.Job = job;
                memo.Version = _cluster.Version;
                _activeMemos.Add(memo);
            }

            return false;
        }

        _evicted.Clear();
        VictimsOnNode(job, bestNode, reclaim, collect: true);
        if (!TryPlace(job, out Placement placement))
        {
            // Cannot happen: the node was checked to hold the job once the victims are gone. Undo rather than trust it.
            RestoreEvicted();
            return false;
        }

        CommitPreemption(job, placement);
        return true;

        void Consider(int node)
        {
            if (!_cluster.Nodes[node].Usable || _cluster.Nodes[node].Jobs.Count == 0)
            {
                return;
            }

            int count = VictimsOnNode(job, node, reclaim, collect: false);
            if (count > 0 && count < bestCount)
            {
                bestCount = count;
                bestNode = node;
            }
        }
    }

    private bool MemoCovers(JobRecord memo, JobRecord job)
    {
        ReplicaRequest wanted = job.Spec.Request, failed = memo.Spec.Request;
        if (job.Spec.Priority > memo.Spec.Priority
            || wanted.Gpus < failed.Gpus || wanted.CpuCores < failed.CpuCores || wanted.MemoryBytes < failed.MemoryBytes
            || !job.TypeOrder.AsSpan().SequenceEqual(memo.TypeOrder))
        {
            return false;
        }

        if (JobOrderComparer.Instance.Compare(job, memo) >= 0)
        {
            return true;   // it ranks no higher: its victims are among the memo's
        }

        // It ranks higher than the memo's job: it may preempt the running jobs ranked between the two as well; the
        // memo still holds when none of them is a victim it could take.
        bool byPriority = _order.VictimNeedsLowerPriority;
        foreach (JobRecord between in _runningByRank.GetViewBetween(job, memo))
        {
            if (between.Spec.Preemptible && (!byPriority || between.Spec.Priority < job.Spec.Priority))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameRequest(JobRecord memo, JobRecord job)
    {
        ReplicaRequest wanted = job.Spec.Request, failed = memo.Spec.Request;
        return job.Spec.Priority == memo.Spec.Priority && wanted.Gpus == failed.Gpus && wanted.CpuCores == failed.CpuCores && wanted.MemoryBytes == failed.MemoryBytes;
    }

    private void Touch(AllocationEntry[] allocation)
    {
        for (int m = _activeMemos.Count - 1; m >= 0; m--)
        {
            PreemptionMemo memo = _activeMemos[m];
            foreach (AllocationEntry entry in allocation)
            {
                memo.Touch(entry.Node);
            }

            // Past half the nodes a memo saves little: drop it, and the next failure starts a new one.
            if (memo.Touched.Count > (_cluster.Nodes.Count / 2) + 8)
            {
                Forget(memo);
            }
        }
    }

    private void Forget(PreemptionMemo memo)
    {
        memo.Clear();
        _activeMemos.Remove(memo);
    }

    /// <summary>
    /// The fewest victims on <paramref name="node"/> that let the single-replica job fit in one of its pools, or −1 when
    /// none do; with <paramref name="collect"/>, releases them and lists them in <see cref="_evicted"/>.
    /// </summary>
    private int VictimsOnNode(JobRecord job, int node, bool reclaim, bool collect)
    {
        NodeState state = _cluster.Nodes[node];
        ReplicaRequest request = job.Spec.Request;

        // First the arithmetic: can all eligible victims together make room on some pool? Most nodes fail here, with
        // no list built and nothing sorted.
        _nodeVictims.Clear();
        double cpuFreeable = state.CpuFree;
        long memoryFreeable = state.MemoryFree;
        foreach (JobRecord running in state.Jobs)
        {
            if (IsEligibleVictim(running, job, reclaim))
            {
                _nodeVictims.Add(running);
                (_, int replicas) = HeldOn(running, -2, node);
                cpuFreeable += replicas * running.Spec.Request.CpuCores;
                memoryFreeable += replicas * running.Spec.Request.MemoryBytes;
            }
        }

        if (_nodeVictims.Count == 0 || cpuFreeable + 1e-9 < request.CpuCores || memoryFreeable < request.MemoryBytes)
        {
            return -1;
        }

        bool anyPool = false;
        foreach (int pool in state.Pools)
        {
            if (Array.IndexOf(job.TypeOrder, _cluster.PoolType(pool)) < 0)
            {
                continue;
            }

            long devices = _cluster.PoolFree(pool);
            foreach (JobRecord victim in _nodeVictims)
            {
                devices += HeldOn(victim, pool, node).Devices;
            }

            if (devices >= request.Gpus)
            {
                anyPool = true;
                break;
            }
        }

        if (!anyPool)
        {
            return -1;
        }

        _victimOrder.Sort(_nodeVictims, reclaim, _now);
        int bestPool = -1;
        int bestCount = int.MaxValue;
        foreach (int pool in state.Pools)
        {
            if (Array.IndexOf(job.TypeOrder, _cluster.PoolType(pool)) < 0)
            {
                continue;
            }

            int count = MinimalVictims(pool, node, state, request, chosen: null);
            if (count > 0 && count < bestCount)
            {
                bestCount = count;
                bestPool = pool;
            }
        }

        if (bestPool < 0)
        {
            return -1;
        }

        if (collect)
        {
            _chosenVictims.Clear();
            MinimalVictims(bestPool, node, state, request, _chosenVictims);
            foreach (JobRecord victim in _chosenVictims)
            {
                _cluster.Release(victim.Allocation, victim.Spec.Request);
                _evicted.Add(victim);
            }
        }

        return bestCount;
    }

    /// <summary>Least important first until the replica fits on the pool, then each put back when it still fits; −1 when even all do not suffice.</summary>
    private int MinimalVictims(int pool, int node, NodeState state, ReplicaRequest request, List<JobRecord>? chosen)
    {
        long devices = _cluster.PoolFree(pool);
        double cpu = state.CpuFree;
        long memory = state.MemoryFree;
        int taken = 0;
        bool fits = Fits(devices, cpu, memory, request);
        while (!fits && taken < _nodeVictims.Count)
        {
            JobRecord victim = _nodeVictims[taken++];
            (int held, int replicas) = HeldOn(victim, pool, node);
            devices += held;
            cpu += replicas * victim.Spec.Request.CpuCores;
            memory += replicas * victim.Spec.Request.MemoryBytes;
            fits = Fits(devices, cpu, memory, request);
        }

        if (!fits)
        {
            return -1;
        }

        int count = taken;
        Span<bool> kept = taken <= 256 ? stackalloc bool[taken] : new bool[taken];
        for (int i = taken - 1; i >= 0; i--)
        {
            JobRecord victim = _nodeVictims[i];
            (int held, int replicas) = HeldOn(victim, pool, node);
            long withoutDevices = devices - held;
            double withoutCpu = cpu - (replicas * victim.Spec.Request.CpuCores);
            long withoutMemory = memory - (replicas * victim.Spec.Request.MemoryBytes);
            if (Fits(withoutDevices, withoutCpu, withoutMemory, request))
            {
                kept[i] = true;
                devices = withoutDevices;
                cpu = withoutCpu;
                memory = withoutMemory;
                count--;
            }
        }

        if (chosen is not null)
        {
            for (int i = 0; i < taken; i++)
            {
                if (!kept[i])
                {
                    chosen.Add(_nodeVictims[i]);
                }
            }
        }

        return count;
    }

    private static bool Fits(long devices, double cpu, long memory, ReplicaRequest request) =>
        devices >= request.Gpus && cpu + 1e-9 >= request.CpuCores && memory >= request.MemoryBytes;

    /// <summary>The devices a victim holds on the pool, and its replicas on the node (whose CPU and memory they hold).</summary>
    private static (int Devices, int Replicas) HeldOn(JobRecord victim, int pool, int node)
    {
        int devices = 0, replicas = 0;
        foreach (AllocationEntry entry in victim.Allocation)
        {
            if (entry.Pool == pool)
            {
                devices += entry.Gpus;
            }

            if (entry.Node == node)
            {
                replicas += entry.Replicas;
            }
        }

        return (devices, replicas);
    }

    /// <summary>Whether preempting <paramref name="running"/> frees anything the waiting job can use.</summary>
    private static bool HoldsUsefulResources(JobRecord running, JobRecord job)
    {
        if (job.Spec.Request.Gpus == 0)
        {
            return true;
        }

        if (running.AllocatedType < 0)
        {
            return job.Spec.Request.CpuCores > 0 || job.Spec.Request.MemoryBytes > 0;
        }

        return Array.IndexOf(job.TypeOrder, running.AllocatedType) >= 0;
    }

    /// <summary>
    /// EASY backfill's reservation for the first blocked job: the earliest time (the shadow time) enough devices of one
    /// acceptable type are free, from the running jobs' estimated ends, and how many devices are spare then.
    /// </summary>
    private Reservation Reserve(JobRecord job)
    {
        long need = job.MinimumGpus;
        var best = new Reservation(true, -1, double.PositiveInfinity, long.MinValue);
        foreach (int type in job.TypeOrder)
        {
            long free = _cluster.FreeByType[type];
            double shadow = _now;
            if (free < need)
            {
                _releases.Clear();
                foreach (JobRecord running in _running)
                {
                    if (running.AllocatedType == type)
                    {
                        _releases.Add((running.EstimatedEnd(), running.AllocatedGpus));
                    }
                }

                _releases.Sort(static (a, b) => a.End.CompareTo(b.End));
                shadow = double.PositiveInfinity;
                foreach ((double end, long gpus) in _releases)
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
                best = new Reservation(true, type, shadow, extra);
            }
        }

        if (best.Type < 0)
        {
            best = new Reservation(true, job.TypeOrder.Length > 0 ? job.TypeOrder[0] : -1, double.PositiveInfinity, 0);
        }

        return best;
    }

    /// <summary>An EASY reservation: devices of <see cref="Type"/> are promised to the blocked job at <see cref="Shadow"/>; <see cref="Extra"/> are spare then.</summary>
    private struct Reservation(bool active, int type, double shadow, long extra)
    {
        public bool Active = active;
        public int Type = type;
        public double Shadow = shadow;
        public long Extra = extra;

        /// <summary>
        /// Whether the job is sure to delay the reservation wherever it goes: it can only use the reserved type, needs
        /// more than the spare devices, and cannot end by the shadow time even at its best rate.
        /// </summary>
        public readonly bool CertainlyBlocks(JobRecord job, double now)
        {
            if (!Active || job.TypeOrder.Length != 1 || job.TypeOrder[0] != Type || job.MinimumGpus <= Extra || job.MinimumGpus == 0)
            {
                return false;
            }

            double earliestEnd = job.BestRate > 0 ? now + ((1 - job.ProgressAtStart) / job.BestRate) : double.PositiveInfinity;
            return earliestEnd > Shadow;
        }

        /// <summary>Whether a job placed on <paramref name="type"/> until <paramref name="end"/> with <paramref name="gpus"/> devices leaves the reservation intact; consumes spare devices when it needs them.</summary>
        public bool Allows(int type, double end, long gpus)
        {
            if (!Active || type != Type || gpus == 0 || end <= Shadow)
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Job {JobId} started on {Gpus} {DeviceType} devices")]
    private partial void LogStarted(string jobId, long gpus, string deviceType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Job {JobId} preempted for {Cause}")]
    private partial void LogPreempted(string jobId, string cause);
}

