using System.Diagnostics;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>
/// One part of an allocation: <see cref="Replicas"/> replicas on node <see cref="Node"/>, taking <see cref="Gpus"/> devices
/// of pool <see cref="Pool"/> (−1 when the replicas need no devices). Fractional replicas (a share of one GPU) have one
/// entry per shared device: <see cref="Device"/> is the device's index within the pool, and <see cref="Gpus"/> is 1 when the
/// search found the device fully free (the entry opens it) and 0 when it joins a partly used one. <see cref="Device"/> is
/// −1 for whole GPUs.
/// </summary>
internal readonly record struct AllocationEntry(int Node, int Pool, int Gpus, int Replicas, int Device = -1)
{
    public bool IsShared => Device >= 0;
}

/// <summary>A partly used device of a pool: its index within the pool and the thousandths and GPU memory its shares take.</summary>
internal sealed class SharedDevice(int pool, int index)
{
    public int Pool { get; } = pool;

    public int Index { get; } = index;

    public int UsedMilli { get; set; }

    public long UsedMemory { get; set; }

    /// <summary>The device's position in its type's share bucket (the bucket of its free thousandths).</summary>
    public int Slot { get; set; } = -1;
}

/// <summary>
/// The free resources of the cluster, indexed for placement: for every device type, the pools of healthy nodes are kept
/// in buckets by their free device count, so best fit and worst fit find a pool in O(devices per node), not O(nodes).
/// </summary>
internal sealed class ClusterState
{
    private readonly Dictionary<string, int> _typeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _groupIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Type, int Gpus, double Cpu, long Memory, int Milli, long GpuMemory), long> _fitOnEmpty = [];

    // Per pool.
    private readonly List<int> _poolNode = [];
    private readonly List<int> _poolType = [];
    private readonly List<int> _poolCapacity = [];
    private int[] _poolFree = new int[16];
    private int[] _poolSlot = new int[16];

    // Per pool: the memory of each device (−1: unknown) and the partly used devices (fully free ones are counted in _poolFree).
    private readonly List<long> _poolDeviceMemory = [];
    private readonly List<List<SharedDevice>> _poolShared = [];

    // Per type: the partly used devices in buckets by free thousandths (0–999), so that best fit for a share starts at the
    // bucket of the share's size and stops at the first device that takes it: O(1000) bucket checks at most, not O(pools).
    private readonly List<List<SharedDevice>[]> _shareBuckets = [];

    // Per type: buckets[free] = pools of healthy nodes with that many free devices.
    private readonly List<List<List<int>>> _buckets = [];
    private readonly List<List<List<int>>> _groupPools = [];   // [type][group] = pools
    private readonly List<int> _scratchPools = [];

    // Per node, for one-replica preemption: the priorities below which its possible victims make room (VictimIndex),
    // refreshed lazily for the nodes marked since the last search.
    private readonly VictimIndex _victimIndex = new();
    private readonly List<bool> _victimDirty = [];
    private readonly List<int> _dirtyVictimNodes = [];
    private readonly List<JobRecord> _scratchVictims = [];
    private int _maxPoolCapacity;

    // Cached once: a lambda over _poolFree in the topology search allocated a delegate per search.
    private readonly Comparison<int> _byFreeDescending;

    public ClusterState()
    {
        _byFreeDescending = (a, b) => _poolFree[a] != _poolFree[b] ? _poolFree[b].CompareTo(_poolFree[a]) : a.CompareTo(b);
    }

    public List<string> TypeNames { get; } = [];

    public List<NodeState> Nodes { get; } = [];

    public List<long> FreeByType { get; } = [];

    public List<long> CapacityByType { get; } = [];

    public List<List<long>> GroupFreeByType { get; } = [];   // [type][group]

    public int GroupCount => _groupIndex.Count;

    public long FreeGpus { get; private set; }

    public long CapacityGpus { get; private set; }

    public double CapacityCpu { get; private set; }

    public double CapacityMemory { get; private set; }

    /// <summary>Gets a number that changes whenever nodes or their health change (cached per-job facts depend on it).</summary>
    public int Version { get; private set; }

    public int PoolCount => _poolNode.Count;

    public int PoolNode(int pool) => _poolNode[pool];

    public int PoolType(int pool) => _poolType[pool];

    public int PoolFree(int pool) => _poolFree[pool];

    public int PoolCapacity(int pool) => _poolCapacity[pool];

    public int MaxCapacity(int type) => _buckets[type].Count - 1;

    /// <summary>The thousandths and GPU memory the shares on a pool's device take, or null when the device holds no share.</summary>
    public (int UsedMilli, long UsedMemory)? ShareOf(int pool, int device) =>
        SharedDeviceAt(pool, device) is { } shared ? (shared.UsedMilli, shared.UsedMemory) : null;

    /// <summary>The memory of each of a pool's devices in bytes, or −1 when unknown.</summary>
    public long PoolDeviceMemory(int pool) => _poolDeviceMemory[pool];

    /// <summary>The partly used devices of a pool (for invariants).</summary>
    public IReadOnlyList<SharedDevice> SharedDevices(int pool) => _poolShared[pool];

    public bool TryGetType(string name, out int type) => _typeIndex.TryGetValue(name, out type);

    public bool TryGetNode(string name, out int node) => _nodeIndex.TryGetValue(name, out node);

    /// <summary>Lists a job that now holds resources on a node (once per allocation entry; repeats are ignored).</summary>
    public void ListJob(int node, JobRecord job)
    {
        if (Nodes[node].Add(job))
        {
            VictimsChanged(node);
        }
    }

    /// <summary>Unlists a job that no longer holds resources on a node; call before its allocation is cleared.</summary>
    public void UnlistJob(int node, JobRecord job)
    {
        if (Nodes[node].Remove(job))
        {
            VictimsChanged(node);
        }
    }

    /// <summary>
    /// The first usable node at or after <paramref name="from"/> where preemption may make room for one replica of
    /// <paramref name="devices"/> devices with possible victims of priority below <paramref name="priorityBelow"/>
    /// (<see cref="long.MaxValue"/>: of any priority) — by preempting one victim only when <paramref name="single"/>
    /// is set; −1 when none. A necessary condition: the victim search still checks the node (CPU, memory, types).
    /// </summary>
    public int NextVictimNode(int from, long priorityBelow, int devices, bool single)
    {
        RefreshVictimIndex();
        return _victimIndex.Next(from, priorityBelow, devices, single);
    }

    /// <summary>Whether <paramref name="node"/> passes the test of <see cref="NextVictimNode"/> (any number of victims).</summary>
    public bool MayMakeRoom(int node, long priorityBelow, int devices)
    {
        RefreshVictimIndex();
        return _victimIndex.MayMakeRoom(node, priorityBelow, devices);
    }

    /// <summary>Whether the victim index agrees with the nodes (for the invariants).</summary>
    public bool VictimIndexAgrees(int node)
    {
        RefreshVictimIndex();
        Span<long> single = stackalloc long[VictimIndex.MaxLevels];
        Span<long> all = stackalloc long[VictimIndex.MaxLevels];
        VictimFigures(node, single, all);
        for (int g = 1; g <= _victimIndex.Levels; g++)
        {
            if (_victimIndex.Get(node, g) != (single[g - 1], all[g - 1]))
            {
                return false;
            }
        }

        return true;
    }

    // The index is brought up to date when a search reads it: policies that never preempt only mark nodes.
    private void VictimsChanged(int node)
    {
        if (node < _victimDirty.Count && !_victimDirty[node])
        {
            _victimDirty[node] = true;
            _dirtyVictimNodes.Add(node);
        }
    }

    private void RefreshVictimIndex()
    {
        if (_victimIndex.Capacity < Nodes.Count || _victimIndex.Levels < Math.Clamp(_maxPoolCapacity, 1, VictimIndex.MaxLevels))
        {
            _victimIndex.Reset(Nodes.Count, _maxPoolCapacity);
            _dirtyVictimNodes.Clear();
            for (int node = 0; node < Nodes.Count; node++)
            {
                _victimDirty[node] = true;
                _dirtyVictimNodes.Add(node);
            }
        }

        if (_dirtyVictimNodes.Count == 0)
        {
            return;
        }

        Span<long> single = stackalloc long[VictimIndex.MaxLevels];
        Span<long> all = stackalloc long[VictimIndex.MaxLevels];
        foreach (int node in _dirtyVictimNodes)
        {
            _victimDirty[node] = false;
            VictimFigures(node, single, all);
            _victimIndex.Set(node, single, all);
        }

        _dirtyVictimNodes.Clear();
    }

    /// <summary>A node's thresholds for replicas of 1 to <see cref="VictimIndex.Levels"/> devices (see <see cref="VictimIndex"/>).</summary>
    private void VictimFigures(int node, Span<long> single, Span<long> all)
    {
        int levels = _victimIndex.Levels;
        single[..levels].Fill(long.MaxValue);
        all[..levels].Fill(long.MaxValue);
        NodeState state = Nodes[node];
        if (!state.Usable || state.Victims.Count == 0)
        {
            return;
        }

        _scratchVictims.Clear();
        _scratchVictims.AddRange(state.Victims);
        _scratchVictims.Sort(static (a, b) => a.Spec.Priority.CompareTo(b.Spec.Priority));
        foreach (int pool in state.Pools)
        {
            long free = _poolFree[pool];
            long together = free;
            foreach (JobRecord victim in _scratchVictims)
            {
                long held = 0;
                foreach (AllocationEntry entry in victim.Allocation)
                {
                    if (entry.Pool == pool)
                    {
                        held += entry.Gpus;
                    }
                }

                together += held;
                long priority = victim.Spec.Priority;
                for (int g = 1, alone = (int)Math.Min(free + held, levels); g <= alone; g++)
                {
                    single[g - 1] = Math.Min(single[g - 1], priority);
                }

                for (int g = 1, upTo = (int)Math.Min(together, levels); g <= upTo; g++)
                {
                    all[g - 1] = Math.Min(all[g - 1], priority);
                }
            }
        }
    }

    public int AddNode(NodeSpec spec)
    {
        if (_nodeIndex.ContainsKey(spec.Name))
        {
            throw new ArgumentException($"A node named '{spec.Name}' is already in the cluster.", nameof(spec));
        }

        int group = -1;
        if (spec.TopologyGroup is { } groupName)
        {
            if (!_groupIndex.TryGetValue(groupName, out group))
            {
                group = _groupIndex.Count;
                _groupIndex.Add(groupName, group);
                foreach (List<long> perType in GroupFreeByType)
                {
                    perType.Add(0);
                }

                foreach (List<List<int>> perType in _groupPools)
                {
                    perType.Add([]);
                }
            }
        }

        int node = Nodes.Count;
        var pools = new List<int>();
        foreach (string typeName in spec.Devices.Keys.Order(StringComparer.Ordinal))
        {
            int capacity = spec.Devices[typeName];
            if (capacity == 0)
            {
                continue;
            }

            int type = EnsureType(typeName);
            int pool = _poolNode.Count;
            _poolNode.Add(node);
            _poolType.Add(type);
            _poolCapacity.Add(capacity);
            _poolDeviceMemory.Add(spec.DeviceMemoryBytes is { } memory && memory.TryGetValue(typeName, out long bytes) ? bytes : -1);
            _poolShared.Add([]);
            if (pool >= _poolFree.Length)
            {
                Array.Resize(ref _poolFree, _poolFree.Length * 2);
                Array.Resize(ref _poolSlot, _poolSlot.Length * 2);
            }

            _poolFree[pool] = capacity;
            _poolSlot[pool] = -1;
            _maxPoolCapacity = Math.Max(_maxPoolCapacity, capacity);
            if (group >= 0)
            {
                _groupPools[type][group].Add(pool);
            }

            pools.Add(pool);
        }

        _nodeIndex.Add(spec.Name, node);
        Nodes.Add(new NodeState(spec, group, [.. pools]));
        _victimDirty.Add(false);
        VictimsChanged(node);
        Show(node);
        return node;
    }

    /// <summary>Takes a node's pools out of placement (unhealthy or removed); the caller has evicted its jobs.</summary>
    public void Hide(int node)
    {
        NodeState state = Nodes[node];
        if (!state.Usable)
        {
            return;
        }

        state.Usable = false;
        foreach (int pool in state.Pools)
        {
            RemoveFromBucket(pool);
            int type = _poolType[pool];
            FreeByType[type] -= _poolFree[pool];
            CapacityByType[type] -= _poolCapacity[pool];
            FreeGpus -= _poolFree[pool];
            CapacityGpus -= _poolCapacity[pool];
            if (state.Group >= 0)
            {
                GroupFreeByType[type][state.Group] -= _poolFree[pool];
            }
        }

        CapacityCpu -= state.Spec.CpuCores;
        CapacityMemory -= state.Spec.MemoryBytes;
        VictimsChanged(node);
        Changed();
    }

    /// <summary>Removes a hidden node for good; its name may be used again.</summary>
    public void Remove(int node)
    {
        NodeState state = Nodes[node];
        state.Removed = true;
        _nodeIndex.Remove(state.Spec.Name);
        Changed();
    }

    /// <summary>Puts a node's pools back into placement.</summary>
    public void Show(int node)
    {
        NodeState state = Nodes[node];
        if (state.Usable || state.Removed)
        {
            return;
        }

        state.Usable = true;
        foreach (int pool in state.Pools)
        {
            AddToBucket(pool);
            int type = _poolType[pool];
            FreeByType[type] += _poolFree[pool];
            CapacityByType[type] += _poolCapacity[pool];
            FreeGpus += _poolFree[pool];
            CapacityGpus += _poolCapacity[pool];
            if (state.Group >= 0)
            {
                GroupFreeByType[type][state.Group] += _poolFree[pool];
            }
        }

        CapacityCpu += state.Spec.CpuCores;
        CapacityMemory += state.Spec.MemoryBytes;
        VictimsChanged(node);
        Changed();
    }

    public void Allocate(ReadOnlySpan<AllocationEntry> entries, ReplicaRequest request) => Apply(entries, request, -1);

    public void Release(ReadOnlySpan<AllocationEntry> entries, ReplicaRequest request) => Apply(entries, request, +1);

    /// <summary>
    /// How many replicas of <paramref name="request"/> fit on the empty healthy cluster on devices of <paramref name="type"/>
    /// (type −1: replicas that need no devices), on the nodes of <paramref name="nodes"/> (null: every node).
    /// </summary>
    public long FitOnEmpty(int type, ReplicaRequest request, NodeSet? nodes)
    {
        if (nodes is not null)
        {
            // Not cached: the cache is keyed by the request's shape, and a node set is the job's own. Its walk is over its
            // nodes only, once per job and cluster version.
            return FitOnEmptyNodes(type, request, nodes);
        }

        var key = (type, request.Gpus, request.CpuCores, request.MemoryBytes, request.GpuMilli, request.GpuMemoryBytes);
        if (_fitOnEmpty.TryGetValue(key, out long fit))
        {
            return fit;
        }

        fit = 0;
        if (request.Gpus == 0)
        {
            foreach (NodeState node in Nodes)
            {
                if (node.Usable)
                {
                    fit += ReplicasByHostResources(node.Spec.CpuCores, node.Spec.MemoryBytes, request, int.MaxValue);
                    fit = Math.Min(fit, int.MaxValue);
                }
            }
        }
        else if (type >= 0)
        {
            for (int pool = 0; pool < _poolNode.Count; pool++)
            {
                NodeState node = Nodes[_poolNode[pool]];
                if (_poolType[pool] == type && node.Usable)
                {
                    fit += ReplicasByHostResources(node.Spec.CpuCores, node.Spec.MemoryBytes, request, DeviceLimitOnEmpty(pool, request));
                }
            }
        }

        _fitOnEmpty[key] = fit;
        return fit;
    }

    private long FitOnEmptyNodes(int type, ReplicaRequest request, NodeSet nodes)
    {
        long fit = 0;
        foreach (int index in nodes.Nodes)
        {
            NodeState node = Nodes[index];
            if (!node.Usable)
            {
                continue;
            }

            if (request.Gpus == 0)
            {
                fit = Math.Min(fit + ReplicasByHostResources(node.Spec.CpuCores, node.Spec.MemoryBytes, request, int.MaxValue), int.MaxValue);
            }
            else if (type >= 0)
            {
                foreach (int pool in node.Pools)
                {
                    if (_poolType[pool] == type)
                    {
                        fit += ReplicasByHostResources(node.Spec.CpuCores, node.Spec.MemoryBytes, request, DeviceLimitOnEmpty(pool, request));
                    }
                }
            }
        }

        return fit;
    }

    /// <summary>
    /// The replicas the devices of an empty pool hold: whole GPUs, capacity / GPUs; shares, floor(1000 / milli) per device,
    /// fewer when the GPU memory asked for limits them (none where the device's memory is unknown).
    /// </summary>
    private int DeviceLimitOnEmpty(int pool, ReplicaRequest request)
    {
        if (!request.IsFractional)
        {
            return _poolCapacity[pool] / request.Gpus;
        }

        return _poolCapacity[pool] * SharesPerEmptyDevice(pool, request);
    }

    private int SharesPerEmptyDevice(int pool, ReplicaRequest request)
    {
        int perDevice = 1000 / request.GpuMilli;
        if (request.GpuMemoryBytes > 0)
        {
            long memory = _poolDeviceMemory[pool];
            perDevice = memory < 0 ? 0 : (int)Math.Min(perDevice, memory / request.GpuMemoryBytes);
        }

        return perDevice;
    }

    /// <summary>The free devices of <paramref name="type"/> on the usable nodes of <paramref name="nodes"/>.</summary>
    public long FreeOn(int type, NodeSet nodes)
    {
        long free = 0;
        foreach (int index in nodes.Nodes)
        {
            NodeState node = Nodes[index];
            if (node.Usable)
            {
                foreach (int pool in node.Pools)
                {
                    if (_poolType[pool] == type)
                    {
                        free += _poolFree[pool];
                    }
                }
            }
        }

        return free;
    }

    /// <summary>
    /// Finds where <paramref name="replicas"/> replicas go on devices of <paramref name="type"/>, on the nodes of
    /// <paramref name="nodes"/> (null: every node), without allocating.
    /// </summary>
    /// <returns>The replicas placed (≥ <paramref name="minimumReplicas"/>), or 0 with <paramref name="result"/> cleared.</returns>
    public int TryFind(int type, int replicas, int minimumReplicas, ReplicaRequest request, PlacementStrategy strategy, NodeSet? nodes, List<AllocationEntry> result)
    {
        result.Clear();
        int gpus = request.Gpus;
        if (gpus == 0)
        {
            return FindWithoutDevices(replicas, minimumReplicas, request, strategy, nodes, result);
        }

        if (request.IsFractional)
        {
            return FindShared(type, replicas, minimumReplicas, request, strategy, nodes, result);
        }

        if (FreeByType[type] < (long)minimumReplicas * gpus)
        {
            return 0;
        }

        int placed = strategy switch
        {
            PlacementStrategy.Spread => FindSpread(type, replicas, request, nodes, result),
            PlacementStrategy.Topology => FindTopology(type, replicas, minimumReplicas, request, nodes, result),
            _ => FindBestFit(type, replicas, request, nodes, result),
        };

        if (placed < minimumReplicas)
        {
            result.Clear();
            return 0;
        }

        return placed;
    }

    private int FindBestFit(int type, int replicas, ReplicaRequest request, NodeSet? nodes, List<AllocationEntry> result)
    {
        int need = replicas;
        List<List<int>> buckets = _buckets[type];
        for (int free = request.Gpus; free < buckets.Count && need > 0; free++)
        {
            List<int> bucket = buckets[free];
            for (int i = 0; i < bucket.Count && need > 0; i++)
            {
                if (Allows(nodes, bucket[i]))
                {
                    need -= Take(bucket[i], need, request, result);
                }
            }
        }

        return replicas - need;
    }

    private int FindSpread(int type, int replicas, ReplicaRequest request, NodeSet? nodes, List<AllocationEntry> result)
    {
        int need = replicas;
        List<List<int>> buckets = _buckets[type];
        for (int free = buckets.Count - 1; free >= request.Gpus && need > 0; free--)
        {
            List<int> bucket = buckets[free];
            for (int i = 0; i < bucket.Count && need > 0; i++)
            {
                if (Allows(nodes, bucket[i]))
                {
                    need -= Take(bucket[i], 1, request, result);
                }
            }
        }

        // More replicas than pools: fill the chosen pools further, most free first (they are in that order).
        for (int i = 0; i < result.Count && need > 0; i++)
        {
            AllocationEntry entry = result[i];

            // Nothing is allocated during a search, so the pool's free devices and its node's free CPU and memory still
            // include this entry's replicas: the room for more is the fit from scratch less what the entry took. (Adding
            // the entry's host resources back, as if they had been subtracted, over-committed CPU and memory.)
            int more = Math.Min(need, FitOnPool(entry.Pool, request) - entry.Replicas);
            if (more > 0)
            {
                result[i] = entry with { Replicas = entry.Replicas + more, Gpus = entry.Gpus + (more * request.Gpus) };
                need -= more;
            }
        }

        return replicas - need;
    }

    private int FindTopology(int type, int replicas, int minimumReplicas, ReplicaRequest request, NodeSet? nodes, List<AllocationEntry> result)
    {
        long total = (long)replicas * request.Gpus;
        List<List<int>> buckets = _buckets[type];

        // One node: the fullest pool that holds the whole job.
        if (total < buckets.Count)
        {
            for (int free = (int)total; free < buckets.Count; free++)
            {
                List<int> bucket = buckets[free];
                for (int i = 0; i < bucket.Count; i++)
                {
                    if (Allows(nodes, bucket[i]) && FitOnPool(bucket[i], request) >= replicas)
                    {
                        Take(bucket[i], replicas, request, result);
                        return replicas;
                    }
                }
            }
        }

        // One topology group: the fullest that holds the job, its pools most free first (fewest nodes).
        if (GroupCount > 0)
        {
            List<long> groupFree = GroupFreeByType[type];
            while (true)
            {
                int best = -1;
                long bestFree = 0;
                for (int group = 0; group < groupFree.Count; group++)
                {
                    // Restricted to some nodes, a group holds what is free on those of them.
                    long free = nodes is null ? groupFree[group] : GroupFreeOn(type, group, nodes);
                    if (free >= total && (best < 0 || free < bestFree) && !TriedGroup(group))
                    {
                        best = group;
                        bestFree = free;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                _triedGroups.Add(best);
                _scratchPools.Clear();
                foreach (int pool in _groupPools[type][best])
                {
                    if (Nodes[_poolNode[pool]].Usable && _poolFree[pool] >= request.Gpus && Allows(nodes, pool))
                    {
                        _scratchPools.Add(pool);
                    }
                }

                _scratchPools.Sort(_byFreeDescending);
                int need = replicas;
                result.Clear();
                for (int i = 0; i < _scratchPools.Count && need > 0; i++)
                {
                    need -= Take(_scratchPools[i], need, request, result);
                }

                if (need == 0)
                {
                    _triedGroups.Clear();
                    return replicas;
                }
            }

            _triedGroups.Clear();
            result.Clear();
        }

        // Across the cluster on the fewest nodes: most free first.
        int remaining = replicas;
        for (int free = buckets.Count - 1; free >= request.Gpus && remaining > 0; free--)
        {
            List<int> bucket = buckets[free];
            for (int i = 0; i < bucket.Count && remaining > 0; i++)
            {
                if (Allows(nodes, bucket[i]))
                {
                    remaining -= Take(bucket[i], remaining, request, result);
                }
            }
        }

        return replicas - remaining >= minimumReplicas ? replicas - remaining : 0;
    }

    private readonly List<int> _triedGroups = [];

    private bool TriedGroup(int group) => _triedGroups.Contains(group);

    /// <summary>Whether a pool's node is in <paramref name="nodes"/> (null: every node).</summary>
    private bool Allows(NodeSet? nodes, int pool) => nodes is null || nodes.Contains(_poolNode[pool]);

    private long GroupFreeOn(int type, int group, NodeSet nodes)
    {
        long free = 0;
        foreach (int pool in _groupPools[type][group])
        {
            if (Nodes[_poolNode[pool]].Usable && nodes.Contains(_poolNode[pool]))
            {
                free += _poolFree[pool];
            }
        }

        return free;
    }

    /// <summary>
    /// Places fractional replicas one at a time: each goes to the partly used device (of an allowed, usable pool of the
    /// type, with room on its node) that it leaves with the least free share (best fit), else to a fully free device that
    /// it opens — from the pool with the fewest free devices (the most free under <see cref="PlacementStrategy.Spread"/>).
    /// Nothing is allocated: the replicas found so far are counted from <paramref name="result"/>.
    /// </summary>
    private int FindShared(int type, int replicas, int minimumReplicas, ReplicaRequest request, PlacementStrategy strategy, NodeSet? nodes, List<AllocationEntry> result)
    {
        int placed = 0;
        while (placed < replicas)
        {
            if (!TryShareDevice(type, request, nodes, result) && !TryOpenDevice(type, request, strategy, nodes, result))
            {
                break;
            }

            placed++;
        }

        if (placed < minimumReplicas)
        {
            result.Clear();
            return 0;
        }

        return placed;
    }

    private bool TryShareDevice(int type, ReplicaRequest request, NodeSet? nodes, List<AllocationEntry> result)
    {
        int bestPool = -1, bestDevice = -1, bestLeft = int.MaxValue;

        // Devices this search already holds (opened, or partly used and given a tentative share): their free share is
        // less than their bucket says, so they are weighed here and skipped in the bucket scan.
        for (int i = 0; i < result.Count; i++)
        {
            AllocationEntry entry = result[i];
            if (!entry.IsShared || !HostRoomForOneMore(entry.Node, request, result))
            {
                continue;
            }

            SharedDevice? existing = entry.Gpus == 1 ? null : SharedDeviceAt(entry.Pool, entry.Device);
            int used = existing?.UsedMilli ?? 0;
            long usedMemory = existing?.UsedMemory ?? 0;
            int left = 1000 - used - ((entry.Replicas + 1) * request.GpuMilli);
            long deviceMemory = _poolDeviceMemory[entry.Pool];
            bool memoryFits = request.GpuMemoryBytes == 0 || (deviceMemory >= 0 && deviceMemory - usedMemory - ((entry.Replicas + 1) * request.GpuMemoryBytes) >= 0);
            if (left >= 0 && memoryFits && left < bestLeft)
            {
                (bestPool, bestDevice, bestLeft) = (entry.Pool, entry.Device, left);
            }
        }

        // Untouched partly used devices, tightest first: the first that takes the share leaves the least.
        List<SharedDevice>[] buckets = _shareBuckets[type];
        for (int free = request.GpuMilli; free < buckets.Length && free - request.GpuMilli < bestLeft; free++)
        {
            foreach (SharedDevice device in buckets[free])
            {
                int pool = device.Pool;
                if (!Nodes[_poolNode[pool]].Usable || !Allows(nodes, pool) || TentativeReplicas(pool, device.Index, result) > 0)
                {
                    continue;
                }

                long deviceMemory = _poolDeviceMemory[pool];
                bool memoryFits = request.GpuMemoryBytes == 0 || (deviceMemory >= 0 && deviceMemory - device.UsedMemory - request.GpuMemoryBytes >= 0);
                if (memoryFits && HostRoomForOneMore(_poolNode[pool], request, result))
                {
                    (bestPool, bestDevice, bestLeft) = (pool, device.Index, free - request.GpuMilli);
                    break;
                }
            }
        }

        if (bestPool < 0)
        {
            return false;
        }

        AddShare(bestPool, bestDevice, opens: false, result);
        return true;
    }

    private SharedDevice? SharedDeviceAt(int pool, int index)
    {
        foreach (SharedDevice device in _poolShared[pool])
        {
            if (device.Index == index)
            {
                return device;
            }
        }

        return null;
    }

    private bool TryOpenDevice(int type, ReplicaRequest request, PlacementStrategy strategy, NodeSet? nodes, List<AllocationEntry> result)
    {
        List<List<int>> buckets = _buckets[type];
        bool spread = strategy == PlacementStrategy.Spread;
        for (int step = 1; step < buckets.Count; step++)
        {
            List<int> bucket = buckets[spread ? buckets.Count - step : step];
            for (int i = 0; i < bucket.Count; i++)
            {
                int pool = bucket[i];
                if (!Allows(nodes, pool) || SharesPerEmptyDevice(pool, request) < 1 || !HostRoomForOneMore(_poolNode[pool], request, result))
                {
                    continue;
                }

                int opened = 0;
                foreach (AllocationEntry entry in result)
                {
                    opened += entry.Pool == pool ? entry.Gpus : 0;
                }

                if (_poolFree[pool] - opened >= 1)
                {
                    AddShare(pool, FreeDeviceIndex(pool, result), opens: true, result);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The lowest device index of the pool that is neither partly used nor opened by this search.</summary>
    private int FreeDeviceIndex(int pool, List<AllocationEntry> result)
    {
        List<SharedDevice> shared = _poolShared[pool];
        for (int index = 0; ; index++)
        {
            bool taken = false;
            foreach (SharedDevice device in shared)
            {
                taken |= device.Index == index;
            }

            foreach (AllocationEntry entry in result)
            {
                taken |= entry.Pool == pool && entry.Device == index;
            }

            if (!taken)
            {
                return index;
            }
        }
    }

    private static int TentativeReplicas(int pool, int device, List<AllocationEntry> result)
    {
        foreach (AllocationEntry entry in result)
        {
            if (entry.Pool == pool && entry.Device == device)
            {
                return entry.Replicas;
            }
        }

        return 0;
    }

    private void AddShare(int pool, int device, bool opens, List<AllocationEntry> result)
    {
        for (int i = 0; i < result.Count; i++)
        {
            if (result[i].Pool == pool && result[i].Device == device)
            {
                result[i] = result[i] with { Replicas = result[i].Replicas + 1 };
                return;
            }
        }

        result.Add(new AllocationEntry(_poolNode[pool], pool, opens ? 1 : 0, 1, device));
    }

    private bool HostRoomForOneMore(int node, ReplicaRequest request, List<AllocationEntry> result)
    {
        if (request.CpuCores == 0 && request.MemoryBytes == 0)
        {
            return true;
        }

        int taken = 0;
        foreach (AllocationEntry entry in result)
        {
            taken += entry.Node == node ? entry.Replicas : 0;
        }

        NodeState state = Nodes[node];
        return ReplicasByHostResources(state.CpuFree, state.MemoryFree, request, int.MaxValue) > taken;
    }

    private int FindWithoutDevices(int replicas, int minimumReplicas, ReplicaRequest request, PlacementStrategy strategy, NodeSet? nodes, List<AllocationEntry> result)
    {
        int need = replicas;
        for (int node = 0; node < Nodes.Count && need > 0; node++)
        {
            NodeState state = Nodes[node];
            if (!state.Usable || !NodeSet.Allows(nodes, node))
            {
                continue;
            }

            int fit = ReplicasByHostResources(state.CpuFree, state.MemoryFree, request, strategy == PlacementStrategy.Spread ? 1 : need);
            if (fit > 0)
            {
                result.Add(new AllocationEntry(node, -1, 0, fit));
                need -= fit;
            }
        }

        // Spread: more replicas than nodes fill the chosen nodes further, as FindSpread does for pools; stopping at one
        // replica per node left gangs waiting that fit the cluster (FitOnEmpty counts every replica a node holds).
        for (int i = 0; i < result.Count && need > 0 && strategy == PlacementStrategy.Spread; i++)
        {
            AllocationEntry entry = result[i];
            NodeState state = Nodes[entry.Node];
            int more = Math.Min(need, ReplicasByHostResources(state.CpuFree, state.MemoryFree, request, int.MaxValue) - entry.Replicas);
            if (more > 0)
            {
                result[i] = entry with { Replicas = entry.Replicas + more };
                need -= more;
            }
        }

        if (replicas - need < minimumReplicas)
        {
            result.Clear();
            return 0;
        }

        return replicas - need;
    }

    private int Take(int pool, int need, ReplicaRequest request, List<AllocationEntry> result)
    {
        int fit = Math.Min(need, FitOnPool(pool, request));
        if (fit > 0)
        {
            result.Add(new AllocationEntry(_poolNode[pool], pool, fit * request.Gpus, fit));
        }

        return fit;
    }

    private int FitOnPool(int pool, ReplicaRequest request)
    {
        NodeState node = Nodes[_poolNode[pool]];
        int byDevices = _poolFree[pool] / request.Gpus;
        return ReplicasByHostResources(node.CpuFree, node.MemoryFree, request, byDevices);
    }

    private static int ReplicasByHostResources(double cpuFree, long memoryFree, ReplicaRequest request, int limit)
    {
        int fit = limit;
        if (request.CpuCores > 0)
        {
            // A tolerance of 1e-9 cores absorbs the rounding of repeated additions and subtractions.
            fit = (int)Math.Min(fit, Math.Floor((cpuFree + 1e-9) / request.CpuCores));
        }

        if (request.MemoryBytes > 0)
        {
            fit = (int)Math.Min(fit, memoryFree / request.MemoryBytes);
        }

        return Math.Max(fit, 0);
    }

    private void Apply(ReadOnlySpan<AllocationEntry> entries, ReplicaRequest request, int sign)
    {
        foreach (AllocationEntry entry in entries)
        {
            NodeState node = Nodes[entry.Node];
            node.CpuFree += sign * entry.Replicas * request.CpuCores;
            node.MemoryFree += sign * entry.Replicas * request.MemoryBytes;
            if (entry.Pool < 0)
            {
                continue;
            }

            if (entry.IsShared)
            {
                ApplyShare(entry, request, sign);
            }
            else
            {
                ChangeFree(entry.Pool, sign * entry.Gpus);
            }
        }
    }

    /// <summary>Moves a pool's fully free device count by <paramref name="delta"/>, keeping its bucket and the totals.</summary>
    private void ChangeFree(int pool, int delta)
    {
        NodeState node = Nodes[_poolNode[pool]];
        int type = _poolType[pool];
        if (node.Usable)
        {
            RemoveFromBucket(pool);
        }

        _poolFree[pool] += delta;
        VictimsChanged(_poolNode[pool]);
        if (node.Usable)
        {
            AddToBucket(pool);
            FreeByType[type] += delta;
            FreeGpus += delta;
            if (node.Group >= 0)
            {
                GroupFreeByType[type][node.Group] += delta;
            }
        }
    }

    /// <summary>
    /// Takes (sign −1) or gives back (+1) fractional replicas' shares of one device: the first share opens a fully free
    /// device (the pool's free count −1); when the last leaves, the device is fully free again (+1).
    /// </summary>
    private void ApplyShare(AllocationEntry entry, ReplicaRequest request, int sign)
    {
        int pool = entry.Pool;
        List<SharedDevice> shared = _poolShared[pool];
        SharedDevice? device = SharedDeviceAt(pool, entry.Device);
        if (device is null)
        {
            Debug.Assert(sign < 0 && _poolFree[pool] > 0, $"Pool {pool} has a fully free device for the shares opening device {entry.Device}.");
            device = new SharedDevice(pool, entry.Device);
            shared.Add(device);
            ChangeFree(pool, -1);
        }
        else
        {
            RemoveFromShareBucket(device);
        }

        device.UsedMilli -= sign * entry.Replicas * request.GpuMilli;
        device.UsedMemory -= sign * entry.Replicas * request.GpuMemoryBytes;
        Debug.Assert(device.UsedMilli is >= 0 and <= 1000, $"Device {entry.Device} of pool {pool} has {device.UsedMilli} thousandths used.");
        if (device.UsedMilli == 0)
        {
            shared.Remove(device);
            ChangeFree(pool, +1);
        }
        else
        {
            AddToShareBucket(device);
        }
    }

    private void AddToShareBucket(SharedDevice device)
    {
        List<SharedDevice> bucket = _shareBuckets[_poolType[device.Pool]][1000 - device.UsedMilli];
        device.Slot = bucket.Count;
        bucket.Add(device);
    }

    private void RemoveFromShareBucket(SharedDevice device)
    {
        List<SharedDevice> bucket = _shareBuckets[_poolType[device.Pool]][1000 - device.UsedMilli];
        SharedDevice last = bucket[^1];
        bucket[device.Slot] = last;
        last.Slot = device.Slot;
        bucket.RemoveAt(bucket.Count - 1);
        device.Slot = -1;
    }

    private int EnsureType(string name)
    {
        if (_typeIndex.TryGetValue(name, out int type))
        {
            return type;
        }

        type = TypeNames.Count;
        _typeIndex.Add(name, type);
        TypeNames.Add(name);
        _buckets.Add([]);
        var shareBuckets = new List<SharedDevice>[1000];
        for (int free = 0; free < shareBuckets.Length; free++)
        {
            shareBuckets[free] = [];
        }

        _shareBuckets.Add(shareBuckets);
        FreeByType.Add(0);
        CapacityByType.Add(0);
        var groupFree = new List<long>();
        var groupPools = new List<List<int>>();
        for (int group = 0; group < _groupIndex.Count; group++)
        {
            groupFree.Add(0);
            groupPools.Add([]);
        }

        GroupFreeByType.Add(groupFree);
        _groupPools.Add(groupPools);
        return type;
    }

    private void AddToBucket(int pool)
    {
        List<List<int>> buckets = _buckets[_poolType[pool]];
        int capacity = _poolCapacity[pool];
        while (buckets.Count <= capacity)
        {
            buckets.Add([]);
        }

        List<int> bucket = buckets[_poolFree[pool]];
        _poolSlot[pool] = bucket.Count;
        bucket.Add(pool);
    }

    private void RemoveFromBucket(int pool)
    {
        List<int> bucket = _buckets[_poolType[pool]][_poolFree[pool]];
        int slot = _poolSlot[pool];
        int last = bucket[^1];
        bucket[slot] = last;
        _poolSlot[last] = slot;
        bucket.RemoveAt(bucket.Count - 1);
        _poolSlot[pool] = -1;
    }

    /// <summary>Checks the index in Debug builds: free devices within capacity, every usable pool in the bucket of its free count, and the totals.</summary>
    [Conditional("DEBUG")]
    public void AssertInvariants()
    {
        var freeByType = new long[TypeNames.Count];
        var capacityByType = new long[TypeNames.Count];
        for (int pool = 0; pool < PoolCount; pool++)
        {
            int free = _poolFree[pool];
            Debug.Assert(free >= 0 && free + _poolShared[pool].Count <= _poolCapacity[pool], $"Pool {pool} has {free} free and {_poolShared[pool].Count} partly used devices of {_poolCapacity[pool]}.");
            foreach (SharedDevice device in _poolShared[pool])
            {
                List<SharedDevice> bucket = _shareBuckets[_poolType[pool]][1000 - device.UsedMilli];
                Debug.Assert(device.Pool == pool && device.Slot >= 0 && device.Slot < bucket.Count && ReferenceEquals(bucket[device.Slot], device), $"Pool {pool}'s partly used device {device.Index} is in the bucket of its free share.");
                Debug.Assert(device.UsedMilli is > 0 and <= 1000 && device.Index >= 0 && device.Index < _poolCapacity[pool], $"Pool {pool}'s partly used device {device.Index} holds {device.UsedMilli} thousandths.");
                Debug.Assert(device.UsedMemory == 0 || (_poolDeviceMemory[pool] >= 0 && device.UsedMemory <= _poolDeviceMemory[pool]), $"Pool {pool}'s device {device.Index} holds no more GPU memory than it has.");
            }

            NodeState node = Nodes[_poolNode[pool]];
            int type = _poolType[pool];
            if (node.Usable)
            {
                int slot = _poolSlot[pool];
                List<int> bucket = _buckets[type][free];
                Debug.Assert(slot >= 0 && slot < bucket.Count && bucket[slot] == pool, $"Usable pool {pool} is in the bucket of its free count.");
                freeByType[type] += free;
                capacityByType[type] += _poolCapacity[pool];
            }
            else
            {
                Debug.Assert(_poolSlot[pool] == -1, $"Pool {pool} of an unusable node is in no bucket.");
            }
        }

        long freeGpus = 0, capacityGpus = 0;
        for (int type = 0; type < TypeNames.Count; type++)
        {
            Debug.Assert(FreeByType[type] == freeByType[type] && CapacityByType[type] == capacityByType[type], $"Type {TypeNames[type]}'s totals are its usable pools'.");
            freeGpus += freeByType[type];
            capacityGpus += capacityByType[type];
        }

        Debug.Assert(FreeGpus == freeGpus && CapacityGpus == capacityGpus, "The cluster's totals are its usable pools'.");
        foreach (NodeState node in Nodes)
        {
            Debug.Assert(node.CpuFree >= -1e-6 && node.CpuFree <= node.Spec.CpuCores + 1e-6, $"Node {node.Spec.Name}'s free CPU is within its cores.");
            Debug.Assert(node.MemoryFree >= 0 && node.MemoryFree <= node.Spec.MemoryBytes, $"Node {node.Spec.Name}'s free memory is within its memory.");
        }
    }

    private void Changed()
    {
        Version++;
        _fitOnEmpty.Clear();
    }
}

/// <summary>A node's live state.</summary>
internal sealed class NodeState(NodeSpec spec, int group, int[] pools)
{
    public NodeSpec Spec { get; } = spec;

    public int Group { get; } = group;

    public int[] Pools { get; } = pools;

    public double CpuFree { get; set; } = spec.CpuCores;

    public long MemoryFree { get; set; } = spec.MemoryBytes;

    public bool Usable { get; set; }

    public bool Healthy { get; set; } = true;

    public bool Removed { get; set; }

    /// <summary>The jobs holding resources on the node.</summary>
    public HashSet<JobRecord> Jobs { get; } = [];

    /// <summary>
    /// The jobs of <see cref="Jobs"/> that preemption may ever take: preemptible and of whole devices (a job of GPU shares
    /// is never a victim). A node whose shares fill it is skipped by the victim search without looking at its jobs.
    /// </summary>
    public HashSet<JobRecord> Victims { get; } = [];

    /// <summary>Lists a job that now holds resources on the node; true when it is a new possible victim.</summary>
    public bool Add(JobRecord job)
    {
        Jobs.Add(job);
        return MayBeVictim(job) && Victims.Add(job);
    }

    /// <summary>Unlists a job that no longer holds resources on the node; true when it was a possible victim.</summary>
    public bool Remove(JobRecord job)
    {
        Jobs.Remove(job);
        return Victims.Remove(job);
    }

    private static bool MayBeVictim(JobRecord job) => job.Spec.Preemptible && !job.Spec.Request.IsFractional;
}
