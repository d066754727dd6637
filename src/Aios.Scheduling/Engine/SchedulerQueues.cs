using System.Globalization;
using System.Text;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>Queues, waiting structures, order keys and quota.</summary>
// CA2208: hierarchy errors name SchedulerOptions.Queues, the setting the caller wrote, not a private parameter.
#pragma warning disable CA2208
public sealed partial class Scheduler
{
    private void BuildQueues(IReadOnlyList<QueueSpec> specs)
    {
        var byName = new Dictionary<string, QueueSpec>(StringComparer.Ordinal);
        foreach (QueueSpec spec in specs)
        {
            ArgumentNullException.ThrowIfNull(spec, nameof(SchedulerOptions.Queues));
            if (!byName.TryAdd(spec.Name, spec))
            {
                throw new ArgumentException($"Two queues are named '{spec.Name}'.", nameof(SchedulerOptions.Queues));
            }
        }

        foreach (QueueSpec spec in specs)
        {
            Materialize(spec, byName, depth: 0);
        }

        foreach (QueueSpec spec in specs)
        {
            _hasQuota |= spec.GuaranteedGpus > 0 || spec.BorrowingLimit is not null || spec.LendingLimit is not null;
        }

        // Configured leaves count from the start: a queue that has not submitted yet has all its guarantee unused, and
        // its lending limit protects it. (Leaves used to join only with their first job, so others borrowed all of an
        // idle queue's guarantee regardless of its LendingLimit.)
        foreach (QueueSpec spec in specs)
        {
            QueueNode node = _queues[spec.Name];
            if (node.IsLeaf && !_leaves.Contains(node))
            {
                _leaves.Add(node);
            }
        }
    }

    private QueueNode Materialize(QueueSpec spec, Dictionary<string, QueueSpec> byName, int depth)
    {
        if (_queues.TryGetValue(spec.Name, out QueueNode? existing))
        {
            return existing;
        }

        if (depth > byName.Count)
        {
            throw new ArgumentException($"The queue hierarchy has a cycle through '{spec.Name}'.", nameof(SchedulerOptions.Queues));
        }

        QueueNode parent = _root;
        if (spec.Parent is { } parentName)
        {
            parent = byName.TryGetValue(parentName, out QueueSpec? parentSpec)
                ? Materialize(parentSpec, byName, depth + 1)
                : throw new ArgumentException($"Queue '{spec.Name}' names an unknown parent '{parentName}'.", nameof(SchedulerOptions.Queues));
        }

        var node = new QueueNode(spec, parent, _queues.Count);
        parent.Children.Add(node);
        _queues.Add(spec.Name, node);
        return node;
    }

    private QueueNode LeafFor(string name)
    {
        if (!_queues.TryGetValue(name, out QueueNode? queue))
        {
            queue = new QueueNode(new QueueSpec(name), _root, _queues.Count);
            _root.Children.Add(queue);
            _queues.Add(name, queue);
        }

        if (!queue.IsLeaf)
        {
            throw new ArgumentException($"Queue '{name}' has child queues; jobs go to leaf queues.", nameof(name));
        }

        if (!_leaves.Contains(queue))
        {
            _leaves.Add(queue);
        }

        return queue;
    }

    /// <summary>Whether the job's queue (and its ancestors) may take its GPUs now: borrowing limits and others' protected quota.</summary>
    private WaitReason CheckQuota(JobRecord job)
    {
        if (!_hasQuota)
        {
            return WaitReason.None;
        }

        long gpus = job.Spec.TotalGpus;
        for (QueueNode? queue = job.Queue; queue is not null && !ReferenceEquals(queue, _root); queue = queue.Parent)
        {
            if (queue.Spec.BorrowingLimit is { } limit && queue.UsedGpus + gpus > queue.Spec.GuaranteedGpus + limit)
            {
                return WaitReason.QuotaExceeded;
            }
        }

        QueueNode leaf = job.Queue;
        if (leaf.UsedGpus + gpus > leaf.Spec.GuaranteedGpus)
        {
            long protectedGpus = 0;
            foreach (QueueNode other in _leaves)
            {
                if (ReferenceEquals(other, leaf))
                {
                    continue;
                }

                long idle = Math.Max(0, other.Spec.GuaranteedGpus - other.UsedGpus);
                long lent = Math.Min(idle, other.Spec.LendingLimit ?? idle);
                protectedGpus += idle - lent;
            }

            // With nothing protected there is no quota to enforce: whether the job fits is placement's to say. (Comparing the
            // free GPUs with all replicas' GPUs here made a non-gang job larger than the free GPUs wait as QuotaProtected
            // for good, although it could start with fewer replicas, and under fair share it blocked its queue.)
            if (protectedGpus > 0 && _cluster.FreeGpus - gpus < protectedGpus)
            {
                return WaitReason.QuotaProtected;
            }
        }

        return WaitReason.None;
    }

    /// <summary>
    /// Why the job could not pass <see cref="CheckQuota"/> even on the empty cluster as it is now, or None: it alone needs
    /// more than its queue or an ancestor may ever use (guarantee plus borrowing limit), or more than the cluster holds
    /// beside the other queues' guarantees they never lend. (The protected GPUs fall one for one as the others use their
    /// guarantee, and so do the free ones, so the empty cluster is the most a job can ever get.)
    /// </summary>
    private WaitReason PermanentQuotaReason(JobRecord job)
    {
        if (!_hasQuota)
        {
            return WaitReason.None;
        }

        long gpus = job.Spec.TotalGpus;
        for (QueueNode? queue = job.Queue; queue is not null && !ReferenceEquals(queue, _root); queue = queue.Parent)
        {
            if (queue.Spec.BorrowingLimit is { } limit && gpus > queue.Spec.GuaranteedGpus + limit)
            {
                return WaitReason.QuotaExceeded;
            }
        }

        if (gpus <= job.Queue.Spec.GuaranteedGpus)
        {
            return WaitReason.None;
        }

        long protectedGpus = 0;
        foreach (QueueNode other in _leaves)
        {
            if (!ReferenceEquals(other, job.Queue))
            {
                long guarantee = other.Spec.GuaranteedGpus;
                protectedGpus += guarantee - Math.Min(guarantee, other.Spec.LendingLimit ?? guarantee);
            }
        }

        return protectedGpus > 0 && _cluster.CapacityGpus - gpus < protectedGpus ? WaitReason.QuotaProtected : WaitReason.None;
    }

    private void Enqueue(JobRecord job)
    {
        ComputeKey(job);
        bool added = _order.ByQueue ? job.Queue.Waiting.Add(job) : GroupOf(job).Waiting.Add(job);
        if (!added)
        {
            return;
        }

        _waitingCount++;
        for (QueueNode? queue = job.Queue; queue is not null; queue = queue.Parent)
        {
            queue.WaitingBelow++;
        }
    }

    private void RemoveWaiting(JobRecord job)
    {
        bool removed = _order.ByQueue ? job.Queue.Waiting.Remove(job) : GroupOf(job).Waiting.Remove(job);
        if (!removed)
        {
            return;
        }

        _waitingCount--;
        for (QueueNode? queue = job.Queue; queue is not null; queue = queue.Parent)
        {
            queue.WaitingBelow--;
        }
    }

    private void Dequeue(JobRecord job) => RemoveWaiting(job);

    /// <summary>Sets the job's order key (smaller first) by the policy's ordering. Keys never change while a job waits.</summary>
    private void ComputeKey(JobRecord job)
    {
        if (_order.KeyNeedsRates)
        {
            EnsureTypes(job);
        }

        _order.SetKey(job, _now);
    }

    /// <summary>The group of waiting jobs of the same shape as <paramref name="job"/> (request, accepted types, allowed nodes): they fit exactly where it fits.</summary>
    private ShapeGroup GroupOf(JobRecord job)
    {
        if (job.Group is { } known)
        {
            return known;
        }

        JobSpec spec = job.Spec;
        ReplicaRequest request = spec.Request;
        var key = new StringBuilder();
        key.Append(CultureInfo.InvariantCulture, $"{spec.Replicas}|{spec.Gang}|{request.Gpus}|{request.CpuCores:R}|{request.MemoryBytes}|{request.GpuMilli}|{request.GpuMemoryBytes}|");
        if (request.DeviceTypes is { Count: > 0 } listed)
        {
            foreach (string type in listed)
            {
                key.Append(type).Append(',');
            }
        }

        key.Append('|');
        if (request.Nodes is { } nodes)
        {
            // The names as listed, sorted and each prefixed by its length (names may hold any character): jobs of one
            // group may use the same nodes whatever the cluster becomes. No list and an empty list differ.
            key.Append('[');
            string[] sorted = [.. nodes];
            Array.Sort(sorted, StringComparer.Ordinal);
            string? previous = null;
            foreach (string name in sorted)
            {
                if (name is not null && !string.Equals(name, previous, StringComparison.Ordinal))
                {
                    key.Append(CultureInfo.InvariantCulture, $"{name.Length}:").Append(name);
                    previous = name;
                }
            }

            key.Append(']');
        }

        key.Append('|');
        if (spec.TotalWork is not null && spec.Throughputs is not null)
        {
            // The accepted types, and under heterogeneity-aware placement their preference order, follow the rates.
            foreach ((string type, double rate) in spec.Throughputs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                key.Append(type).Append('=').Append(_policy.HeterogeneityAware ? (rate / spec.TotalWork.Value).ToString("R", CultureInfo.InvariantCulture) : (rate > 0 ? "1" : "0")).Append(',');
            }
        }

        string text = key.ToString();
        if (!_groupsByShape.TryGetValue(text, out ShapeGroup? group))
        {
            group = new ShapeGroup();
            _groupsByShape.Add(text, group);
            _groups.Add(group);
        }

        job.Group = group;
        return group;
    }

    /// <summary>Tiresias's starvation rule: a job that waited StarvationFactor × its run time goes back to class 0.</summary>
    private void Promote(LeastAttainedServiceOrder las)
    {
        while (_promotions.TryPeek(out (JobRecord Job, int Version) entry, out double due) && due <= _now)
        {
            _promotions.Dequeue();
            JobRecord job = entry.Job;
            if (job.Version != entry.Version || job.Phase != JobPhase.Waiting || !_jobs.ContainsKey(job.Spec.Id) || las.ClassOf(job.ClassAttainedAtStart) == 0)
            {
                continue;
            }

            RemoveWaiting(job);
            job.ClassAttainedAtStart = 0;
            job.PromotedAt = _now;
            Enqueue(job);
        }
    }

    private double NextWakeUpSeconds()
    {
        if (_las is not { } las)
        {
            return double.PositiveInfinity;
        }

        double next = double.PositiveInfinity;
        while (_promotions.TryPeek(out (JobRecord Job, int Version) entry, out double due))
        {
            if (entry.Job.Version == entry.Version && entry.Job.Phase == JobPhase.Waiting && _jobs.ContainsKey(entry.Job.Spec.Id))
            {
                next = due;
                break;
            }

            _promotions.Dequeue();
        }

        if (_waitingCount == 0)
        {
            return next;
        }

        // A running job crossing a class threshold may now rank below a waiting one.
        IReadOnlyList<double> thresholds = las.Thresholds;
        foreach (JobRecord job in _running)
        {
            if (job.AllocatedGpus == 0)
            {
                continue;
            }

            int level = las.ClassOf(job.ClassAttainedAt(_now));
            if (level < thresholds.Count)
            {
                double crossing = job.LastStart + ((thresholds[level] - job.ClassAttainedAtStart) / job.AllocatedGpus);
                next = Math.Min(next, Math.Max(crossing, _now));
            }
        }

        return next;
    }

    private JobStatus Snapshot(JobRecord record, double now) => new()
    {
        Job = record.Spec,
        Phase = record.Phase,
        Reason = record.Phase == JobPhase.Waiting ? WaitingReason(record) : WaitReason.None,
        SubmitTime = Time(record.SubmitTime),
        FirstStartTime = record.FirstStart is { } start ? Time(start) : null,
        EndTime = record.End is { } end ? Time(end) : null,
        Placement = record.IsRunning ? Slices(record.Allocation, record.AllocatedType) : [],
        AttainedService = record.AttainedAt(now),
        Progress = record.ProgressAt(now),
        Preemptions = record.Preemptions,
    };
}
