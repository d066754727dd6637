namespace Aios.Scheduling.Sharing;

/// <summary>The placement strategies: best fit, dot product, random (FGD is in GpuShareCluster.Fragmentation.cs).</summary>
public sealed partial class GpuShareCluster
{
    private Choice ChooseBestFit(GpuShareRequest request)
    {
        switch (request.Kind)
        {
            case GpuShareKind.Fraction:
                // The buckets hold GPUs not in MIG mode by free milli-GPU: the first GPU from bucket GpuMilli upward whose
                // node has the CPU and memory (and which has the GPU memory) is the tightest fit in the cluster.
                for (int bucket = request.GpuMilli; bucket <= Milli; bucket++)
                {
                    int count = _gpusByFree.Count(bucket);
                    for (int i = 0; i < count; i++)
                    {
                        int g = _gpusByFree.Item(bucket, i);
                        int node = _gpuNode[g];
                        if (HostFits(node, request) && FractionFits(g, node, request))
                        {
                            return new Choice(node, g, -1);
                        }
                    }
                }

                return Choice.None;
            case GpuShareKind.Whole:
                for (int bucket = request.GpuCount; bucket < _nodesByFullyFree.BucketCount; bucket++)
                {
                    int count = _nodesByFullyFree.Count(bucket);
                    for (int i = 0; i < count; i++)
                    {
                        int node = _nodesByFullyFree.Item(bucket, i);
                        if (HostFits(node, request))
                        {
                            return new Choice(node, -1, -1);
                        }
                    }
                }

                return Choice.None;
            case GpuShareKind.None:
                int best = -1;
                for (int n = 0; n < _nodes.Length; n++)
                {
                    if (HostFits(n, request) && (best < 0 || _cpuFree[n] < _cpuFree[best]))
                    {
                        best = n;
                    }
                }

                return new Choice(best, -1, -1);
            default:
                return TightestMig(request, allNodes: true, node: -1);
        }
    }

    /// <summary>The MIG GPU with the most compute slices in use that has a free placement for the profile (on one node, or on all).</summary>
    private Choice TightestMig(GpuShareRequest request, bool allNodes, int node)
    {
        Choice best = Choice.None;
        int bestCompute = -1;
        int from = allNodes ? 0 : node, to = allNodes ? _nodes.Length : node + 1;
        for (int n = from; n < to; n++)
        {
            MigProfile? profile = ProfileOf(n, request.MigProfile!);
            if (profile is null || !HostFits(n, request))
            {
                continue;
            }

            for (int g = _firstGpu[n]; g < _firstGpu[n + 1]; g++)
            {
                int start = MigStart(g, profile);
                if (start >= 0 && _migCompute[g] > bestCompute)
                {
                    best = new Choice(n, g, start);
                    bestCompute = _migCompute[g];
                }
            }
        }

        return best;
    }

    /// <summary>The tightest GPU of a node for a fraction or MIG request (the node is known to fit).</summary>
    private Choice TightestOnNode(GpuShareRequest request, int node)
    {
        if (request.Kind == GpuShareKind.Mig)
        {
            return TightestMig(request, allNodes: false, node);
        }

        if (request.Kind != GpuShareKind.Fraction)
        {
            return new Choice(node, -1, -1);
        }

        int best = -1;
        for (int g = _firstGpu[node]; g < _firstGpu[node + 1]; g++)
        {
            if (FractionFits(g, node, request) && (best < 0 || _used[g] > _used[best]))
            {
                best = g;
            }
        }

        return new Choice(node, best, -1);
    }

    private int SampleAnyNode(GpuShareRequest request)
    {
        for (int attempt = 0; attempt < RandomTries; attempt++)
        {
            int n = _random.Next(_nodes.Length);
            if (Fits(n, request))
            {
                return n;
            }
        }

        return -1;
    }

    /// <summary>
    /// A node drawn uniformly among those the fraction fits: a GPU drawn uniformly from the buckets with room, its node
    /// kept with probability 1 / (its GPUs with room) — so every node with room is equally likely — if the request fits it.
    /// </summary>
    private int SampleFractionNode(GpuShareRequest request)
    {
        int total = 0;
        for (int bucket = request.GpuMilli; bucket <= Milli; bucket++)
        {
            total += _gpusByFree.Count(bucket);
        }

        for (int attempt = 0; total > 0 && attempt < RandomTries; attempt++)
        {
            int index = _random.Next(total);
            int bucket = request.GpuMilli;
            while (index >= _gpusByFree.Count(bucket))
            {
                index -= _gpusByFree.Count(bucket);
                bucket++;
            }

            int node = _gpuNode[_gpusByFree.Item(bucket, index)];
            int withRoom = 0;
            for (int g = _firstGpu[node]; g < _firstGpu[node + 1]; g++)
            {
                withRoom += _migMask[g] == 0 && Milli - _used[g] >= request.GpuMilli ? 1 : 0;
            }

            if (_random.Next(withRoom) == 0 && Fits(node, request))
            {
                return node;
            }
        }

        return -1;
    }

    /// <summary>A node drawn uniformly among those with enough fully free GPUs, kept if the request fits it.</summary>
    private int SampleWholeNode(GpuShareRequest request)
    {
        int total = 0;
        for (int bucket = request.GpuCount; bucket < _nodesByFullyFree.BucketCount; bucket++)
        {
            total += _nodesByFullyFree.Count(bucket);
        }

        for (int attempt = 0; total > 0 && attempt < RandomTries; attempt++)
        {
            int index = _random.Next(total);
            int bucket = request.GpuCount;
            while (index >= _nodesByFullyFree.Count(bucket))
            {
                index -= _nodesByFullyFree.Count(bucket);
                bucket++;
            }

            int node = _nodesByFullyFree.Item(bucket, index);
            if (Fits(node, request))
            {
                return node;
            }
        }

        return -1;
    }

    private static int MigComputeOf(GpuShareRequest request)
    {
        foreach (MigGpuType type in MigGpuType.All)
        {
            foreach (MigProfile profile in type.Profiles)
            {
                if (string.Equals(profile.Name, request.MigProfile, StringComparison.Ordinal))
                {
                    return profile.ComputeSlices;
                }
            }
        }

        return 0;
    }

    private double NodeFreeMilli(int node)
    {
        double free = 0;
        for (int g = _firstGpu[node]; g < _firstGpu[node + 1]; g++)
        {
            free += FreeMilliOf(g);
        }

        return free;
    }

    private Choice ChooseRandom(GpuShareRequest request)
    {
        // Rejection sampling draws uniformly among the nodes that fit; when few fit, a scan lists them. Fractions and whole
        // GPUs draw from the buckets of GPUs (nodes) with room, so that a nearly full cluster still needs few draws.
        int chosen = request.Kind switch
        {
            GpuShareKind.Fraction => SampleFractionNode(request),
            GpuShareKind.Whole => SampleWholeNode(request),
            _ => SampleAnyNode(request),
        };

        if (chosen < 0)
        {
            _candidates.Clear();
            for (int n = 0; n < _nodes.Length; n++)
            {
                if (Fits(n, request))
                {
                    _candidates.Add(n);
                }
            }

            if (_candidates.Count == 0)
            {
                return Choice.None;
            }

            chosen = _candidates[_random.Next(_candidates.Count)];
        }

        if (request.Kind is GpuShareKind.None or GpuShareKind.Whole)
        {
            return new Choice(chosen, -1, -1);
        }

        MigProfile? profile = request.Kind == GpuShareKind.Mig ? ProfileOf(chosen, request.MigProfile!) : null;
        int fitting = 0;
        Choice pick = Choice.None;
        for (int g = _firstGpu[chosen]; g < _firstGpu[chosen + 1]; g++)
        {
            int start = profile is null ? (FractionFits(g, chosen, request) ? -1 : -2) : MigStart(g, profile);
            if (start == -2 || (profile is not null && start < 0))
            {
                continue;
            }

            // Reservoir sampling: each fitting GPU is kept with probability 1/(number seen).
            fitting++;
            if (_random.Next(fitting) == 0)
            {
                pick = new Choice(chosen, g, start);
            }
        }

        return pick;
    }
}
