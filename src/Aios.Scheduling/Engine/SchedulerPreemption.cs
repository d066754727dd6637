using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Engine;

/// <summary>Preemption (lower rank, quota reclaim) and EASY backfill reservations.</summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Frees room for <paramref name="job"/> by preempting the fewest eligible running jobs: candidates are released
    /// least important first until the job fits, then each released candidate, most important first, is put back when
    /// the job still fits without it. Nothing is preempted unless the job then starts.
    /// </summary>
    private bool TryPreemptFor(JobRecord job, bool reclaim)
    {
        _evicted.Clear();
        bool fits = false;
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
            if (MayFitAfterRelease(candidate, perReplica) && TryPlace(job, out _, out _))
            {
                fits = true;
                break;
            }
        }

        if (!fits)
        {
            for (int i = _evicted.Count - 1; i >= 0; i--)
            {
                _cluster.Allocate(_evicted[i].Allocation, _evicted[i].Spec.Request);
            }

            _evicted.Clear();
            return false;
        }

        // Victims that share no node with the placement found are not needed for it: they go back at once.
        _scratchFinal.Clear();
        _scratchFinal.AddRange(_scratch);
        for (int i = _evicted.Count - 1; i >= 0; i--)
        {
            JobRecord victim = _evicted[i];
            if (!SharesNode(victim, _scratchFinal))
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
            if (TryPlace(job, out _, out _))
            {
                _evicted.RemoveAt(i);
            }
            else
            {
                _cluster.Release(victim.Allocation, victim.Spec.Request);
            }
        }

        TryPlace(job, out int type, out int placed);
        _scratchFinal.Clear();
        _scratchFinal.AddRange(_scratch);
        for (int i = 0; i < _evicted.Count; i++)
        {
            Preempt(_evicted[i], job, release: false);
        }

        _evicted.Clear();
        _scratch.Clear();
        _scratch.AddRange(_scratchFinal);
        Start(job, type, placed);
        return true;
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

    private static bool SharesNode(JobRecord victim, List<AllocationEntry> placement)
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
        if (!reclaim && _staticRank)
        {
            // Fixed ranks: walk the running jobs from the worst-ranked up, while they rank below the job.
            bool byPriority = _policy.Ordering is JobOrdering.Priority or JobOrdering.FairShare;
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
        if (reclaim)
        {
            foreach (JobRecord running in _running)
            {
                if (running.Spec.Preemptible && !ReferenceEquals(running.Queue, job.Queue) && running.Queue.UsedGpus > running.Queue.Spec.GuaranteedGpus && HoldsUsefulResources(running, job))
                {
                    _candidates.Add(running);
                }
            }

            // Lowest priority first, then the most recently started (least work lost), then submission order.
            _candidates.Sort(static (a, b) =>
                a.Spec.Priority != b.Spec.Priority ? a.Spec.Priority.CompareTo(b.Spec.Priority)
                : a.LastStart != b.LastStart ? b.LastStart.CompareTo(a.LastStart)
                : b.Sequence.CompareTo(a.Sequence));
            return _candidates.Count > 0;
        }

        switch (_policy.Ordering)
        {
            case JobOrdering.LeastAttainedService:
            {
                int level = ClassOf(job.ClassAttainedAtStart);
                foreach (JobRecord running in _running)
                {
                    if (running.Spec.Preemptible && ClassOf(running.ClassAttainedAt(_now)) > level && HoldsUsefulResources(running, job))
                    {
                        _candidates.Add(running);
                    }
                }

                double now = _now;
                _candidates.Sort((a, b) =>
                {
                    double attainedA = a.ClassAttainedAt(now), attainedB = b.ClassAttainedAt(now);
                    return attainedA != attainedB ? attainedB.CompareTo(attainedA) : b.Sequence.CompareTo(a.Sequence);
                });
                break;
            }

            case JobOrdering.ShortestRemainingTime:
            {
                double remaining = job.RankRemainingAt(_now);
                foreach (JobRecord running in _running)
                {
                    if (running.Spec.Preemptible && running.RankRemainingAt(_now) > remaining + running.Spec.RestartOverhead && HoldsUsefulResources(running, job))
                    {
                        _candidates.Add(running);
                    }
                }

                double now = _now;
                _candidates.Sort((a, b) =>
                {
                    double remainingA = a.RankRemainingAt(now), remainingB = b.RankRemainingAt(now);
                    return remainingA != remainingB ? remainingB.CompareTo(remainingA) : b.Sequence.CompareTo(a.Sequence);
                });
                break;
            }

            default:
                break;
        }

        return _candidates.Count > 0;
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
