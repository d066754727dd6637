using System.Globalization;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>Adoption: jobs that already run when the scheduler is built (a controller rebuilding its state after a restart).</summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Records a job that already runs at <paramref name="placement"/>, as a controller does when it rebuilds the
    /// scheduler from the cluster after a restart (pods already bound to nodes). The job's resources are taken and it is
    /// <see cref="JobPhase.Running"/>: it counts toward its queue's usage, fair shares and quota like any running job,
    /// may be preempted when <see cref="JobSpec.Preemptible"/>, and is ended with <see cref="Finish"/> or
    /// <see cref="Cancel"/>.
    /// </summary>
    /// <remarks>
    /// <para>No decision pass runs and no decision is returned: adopt every running job first, then call
    /// <see cref="Tick"/> (or <see cref="Submit"/>/<see cref="SubmitMany"/> with the waiting jobs) to decide.</para>
    /// <para>The placement is checked whole before anything is taken; on any error nothing changes. Slices on one node
    /// are added together. For a job that needs no devices (<see cref="ReplicaRequest.Gpus"/> 0) each slice's
    /// <see cref="PlacementSlice.DeviceType"/> is not read (the scheduler's own placements name it <c>cpu</c>) and its
    /// <see cref="PlacementSlice.Count"/> is 0.</para>
    /// <para>A job cannot be adopted onto an unhealthy node: the scheduler keeps no job on one (<see cref="SetNodeHealth"/>
    /// preempts the jobs there). To rebuild a cluster with failed nodes, adopt while the nodes are healthy, then mark
    /// them unhealthy: the jobs there are preempted as they would have been, and the decisions say so.</para>
    /// <para>The job's progress counts from now (give the time it has left as <see cref="JobSpec.Duration"/>, when known);
    /// its submit and first start times are now.</para>
    /// </remarks>
    /// <param name="job">The job; its id must be new to the scheduler, its queue a leaf.</param>
    /// <param name="placement">
    /// Where it runs: on nodes of the cluster (and of <see cref="ReplicaRequest.Nodes"/> when set), all on one device type
    /// the job accepts that the node has, <see cref="PlacementSlice.Count"/> = replicas × GPUs per replica, at least one
    /// replica per slice; the replicas add up to <see cref="JobSpec.Replicas"/> (for a job that is not a gang, 1 to that).
    /// </param>
    /// <param name="attainedService">
    /// The GPU-seconds the job has received so far (as <see cref="JobStatus.AttainedService"/> reports them), which
    /// least-attained-service ranks it by; finite and ≥ 0, default 0.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> or <paramref name="placement"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attainedService"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">
    /// The job names a queue that is not a leaf; or <paramref name="placement"/> is empty, names a node the cluster does
    /// not have or one outside the request's nodes, a device type the node does not have or the job does not accept, or
    /// two device types; a slice places no replica or its count is not its replicas' devices; or the replicas do not add
    /// up to the job's; or, for a job of GPU shares (<see cref="ReplicaRequest.GpuMilli"/> &gt; 0), a slice does not name
    /// its <see cref="PlacementSlice.SharedDevice"/> (an index below the node's devices of the type) or takes whole devices.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A live job has the same id; a node is unhealthy; or a node has too few free devices, CPU cores or memory for
    /// the slices placed on it, or a shared device too few free thousandths or too little free memory for its shares.
    /// </exception>
    public void Adopt(JobSpec job, IReadOnlyList<PlacementSlice> placement, double attainedService = 0)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(placement);
        Guard.FiniteNonNegative(attainedService);
        lock (_gate)
        {
            if (_jobs.ContainsKey(job.Id))
            {
                throw new InvalidOperationException($"A job with id '{job.Id}' is already in the scheduler; a job is adopted once.");
            }

            if (_queues.TryGetValue(job.Queue, out QueueNode? existing) && !existing.IsLeaf)
            {
                throw new ArgumentException($"Queue '{job.Queue}' has child queues; jobs go to leaf queues.", nameof(job));
            }

            Placement resolved = ResolveAdopted(job, placement);
            BeginEvent();
            var record = new JobRecord(job, _sequence++, LeafFor(job.Queue), _now)
            {
                AttainedAtStart = attainedService,
                ClassAttainedAtStart = attainedService,
            };
            EnsureTypes(record);
            _order.Admit(record, _cluster.CapacityGpus, _jobs.Count);
            ComputeKey(record);
            _jobs.Add(job.Id, record);
            Run(record, resolved);
            EndEvent();
        }
    }

    /// <summary>Checks an adopted job's placement against the cluster as it is and turns it into allocation entries (nothing is taken).</summary>
    private Placement ResolveAdopted(JobSpec job, IReadOnlyList<PlacementSlice> placement)
    {
        if (placement.Count == 0)
        {
            throw new ArgumentException($"The placement of job '{job.Id}' must hold at least one slice.", nameof(placement));
        }

        ReplicaRequest request = job.Request;
        if (request.IsFractional)
        {
            return ResolveAdoptedShares(job, placement);
        }

        int type = -1;
        long replicas = 0;
        var entries = new List<AllocationEntry>(placement.Count);
        foreach (PlacementSlice slice in placement)
        {
            int node = AdoptedNode(job, slice, nameof(placement));

            if (slice.Replicas < 1)
            {
                throw new ArgumentException($"The placement of job '{job.Id}' has a slice on node '{slice.Node}' with {slice.Replicas} replicas; each slice must place at least 1.", nameof(placement));
            }

            if (slice.Count != (long)slice.Replicas * request.Gpus)
            {
                throw new ArgumentException($"The placement of job '{job.Id}' takes {slice.Count} devices for {slice.Replicas} replicas on node '{slice.Node}'; with {request.Gpus} GPUs per replica it must take {(long)slice.Replicas * request.Gpus}.", nameof(placement));
            }

            if (!NodeListed(request, slice.Node))
            {
                throw new ArgumentException($"The placement of job '{job.Id}' uses node '{slice.Node}', which is not among the request's nodes.", nameof(placement));
            }

            int pool = -1;
            if (request.Gpus > 0)
            {
                if (!_cluster.TryGetType(slice.DeviceType ?? "", out int sliceType) || (pool = PoolOf(node, sliceType)) < 0)
                {
                    throw new ArgumentException($"The placement of job '{job.Id}' uses device type '{slice.DeviceType}' on node '{slice.Node}', which has no devices of that type.", nameof(placement));
                }

                if (!request.Accepts(slice.DeviceType!) || (job.TotalWork is not null && job.Throughputs is not null && job.ProgressRateOn(slice.DeviceType!) <= 0))
                {
                    throw new ArgumentException($"The placement of job '{job.Id}' uses device type '{slice.DeviceType}', which the job does not accept (its device types or throughputs).", nameof(placement));
                }

                if (type >= 0 && sliceType != type)
                {
                    throw new ArgumentException($"The placement of job '{job.Id}' mixes device types '{_cluster.TypeNames[type]}' and '{slice.DeviceType}'; a job runs on one type.", nameof(placement));
                }

                type = sliceType;
            }

            if (!_cluster.Nodes[node].Usable)
            {
                throw new InvalidOperationException($"Node '{slice.Node}' is unhealthy and holds no jobs: adopt job '{job.Id}' before marking the node unhealthy, and SetNodeHealth will preempt it.");
            }

            replicas += slice.Replicas;
            AddToEntry(entries, node, pool, slice.Count, slice.Replicas);
        }

        CheckAdoptedReplicas(job, replicas, nameof(placement));

        foreach (AllocationEntry entry in entries)
        {
            NodeState state = _cluster.Nodes[entry.Node];
            int freeDevices = entry.Pool >= 0 ? _cluster.PoolFree(entry.Pool) : 0;

            // The placement search's own test of host resources (with its tolerance of 1e-9 cores), in replicas.
            bool cpuShort = request.CpuCores > 0 && entry.Replicas > Math.Floor((state.CpuFree + 1e-9) / request.CpuCores);
            bool memoryShort = request.MemoryBytes > 0 && entry.Replicas > state.MemoryFree / request.MemoryBytes;
            if (entry.Gpus > freeDevices || cpuShort || memoryShort)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Node '{state.Spec.Name}' has {freeDevices} free devices, {state.CpuFree} free CPU cores and {state.MemoryFree} free bytes of memory; job '{job.Id}' needs {entry.Gpus} devices, {entry.Replicas} × {request.CpuCores} cores and {entry.Replicas} × {request.MemoryBytes} bytes there."));
            }
        }

        return new Placement(type, (int)replicas, replicas * request.Gpus, [.. entries]);
    }

    /// <summary>
    /// <see cref="ResolveAdopted"/> for a job of GPU shares: each slice names its node, device type and shared device
    /// (<see cref="PlacementSlice.SharedDevice"/>, the index the scheduler's own placements report), takes no whole
    /// device (<see cref="PlacementSlice.Count"/> 0) and places its replicas' shares there. A device that holds no share
    /// yet is opened (one of its pool's fully free devices); no device goes above 1,000 thousandths or its memory.
    /// </summary>
    private Placement ResolveAdoptedShares(JobSpec job, IReadOnlyList<PlacementSlice> placement)
    {
        ReplicaRequest request = job.Request;
        int type = -1;
        long replicas = 0;
        var entries = new List<AllocationEntry>(placement.Count);
        foreach (PlacementSlice slice in placement)
        {
            int node = AdoptedNode(job, slice, nameof(placement));

            if (slice.Replicas < 1 || slice.Count != 0 || slice.SharedDevice is not int device)
            {
                throw new ArgumentException($"The placement of job '{job.Id}' (shares of a GPU) has a slice on node '{slice.Node}' with {slice.Replicas} replicas, {slice.Count} whole devices and shared device {slice.SharedDevice?.ToString(CultureInfo.InvariantCulture) ?? "none"}; each slice must name its shared device, take no whole device and place at least 1 replica.", nameof(placement));
            }

            if (!NodeListed(request, slice.Node))
            {
                throw new ArgumentException($"The placement of job '{job.Id}' uses node '{slice.Node}', which is not among the request's nodes.", nameof(placement));
            }

            if (!_cluster.TryGetType(slice.DeviceType ?? "", out int sliceType) || PoolOf(node, sliceType) is not (>= 0 and int pool))
            {
                throw new ArgumentException($"The placement of job '{job.Id}' uses device type '{slice.DeviceType}' on node '{slice.Node}', which has no devices of that type.", nameof(placement));
            }

            if (!request.Accepts(slice.DeviceType!) || (type >= 0 && sliceType != type))
            {
                throw new ArgumentException($"The placement of job '{job.Id}' uses device type '{slice.DeviceType}', which the job does not accept or which differs from its other slices' type.", nameof(placement));
            }

            if (device < 0 || device >= _cluster.PoolCapacity(pool))
            {
                throw new ArgumentException($"The placement of job '{job.Id}' names shared device {device} on node '{slice.Node}', whose {slice.DeviceType} devices are numbered 0–{_cluster.PoolCapacity(pool) - 1}.", nameof(placement));
            }

            if (!_cluster.Nodes[node].Usable)
            {
                throw new InvalidOperationException($"Node '{slice.Node}' is unhealthy and holds no jobs: adopt job '{job.Id}' before marking the node unhealthy, and SetNodeHealth will preempt it.");
            }

            type = sliceType;
            replicas += slice.Replicas;
            int existing = entries.FindIndex(e => e.Pool == pool && e.Device == device);
            if (existing >= 0)
            {
                entries[existing] = entries[existing] with { Replicas = entries[existing].Replicas + slice.Replicas };
            }
            else
            {
                entries.Add(new AllocationEntry(node, pool, _cluster.ShareOf(pool, device) is null ? 1 : 0, slice.Replicas, device));
            }
        }

        CheckAdoptedReplicas(job, replicas, nameof(placement));

        long opened = 0;
        foreach (AllocationEntry entry in entries)
        {
            (int usedMilli, long usedMemory) = _cluster.ShareOf(entry.Pool, entry.Device) ?? (0, 0);
            long deviceMemory = _cluster.PoolDeviceMemory(entry.Pool);
            long milli = usedMilli + ((long)entry.Replicas * request.GpuMilli);
            long memory = usedMemory + ((long)entry.Replicas * request.GpuMemoryBytes);
            if (milli > 1000 || (request.GpuMemoryBytes > 0 && (deviceMemory < 0 || memory > deviceMemory)))
            {
                string memoryText = deviceMemory < 0 ? "unknown memory" : string.Create(CultureInfo.InvariantCulture, $"{deviceMemory} bytes of memory");
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Device {entry.Device} of node '{_cluster.Nodes[entry.Node].Spec.Name}' ({memoryText}) holds {usedMilli} thousandths and {usedMemory} bytes; job '{job.Id}' adds {entry.Replicas} × {request.GpuMilli} thousandths and {entry.Replicas} × {request.GpuMemoryBytes} bytes there."));
            }

            opened += entry.Gpus;
        }

        foreach (IGrouping<int, AllocationEntry> pool in entries.GroupBy(e => e.Pool))
        {
            int opening = pool.Sum(e => e.Gpus);
            if (opening > _cluster.PoolFree(pool.Key))
            {
                throw new InvalidOperationException($"Node '{_cluster.Nodes[_cluster.PoolNode(pool.Key)].Spec.Name}' has {_cluster.PoolFree(pool.Key)} fully free devices; job '{job.Id}' opens {opening} shared devices there.");
            }
        }

        foreach (IGrouping<int, AllocationEntry> node in entries.GroupBy(e => e.Node))
        {
            NodeState state = _cluster.Nodes[node.Key];
            int onNode = node.Sum(e => e.Replicas);
            bool cpuShort = request.CpuCores > 0 && onNode > Math.Floor((state.CpuFree + 1e-9) / request.CpuCores);
            bool memoryShort = request.MemoryBytes > 0 && onNode > state.MemoryFree / request.MemoryBytes;
            if (cpuShort || memoryShort)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Node '{state.Spec.Name}' has {state.CpuFree} free CPU cores and {state.MemoryFree} free bytes of memory; job '{job.Id}' needs {onNode} × {request.CpuCores} cores and {onNode} × {request.MemoryBytes} bytes there."));
            }
        }

        return new Placement(type, (int)replicas, opened, [.. entries]);
    }

    /// <summary>The node an adopted slice names; an <see cref="ArgumentException"/> (parameter <c>placement</c>) when the cluster has none of that name.</summary>
    private int AdoptedNode(JobSpec job, PlacementSlice slice, string parameter) =>
        slice.Node is not null && _cluster.TryGetNode(slice.Node, out int node) ? node
            : throw new ArgumentException($"The placement of job '{job.Id}' names node '{slice.Node}', which is not in the cluster.", parameter);

    /// <summary>A gang places all its replicas, any other job 1 to all of them.</summary>
    private static void CheckAdoptedReplicas(JobSpec job, long replicas, string parameter)
    {
        int minimum = job.Gang ? job.Replicas : 1;
        if (replicas < minimum || replicas > job.Replicas)
        {
            string expected = job.Gang ? $"its {job.Replicas}" : $"1 to its {job.Replicas}";
            throw new ArgumentException($"The placement of job '{job.Id}' places {replicas} replicas; it must place {expected}.", parameter);
        }
    }

    private static bool NodeListed(ReplicaRequest request, string node)
    {
        if (request.Nodes is not { } nodes)
        {
            return true;
        }

        for (int i = 0; i < nodes.Count; i++)
        {
            if (string.Equals(nodes[i], node, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private int PoolOf(int node, int type)
    {
        foreach (int pool in _cluster.Nodes[node].Pools)
        {
            if (_cluster.PoolType(pool) == type)
            {
                return pool;
            }
        }

        return -1;
    }

    private static void AddToEntry(List<AllocationEntry> entries, int node, int pool, int gpus, int replicas)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Node == node)
            {
                AllocationEntry entry = entries[i];
                entries[i] = entry with { Gpus = entry.Gpus + gpus, Replicas = entry.Replicas + replicas };
                return;
            }
        }

        entries.Add(new AllocationEntry(node, pool, gpus, replicas));
    }
}
