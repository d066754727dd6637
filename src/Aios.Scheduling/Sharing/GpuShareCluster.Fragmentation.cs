namespace Aios.Scheduling.Sharing;

/// <summary>Fragmentation Gradient Descent (Weng et al., USENIX ATC'23).</summary>
public sealed partial class GpuShareCluster
{
    // FGD keeps, per request shape (up to MaxCachedShapes of them), each node's least growth of fragmentation and the
    // node's version it was scored at: 12 bytes per node and shape (10,000 nodes × 151 shapes: 18 MB).
    private const int MaxCachedShapes = 256;
    private readonly Dictionary<GpuShareRequest, (double[] Deltas, int[] Versions)> _fgdCache = [];
    private readonly WorkloadTypes? _types;
    private readonly double[] _nodeFragmentation;
    private double _fragmentation;

    /// <summary>
    /// Gets the cluster's expected GPU fragmentation in milli-GPU with respect to the target workload: the sum of
    /// <see cref="NodeFragmentation"/> over the nodes (Weng et al., ATC'23, §3: F_N(M) = Σ_n F_n(M)).
    /// </summary>
    /// <exception cref="InvalidOperationException">The cluster has no target workload.</exception>
    public double Fragmentation
    {
        get
        {
            RequireWorkload();
            double sum = 0;
            foreach (double node in _nodeFragmentation)
            {
                sum += node;
            }

            return sum;
        }
    }

    /// <summary>
    /// Gets a node's expected GPU fragmentation in milli-GPU with respect to the target workload M: the GPU capacity
    /// of the node that a request drawn from M could not use, F_n(M) = Σ_m p_m · F_n(m) (Weng et al., ATC'23, §3).
    /// </summary>
    /// <remarks>
    /// <para>For one request type m, with R_g the unallocated milli-GPU of GPU g (<see cref="GpuShareGpuState.FreeMilli"/>):</para>
    /// <list type="bullet">
    /// <item>if m does not fit the node at all (too little CPU or memory, no GPU with its fraction and GPU memory, fewer
    /// fully free GPUs than it asks, no free placement of its MIG profile), every unallocated GPU resource of the node is
    /// a fragment: F_n(m) = Σ_g R_g;</item>
    /// <item>if m asks for no GPU, likewise F_n(m) = Σ_g R_g (it can use none of them);</item>
    /// <item>otherwise the fragments are the GPUs m cannot use: F_n(m) = Σ_{g: m does not fit g} R_g, where a fraction d
    /// fits a GPU not in MIG mode with R_g ≥ d (and the GPU memory), whole GPUs fit fully free GPUs, and a MIG profile
    /// fits a GPU with a free placement of it.</item>
    /// </list>
    /// <para>FGD places a request on the node and GPU where F_n(M) grows least (the steepest descent of the cluster's
    /// fragmentation); ties go to the lowest node index, then the lowest GPU.</para>
    /// </remarks>
    /// <param name="node">The node's index.</param>
    /// <returns>The node's fragmentation in milli-GPU.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The cluster has no target workload.</exception>
    public double NodeFragmentation(int node)
    {
        CheckNode(node);
        RequireWorkload();
        return _nodeFragmentation[node];
    }

    private void RequireWorkload()
    {
        if (_types is null)
        {
            throw new InvalidOperationException("Fragmentation is measured against a target workload: create the cluster with one (GpuShareWorkload.FromSample).");
        }
    }

    private double ComputeFragmentation(int node)
    {
        WorkloadTypes types = _types!;
        int first = _firstGpu[node], last = _firstGpu[node + 1];
        Span<int> free = stackalloc int[GpuShareNode.MaxGpus];
        int plain = 0, fullyFree = 0;
        double total = 0, onMig = 0;
        for (int g = first; g < last; g++)
        {
            double left = FreeMilliOf(g);
            total += left;
            if (_migMask[g] != 0)
            {
                onMig += left;
            }
            else
            {
                free[plain++] = Milli - _used[g];
            }

            if (_placementsOn[g] == 0)
            {
                fullyFree++;
            }
        }

        if (total <= 0)
        {
            return 0;
        }

        free[..plain].Sort();
        long cpu = _cpuFree[node], memory = _memoryFree[node];
        double result = 0;

        // Fractions without GPU memory, by milli-GPU ascending: a pointer walks the sorted free capacities once.
        int pointer = 0;
        double below = 0;
        for (int t = 0; t < types.Fractions.Length; t++)
        {
            int type = types.Fractions[t];
            int milli = types.Milli[type];
            while (pointer < plain && free[pointer] < milli)
            {
                below += free[pointer++];
            }

            bool fits = cpu >= types.Cpu[type] && memory >= types.Memory[type] && pointer < plain;
            result += types.Popularity[type] * (fits ? below + onMig : total);
        }

        foreach (int type in types.Others)
        {
            GpuShareRequest request = types.Requests[type];
            double fragments = total;
            if (request.Kind == GpuShareKind.Whole)
            {
                if (fullyFree >= request.GpuCount && HostFits(node, request))
                {
                    fragments = total - (fullyFree * (double)Milli);
                }
            }
            else if (request.Kind != GpuShareKind.None && HostFits(node, request))
            {
                MigProfile? profile = request.Kind == GpuShareKind.Mig ? ProfileOf(node, request.MigProfile!) : null;
                if (request.Kind == GpuShareKind.Fraction || profile is not null)
                {
                    double unusable = 0;
                    bool any = false;
                    for (int g = first; g < last; g++)
                    {
                        bool usable = profile is null ? FractionFits(g, node, request) : MigStart(g, profile) >= 0;
                        any |= usable;
                        if (!usable)
                        {
                            unusable += FreeMilliOf(g);
                        }
                    }

                    if (any)
                    {
                        fragments = unusable;
                    }
                }
            }

            result += types.Popularity[type] * fragments;
        }

        return result;
    }

    private Choice ChooseFgd(GpuShareRequest request)
    {
        if (!_fgdCache.TryGetValue(request, out (double[] Deltas, int[] Versions) cached) && _fgdCache.Count < MaxCachedShapes)
        {
            cached = (new double[_nodes.Length], new int[_nodes.Length]);
            Array.Fill(cached.Versions, -1);
            _fgdCache.Add(request, cached);
        }

        (double[]? deltas, int[]? versions) = cached;
        if (deltas is null)
        {
            return BestFgd(request, 0, _nodes.Length, out _);
        }

        // Each node's least growth for this request shape is kept while the node is unchanged (a placement changes one
        // node, a release another): a choice reads the others' cached figures and scores only the changed ones.
        int bestNode = -1;
        double bestDelta = double.PositiveInfinity;
        for (int n = 0; n < deltas.Length; n++)
        {
            if (versions![n] != _nodeVersion[n])
            {
                BestFgd(request, n, n + 1, out deltas[n]);
                versions[n] = _nodeVersion[n];
            }

            if (deltas[n] < bestDelta)
            {
                bestDelta = deltas[n];
                bestNode = n;
            }
        }

        Choice best = bestNode < 0 ? Choice.None : BestFgd(request, bestNode, bestNode + 1, out _);
        CheckFgdCache(request, best);
        return best;
    }

    /// <summary>Debug builds: the choice from cached figures is the choice of a fresh score of every node.</summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void CheckFgdCache(GpuShareRequest request, Choice cached)
    {
        Choice fresh = BestFgd(request, 0, _nodes.Length, out _);
        System.Diagnostics.Debug.Assert(fresh == cached, $"FGD's cached figures chose {cached} for {request}; a fresh score of every node chooses {fresh}.");
    }

    /// <summary>
    /// The node of <paramref name="from"/>..<paramref name="to"/> − 1 and GPU where placing the request grows the
    /// fragmentation least (ties to the lowest node, then GPU), and that growth (+∞ when it fits none of them).
    /// </summary>
    private Choice BestFgd(GpuShareRequest request, int from, int to, out double bestDelta)
    {
        Choice best = Choice.None;
        bestDelta = double.PositiveInfinity;
        double bestSoFar = double.PositiveInfinity;
        for (int n = from; n < to; n++)
        {
            if (!Fits(n, request))
            {
                continue;
            }

            double before = _nodeFragmentation[n];
            switch (request.Kind)
            {
                case GpuShareKind.None:
                case GpuShareKind.Whole:
                    Consider(new Choice(n, -1, -1));
                    break;
                case GpuShareKind.Fraction:
                    for (int g = _firstGpu[n]; g < _firstGpu[n + 1]; g++)
                    {
                        if (FractionFits(g, n, request) && !SameAsEarlier(g, n))
                        {
                            Consider(new Choice(n, g, -1));
                        }
                    }

                    break;
                default:
                    MigProfile profile = ProfileOf(n, request.MigProfile!)!;
                    for (int g = _firstGpu[n]; g < _firstGpu[n + 1]; g++)
                    {
                        if (MigStart(g, profile) < 0 || SameAsEarlier(g, n))
                        {
                            continue;
                        }

                        foreach (int start in profile.Starts)
                        {
                            if ((_migMask[g] & (profile.SliceMask << start)) == 0)
                            {
                                Consider(new Choice(n, g, start));
                            }
                        }
                    }

                    break;
            }

            void Consider(Choice choice)
            {
                double delta = FragmentationAfter(request, choice) - before;
                if (delta < bestSoFar)
                {
                    bestSoFar = delta;
                    best = choice;
                }
            }
        }

        bestDelta = bestSoFar;
        return best;
    }

    /// <summary>Whether an earlier GPU of the node is in the same state (placing on it would give the same fragmentation).</summary>
    private bool SameAsEarlier(int gpu, int node)
    {
        for (int g = _firstGpu[node]; g < gpu; g++)
        {
            if (_used[g] == _used[gpu] && _memoryUsed[g] == _memoryUsed[gpu] && _migMask[g] == _migMask[gpu] && _placementsOn[g] == _placementsOn[gpu])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The node's fragmentation if the request were placed as chosen: applied to the arrays, measured, undone.</summary>
    private double FragmentationAfter(GpuShareRequest request, Choice choice)
    {
        int node = choice.Node;
        _cpuFree[node] -= request.CpuMilli;
        _memoryFree[node] -= request.MemoryBytes;
        Span<int> taken = stackalloc int[GpuShareNode.MaxGpus];
        int count = 0;
        MigProfile? profile = null;
        switch (request.Kind)
        {
            case GpuShareKind.Whole:
                for (int g = _firstGpu[node]; count < request.GpuCount; g++)
                {
                    if (_placementsOn[g] == 0)
                    {
                        taken[count++] = g;
                    }
                }

                break;
            case GpuShareKind.Fraction:
                taken[count++] = choice.Gpu;
                break;
            case GpuShareKind.Mig:
                taken[count++] = choice.Gpu;
                profile = ProfileOf(node, request.MigProfile!)!;
                break;
        }

        for (int i = 0; i < count; i++)
        {
            Mark(taken[i], request, profile, choice.MigStart, 1);
        }

        double after = ComputeFragmentation(node);
        for (int i = 0; i < count; i++)
        {
            Mark(taken[i], request, profile, choice.MigStart, -1);
        }

        _cpuFree[node] += request.CpuMilli;
        _memoryFree[node] += request.MemoryBytes;
        return after;
    }

    private void Mark(int gpu, GpuShareRequest request, MigProfile? profile, int start, int sign)
    {
        _placementsOn[gpu] += sign;
        if (profile is null)
        {
            _used[gpu] += sign * request.GpuMilli;
            _memoryUsed[gpu] += sign * request.GpuMemoryBytes;
        }
        else
        {
            _migMask[gpu] = (byte)(sign > 0 ? _migMask[gpu] | (profile.SliceMask << start) : _migMask[gpu] & ~(profile.SliceMask << start));
            _migCompute[gpu] = (byte)(_migCompute[gpu] + (sign * profile.ComputeSlices));
            _memoryUsed[gpu] += sign * profile.MemoryBytes;
        }
    }

    /// <summary>The target workload's types as arrays: fractions without GPU memory sorted by milli-GPU, and the rest.</summary>
    private sealed class WorkloadTypes
    {
        private WorkloadTypes(GpuShareWorkload workload)
        {
            Requests = workload.TypeArray;
            Popularity = workload.PopularityArray;
            int count = Requests.Length;
            Cpu = new long[count];
            Memory = new long[count];
            Milli = new int[count];
            var fractions = new List<int>();
            var others = new List<int>();
            for (int t = 0; t < count; t++)
            {
                Cpu[t] = Requests[t].CpuMilli;
                Memory[t] = Requests[t].MemoryBytes;
                Milli[t] = Requests[t].GpuMilli;
                if (Requests[t].Kind == GpuShareKind.Fraction && Requests[t].GpuMemoryBytes == 0)
                {
                    fractions.Add(t);
                }
                else
                {
                    others.Add(t);
                }
            }

            int[] sorted = [.. fractions];
            int[] keys = new int[sorted.Length];
            for (int i = 0; i < sorted.Length; i++)
            {
                keys[i] = Milli[sorted[i]];
            }

            Array.Sort(keys, sorted);
            Fractions = sorted;
            Others = [.. others];
        }

        public GpuShareRequest[] Requests { get; }

        public double[] Popularity { get; }

        public long[] Cpu { get; }

        public long[] Memory { get; }

        public int[] Milli { get; }

        public int[] Fractions { get; }

        public int[] Others { get; }

        public static WorkloadTypes Create(GpuShareWorkload workload) => new(workload);
    }
}
