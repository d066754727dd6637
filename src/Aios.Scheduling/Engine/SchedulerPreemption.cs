using Aios.Scheduling.Model;
using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Engine;

/// <summary>Preemption: lower rank and quota reclaim.</summary>
public sealed partial class Scheduler
{
    private readonly List<PreemptionMemo> _activeMemos = [];
    private readonly List<JobRecord> _nodeVictims = [];
    private readonly List<JobRecord> _chosenVictims = [];
    private readonly VictimOrder _victimOrder;

    /// <summary>
    /// Frees room for <paramref name="job"/> by preempting the fewest eligible running jobs: candidates are released
    /// least important first until the job fits, then each released candidate, most important first, is put back when
    /// the job still fits without it. Nothing is preempted unless the job then starts, and only jobs holding resources on
    /// nodes the job may use are candidates.
    /// </summary>
    private bool TryPreemptFor(JobRecord job, bool reclaim)
    {
        if (job.Spec.Request.IsFractional)
        {
            return false;   // a job of GPU shares never preempts: it waits for shares or devices to free up
        }

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
            if (MayFitAfterRelease(candidate, job, perReplica) && TryPlace(job, out found))
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

    private bool MayFitAfterRelease(JobRecord released, JobRecord job, int perReplica)
    {
        foreach (AllocationEntry entry in released.Allocation)
        {
            if (NodeSet.Allows(job.AllowedNodes, entry.Node) && (entry.Pool < 0 || _cluster.PoolFree(entry.Pool) >= perReplica))
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
        // Only nodes where possible victims of lower priority (where the policy asks for that) can leave enough devices
        // free may make room: the cluster's victim index lists them in node order. One victim is the fewest possible,
        // so the first node found that needs only one is the node a search of every node would choose: the nodes where
        // one victim alone frees enough devices are searched first, and all the others only when none of them will do.
        long priorityBelow = !reclaim && _order.VictimNeedsLowerPriority ? job.Spec.Priority : long.MaxValue;
        int devices = job.Spec.Request.Gpus;
        if (memoApplies)
        {
            foreach (int node in memo!.Touched)
            {
                if (_cluster.MayMakeRoom(node, priorityBelow, devices))
                {
                    Consider(node);
                    if (bestCount == 1)
                    {
                        break;
                    }
                }
            }
        }
        else
        {
            Search(single: true);
            if (bestCount > 1)
            {
                // No node makes room with one victim: every node that may make room at all, for the fewest victims.
                bestNode = -1;
                bestCount = int.MaxValue;
                Search(single: false);
            }

            CheckVictimSearch(job, reclaim, bestNode, bestCount);
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

        void Search(bool single)
        {
            for (int node = _cluster.NextVictimNode(0, priorityBelow, devices, single); node >= 0 && bestCount > 1; node = _cluster.NextVictimNode(node + 1, priorityBelow, devices, single))
            {
                Consider(node);
            }
        }

        void Consider(int node)
        {
            if (!_cluster.Nodes[node].Usable || _cluster.Nodes[node].Victims.Count == 0 || !NodeSet.Allows(job.AllowedNodes, node))
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

    /// <summary>Debug builds: the indexed search chose the node (and victim count) that a search of every node chooses.</summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void CheckVictimSearch(JobRecord job, bool reclaim, int bestNode, int bestCount)
    {
        int expectedNode = -1;
        int expectedCount = int.MaxValue;
        for (int node = 0; node < _cluster.Nodes.Count && expectedCount > 1; node++)
        {
            if (!_cluster.Nodes[node].Usable || _cluster.Nodes[node].Jobs.Count == 0 || !NodeSet.Allows(job.AllowedNodes, node))
            {
                continue;
            }

            int count = VictimsOnNode(job, node, reclaim, collect: false);
            if (count > 0 && count < expectedCount)
            {
                (expectedNode, expectedCount) = (node, count);
            }
        }

        System.Diagnostics.Debug.Assert(
            (bestNode, bestNode < 0 ? int.MaxValue : bestCount) == (expectedNode, expectedCount),
            $"The victim index led job {job.Spec.Id} to node {bestNode} ({bestCount} victims); a search of every node finds {expectedNode} ({expectedCount}).");
    }

    private bool MemoCovers(JobRecord memo, JobRecord job)
    {
        // Both jobs are of one shape group, whose key includes the node names: they may use the same nodes.
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
        foreach (JobRecord running in state.Victims)
        {
            if (IsEligibleVictim(running, job, reclaim))
            {
                _nodeVictims.Add(running);
                (_, int replicas) = NodeVictims.HeldOn(running, -2, node);
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
                devices += NodeVictims.HeldOn(victim, pool, node).Devices;
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

            int count = NodeVictims.Minimal(_cluster, pool, node, request, _nodeVictims, chosen: null);
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
            NodeVictims.Minimal(_cluster, bestPool, node, request, _nodeVictims, _chosenVictims);
            foreach (JobRecord victim in _chosenVictims)
            {
                _cluster.Release(victim.Allocation, victim.Spec.Request);
                _evicted.Add(victim);
            }
        }

        return bestCount;
    }

    /// <summary>Whether preempting <paramref name="running"/> frees anything the waiting job can use (on a node it may use).</summary>
    private static bool HoldsUsefulResources(JobRecord running, JobRecord job)
    {
        if (running.Spec.Request.IsFractional)
        {
            return false;   // a job of GPU shares is never a victim
        }

        if (job.AllowedNodes is { } nodes && !HoldsAnyOn(running, nodes))
        {
            return false;
        }

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

    private static bool HoldsAnyOn(JobRecord running, NodeSet nodes)
    {
        foreach (AllocationEntry entry in running.Allocation)
        {
            if (nodes.Contains(entry.Node))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Job {JobId} started on {Gpus} {DeviceType} devices")]
    private partial void LogStarted(string jobId, long gpus, string deviceType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Job {JobId} preempted for {Cause}")]
    private partial void LogPreempted(string jobId, string cause);
}

