using Aios.Scheduling.Sharing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Sharing;

/// <summary>
/// Random clusters (0–4 GPUs a node, some MIG-capable, some with GPU memory) and random sequences of place and release
/// with random requests and strategies, checked after every step against a model rebuilt from the live placements.
/// </summary>
public sealed class GpuShareClusterPropertyTests
{
    private const long GiB = 1L << 30;
    private const double Tolerance = 1e-6;

    private static readonly string[] Profiles = ["1g.5gb", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"];
    private static readonly MigGpuType?[] MigTypes = [null, null, MigGpuType.A100With40GB, MigGpuType.A100With80GB, MigGpuType.H100With80GB];

    [Property(MaxTest = 2000)]
    public Property PlaceAndRelease_AnySequence_NoOverCommitAndReleaseRestoresExactly() => Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(),
        seed => Run(seed, homogeneous: false));

    /// <summary>Many nodes of one shape: the dot-product index's cells then hold many nodes each.</summary>
    [Property(MaxTest = 500)]
    public Property PlaceAndRelease_ManyNodesOfOneShape_NoOverCommitAndEveryStrategyKeepsItsRule() => Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(),
        seed => Run(seed, homogeneous: true));

    private static bool Run(int seed, bool homogeneous)
    {
        var random = new Random(seed);
        Scenario scenario = NewScenario(random, homogeneous);
        var live = new List<GpuSharePlacement>();
        int steps = 1 + random.Next(40);
        for (int step = 0; step < steps; step++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(live.Count);
                scenario.Cluster.Release(live[index]);
                live.RemoveAt(index);
            }
            else
            {
                GpuShareRequest request = NewRequest(random);
                GpuShareStrategy strategy = (GpuShareStrategy)random.Next(4);
                if (!scenario.HasProfile(request))
                {
                    Assert.Throws<ArgumentException>(() => scenario.Cluster.TryPlace(request, strategy, out _, out _));
                    continue;
                }

                Snapshot before = Snapshot.Of(scenario.Cluster);
                if (scenario.Cluster.TryPlace(request, strategy, out GpuSharePlacement? placement, out GpuShareFailure failure))
                {
                    Assert.Equal(GpuShareFailure.None, failure);
                    CheckPlacement(scenario, before, placement, strategy);
                    if (random.Next(4) == 0)
                    {
                        scenario.Cluster.Release(placement);
                        Assert.Equal(before, Snapshot.Of(scenario.Cluster));
                    }
                    else
                    {
                        live.Add(placement);
                    }
                }
                else
                {
                    Assert.NotEqual(GpuShareFailure.None, failure);
                    Assert.False(FitsSomewhere(scenario, before, request), $"{request} fits somewhere but was refused ({failure})");
                    Assert.Equal(before, Snapshot.Of(scenario.Cluster));
                }
            }

            CheckModel(scenario, live);
        }

        foreach (GpuSharePlacement placement in live)
        {
            scenario.Cluster.Release(placement);
        }

        Assert.Equal(Snapshot.Of(new GpuShareCluster(scenario.Nodes, scenario.Workload)), Snapshot.Of(scenario.Cluster));
        return true;
    }

    /// <summary>Rebuilds every GPU's and node's allocation from the live placements and compares.</summary>
    private static void CheckModel(Scenario scenario, List<GpuSharePlacement> live)
    {
        GpuShareCluster cluster = scenario.Cluster;
        for (int n = 0; n < scenario.Nodes.Length; n++)
        {
            GpuShareNode node = scenario.Nodes[n];
            long cpu = 0, memory = 0;
            var instances = new List<(int Gpu, MigProfile Profile, int Start)>();
            var milli = new int[node.Gpus];
            var gpuMemory = new long[node.Gpus];
            var count = new int[node.Gpus];
            foreach (GpuSharePlacement placement in live.Where(p => p.Node == n))
            {
                cpu += placement.Request.CpuMilli;
                memory += placement.Request.MemoryBytes;
                Assert.Equal(placement.Request.GpuCount, placement.Gpus.Distinct().Count());
                foreach (int g in placement.Gpus)
                {
                    count[g]++;
                    gpuMemory[g] += placement.GpuMemoryBytes;
                    if (placement.Request.Kind == GpuShareKind.Mig)
                    {
                        instances.Add((g, node.Mig!.GetProfile(placement.Request.MigProfile!), placement.MigStart));
                    }
                    else
                    {
                        milli[g] += placement.Request.GpuMilli;
                    }
                }
            }

            Assert.True(cpu <= node.CpuMilli && memory <= node.MemoryBytes);
            Assert.Equal(node.CpuMilli - cpu, cluster.GetFreeCpuMilli(n));
            Assert.Equal(node.MemoryBytes - memory, cluster.GetFreeMemoryBytes(n));
            long capacity = node.Mig?.MemoryBytes ?? node.GpuMemoryBytes;
            for (int g = 0; g < node.Gpus; g++)
            {
                GpuShareGpuState state = cluster.GetGpu(n, g);
                var mine = instances.Where(i => i.Gpu == g).ToList();
                Assert.InRange(milli[g], 0, 1000);
                Assert.True(gpuMemory[g] <= capacity || gpuMemory[g] == 0, $"GPU {n}/{g} holds {gpuMemory[g]} B of {capacity}");
                Assert.True(mine.Count == 0 || milli[g] == 0, "a GPU holds MIG instances and fractions at once");
                int mask = 0, compute = 0;
                foreach ((_, MigProfile profile, int start) in mine)
                {
                    Assert.Contains(start, profile.Starts);
                    int slices = ((1 << profile.MemorySlices) - 1) << start;
                    Assert.True((mask & slices) == 0, "two MIG instances share a memory slice");
                    Assert.True(start + profile.MemorySlices <= 8);
                    mask |= slices;
                    compute += profile.ComputeSlices;
                }

                Assert.InRange(compute, 0, 7);
                Assert.Equal(new GpuShareGpuState(milli[g], gpuMemory[g], mask, compute, count[g]), state);
            }

            Assert.Equal(BruteForceFragmentation(scenario, n, NodeState.Of(cluster, n)), cluster.NodeFragmentation(n), Tolerance);
        }
    }

    private static void CheckPlacement(Scenario scenario, Snapshot before, GpuSharePlacement placement, GpuShareStrategy strategy)
    {
        GpuShareRequest request = placement.Request;
        NodeState state = before.Nodes[placement.Node];
        Assert.True(Fits(scenario, placement.Node, state, request));
        if (request.Kind == GpuShareKind.Whole)
        {
            Assert.All(placement.Gpus, g => Assert.True(state.Gpus[g].IsFree, "whole GPUs placed on a GPU that was not free"));
        }

        if (strategy == GpuShareStrategy.BestFit && request.Kind == GpuShareKind.Fraction)
        {
            // Best fit: no GPU the request fits would have less free milli-GPU left after placing.
            int chosen = 1000 - state.Gpus[placement.Gpus[0]].UsedMilli;
            for (int n = 0; n < scenario.Nodes.Length; n++)
            {
                NodeState other = before.Nodes[n];
                for (int g = 0; g < other.Gpus.Length; g++)
                {
                    if (HostFits(other, request) && FractionFits(scenario.Nodes[n], other.Gpus[g], request))
                    {
                        Assert.True(1000 - other.Gpus[g].UsedMilli >= chosen, $"best fit left {chosen - request.GpuMilli} but GPU {n}/{g} would leave less");
                    }
                }
            }
        }

        if (strategy == GpuShareStrategy.DotProduct)
        {
            // Dot product (Tetris's alignment): no node the request fits has a larger Σ_r request_r/capacity_r · free_r/capacity_r.
            double chosen = Alignment(scenario.Nodes[placement.Node], state, request);
            for (int n = 0; n < scenario.Nodes.Length; n++)
            {
                if (Fits(scenario, n, before.Nodes[n], request))
                {
                    Assert.True(chosen >= Alignment(scenario.Nodes[n], before.Nodes[n], request) - 1e-12, $"dot product chose a score of {chosen}; node {n} has more");
                }
            }
        }

        if (strategy == GpuShareStrategy.Fgd)
        {
            // FGD: no alternative node, GPU (and MIG start) would increase the brute-force fragmentation less.
            double chosen = BruteForceFragmentation(scenario, placement.Node, Apply(scenario, placement.Node, state, request, placement.Gpus, placement.MigStart))
                - BruteForceFragmentation(scenario, placement.Node, state);
            foreach ((int n, NodeState after) in Alternatives(scenario, before, request))
            {
                double delta = BruteForceFragmentation(scenario, n, after) - BruteForceFragmentation(scenario, n, before.Nodes[n]);
                Assert.True(chosen <= delta + Tolerance, $"FGD's choice grows fragmentation by {chosen}, an alternative on node {n} by {delta}");
            }
        }
    }

    private static double Alignment(GpuShareNode node, NodeState state, GpuShareRequest request)
    {
        double gpu = request.Kind == GpuShareKind.Mig ? 1000.0 * MigGpuType.All.SelectMany(t => t.Profiles).First(p => p.Name == request.MigProfile).ComputeSlices / 7 : request.TotalGpuMilli;
        double score = 0;
        if (node.Gpus > 0)
        {
            score += gpu / (node.Gpus * 1000.0) * (state.Gpus.Sum(g => g.FreeMilli) / (node.Gpus * 1000.0));
        }

        if (node.CpuMilli > 0)
        {
            score += request.CpuMilli / (double)node.CpuMilli * (state.Cpu / (double)node.CpuMilli);
        }

        if (node.MemoryBytes > 0)
        {
            score += request.MemoryBytes / (double)node.MemoryBytes * (state.Memory / (double)node.MemoryBytes);
        }

        return score;
    }

    private static IEnumerable<(int Node, NodeState After)> Alternatives(Scenario scenario, Snapshot before, GpuShareRequest request)
    {
        for (int n = 0; n < scenario.Nodes.Length; n++)
        {
            NodeState state = before.Nodes[n];
            if (!Fits(scenario, n, state, request))
            {
                continue;
            }

            GpuShareNode node = scenario.Nodes[n];
            switch (request.Kind)
            {
                case GpuShareKind.None:
                    yield return (n, Apply(scenario, n, state, request, [], -1));
                    break;
                case GpuShareKind.Whole:
                    yield return (n, Apply(scenario, n, state, request, Enumerable.Range(0, node.Gpus).Where(g => state.Gpus[g].IsFree).Take(request.GpuCount).ToArray(), -1));
                    break;
                case GpuShareKind.Fraction:
                    for (int g = 0; g < node.Gpus; g++)
                    {
                        if (FractionFits(node, state.Gpus[g], request))
                        {
                            yield return (n, Apply(scenario, n, state, request, [g], -1));
                        }
                    }

                    break;
                default:
                    MigProfile profile = node.Mig!.GetProfile(request.MigProfile!);
                    for (int g = 0; g < node.Gpus; g++)
                    {
                        foreach (int start in FreeStarts(state.Gpus[g], profile))
                        {
                            yield return (n, Apply(scenario, n, state, request, [g], start));
                        }
                    }

                    break;
            }
        }
    }

    private static NodeState Apply(Scenario scenario, int node, NodeState state, GpuShareRequest request, IReadOnlyList<int> gpus, int start)
    {
        var after = state.Gpus.ToArray();
        foreach (int g in gpus)
        {
            GpuShareGpuState gpu = after[g];
            if (request.Kind == GpuShareKind.Mig)
            {
                MigProfile profile = scenario.Nodes[node].Mig!.GetProfile(request.MigProfile!);
                after[g] = gpu with
                {
                    MigSliceMask = gpu.MigSliceMask | (((1 << profile.MemorySlices) - 1) << start),
                    MigComputeSlices = gpu.MigComputeSlices + profile.ComputeSlices,
                    UsedMemoryBytes = gpu.UsedMemoryBytes + profile.MemoryBytes,
                    Placements = gpu.Placements + 1,
                };
            }
            else
            {
                after[g] = gpu with { UsedMilli = gpu.UsedMilli + request.GpuMilli, UsedMemoryBytes = gpu.UsedMemoryBytes + request.GpuMemoryBytes, Placements = gpu.Placements + 1 };
            }
        }

        return new NodeState(state.Cpu - request.CpuMilli, state.Memory - request.MemoryBytes, after);
    }

    /// <summary>F_n(M) = Σ_m p_m F_n(m) by its definition (Weng et al., ATC'23, §3), written independently of the cluster's code.</summary>
    private static double BruteForceFragmentation(Scenario scenario, int n, NodeState state)
    {
        GpuShareNode node = scenario.Nodes[n];
        double result = 0;
        for (int t = 0; t < scenario.Workload.Types.Count; t++)
        {
            GpuShareRequest type = scenario.Workload.Types[t];
            double all = state.Gpus.Sum(g => g.FreeMilli);
            double fragments = all;
            if (type.Kind != GpuShareKind.None && HostFits(state, type))
            {
                bool[] usable = state.Gpus.Select(g => type.Kind switch
                {
                    GpuShareKind.Whole => g.IsFree,
                    GpuShareKind.Fraction => FractionFits(node, g, type),
                    _ => node.Mig is not null && node.Mig.Profiles.Any(p => p.Name == type.MigProfile) && FreeStarts(g, node.Mig.GetProfile(type.MigProfile!)).Any(),
                }).ToArray();
                if (usable.Count(u => u) >= Math.Max(1, type.Kind == GpuShareKind.Whole ? type.GpuCount : 1))
                {
                    fragments = state.Gpus.Where((_, g) => !usable[g]).Sum(g => g.FreeMilli);
                }
            }

            result += scenario.Workload.Popularity[t] * fragments;
        }

        return result;
    }

    private static bool FitsSomewhere(Scenario scenario, Snapshot before, GpuShareRequest request) =>
        Enumerable.Range(0, scenario.Nodes.Length).Any(n => Fits(scenario, n, before.Nodes[n], request));

    private static bool Fits(Scenario scenario, int n, NodeState state, GpuShareRequest request)
    {
        GpuShareNode node = scenario.Nodes[n];
        return HostFits(state, request) && request.Kind switch
        {
            GpuShareKind.None => true,
            GpuShareKind.Whole => state.Gpus.Count(g => g.IsFree) >= request.GpuCount,
            GpuShareKind.Fraction => state.Gpus.Any(g => FractionFits(node, g, request)),
            _ => node.Mig is not null && node.Mig.Profiles.Any(p => p.Name == request.MigProfile) && state.Gpus.Any(g => FreeStarts(g, node.Mig.GetProfile(request.MigProfile!)).Any()),
        };
    }

    private static bool HostFits(NodeState state, GpuShareRequest request) => state.Cpu >= request.CpuMilli && state.Memory >= request.MemoryBytes;

    private static bool FractionFits(GpuShareNode node, GpuShareGpuState gpu, GpuShareRequest request)
    {
        long capacity = node.Mig?.MemoryBytes ?? node.GpuMemoryBytes;
        return !gpu.IsMig && 1000 - gpu.UsedMilli >= request.GpuMilli && (request.GpuMemoryBytes == 0 || capacity - gpu.UsedMemoryBytes >= request.GpuMemoryBytes);
    }

    private static IEnumerable<int> FreeStarts(GpuShareGpuState gpu, MigProfile profile) =>
        gpu.UsedMilli != 0 || gpu.MigComputeSlices + profile.ComputeSlices > 7
            ? []
            : profile.Starts.Where(s => (gpu.MigSliceMask & (((1 << profile.MemorySlices) - 1) << s)) == 0);

    private static Scenario NewScenario(Random random, bool homogeneous)
    {
        int count = homogeneous ? 5 + random.Next(20) : 1 + random.Next(4);
        var nodes = new GpuShareNode[count];
        var shape = new GpuShareNode("shape", 1 + random.Next(4), 1000 * random.Next(1, 9), GiB * random.Next(1, 9)) { GpuMemoryBytes = random.Next(2) == 0 ? 16 * GiB : 0 };
        for (int n = 0; n < count; n++)
        {
            nodes[n] = homogeneous
                ? new GpuShareNode($"n{n}", shape.Gpus, shape.CpuMilli, shape.MemoryBytes) { GpuMemoryBytes = shape.GpuMemoryBytes }
                : new GpuShareNode($"n{n}", random.Next(5), 1000 * random.Next(1, 9), GiB * random.Next(1, 9))
                {
                    GpuMemoryBytes = random.Next(3) == 0 ? 16 * GiB : 0,
                    Mig = MigTypes[random.Next(MigTypes.Length)],
                };
        }

        var sample = new List<GpuShareRequest>();
        int types = 1 + random.Next(5);
        for (int t = 0; t < types; t++)
        {
            GpuShareRequest type = NewRequest(random);
            sample.AddRange(Enumerable.Repeat(type, 1 + random.Next(4)));
        }

        var workload = GpuShareWorkload.FromSample(sample);
        return new Scenario(nodes, workload, new GpuShareCluster(nodes, workload, random.Next()));
    }

    private static GpuShareRequest NewRequest(Random random)
    {
        long cpu = 500 * random.Next(0, 5);
        long memory = GiB / 2 * random.Next(0, 5);
        return random.Next(10) switch
        {
            0 => GpuShareRequest.CpuOnly(cpu, memory),
            1 or 2 => GpuShareRequest.Whole(1 + random.Next(3), cpu, memory),
            3 or 4 => GpuShareRequest.Mig(Profiles[random.Next(Profiles.Length)], cpu, memory),
            5 => GpuShareRequest.Fraction(1 + random.Next(999), random.Next(2) == 0 ? 0 : GiB * random.Next(1, 12), cpu, memory),
            _ => GpuShareRequest.Fraction(random.Next(2) == 0 ? 100 * random.Next(1, 10) : 1 + random.Next(999), 0, cpu, memory),
        };
    }

    private sealed record Scenario(GpuShareNode[] Nodes, GpuShareWorkload Workload, GpuShareCluster Cluster)
    {
        public bool HasProfile(GpuShareRequest request) =>
            request.Kind != GpuShareKind.Mig || Nodes.Any(n => n.Gpus > 0 && n.Mig is not null && n.Mig.Profiles.Any(p => p.Name == request.MigProfile));
    }

    private sealed record NodeState(long Cpu, long Memory, GpuShareGpuState[] Gpus)
    {
        public static NodeState Of(GpuShareCluster cluster, int n) =>
            new(cluster.GetFreeCpuMilli(n), cluster.GetFreeMemoryBytes(n), Enumerable.Range(0, cluster.Nodes[n].Gpus).Select(g => cluster.GetGpu(n, g)).ToArray());

        public bool Equals(NodeState? other) => other is not null && Cpu == other.Cpu && Memory == other.Memory && Gpus.SequenceEqual(other.Gpus);

        public override int GetHashCode() => HashCode.Combine(Cpu, Memory, Gpus.Length);
    }

    private sealed record Snapshot(NodeState[] Nodes, double Fragmentation)
    {
        public static Snapshot Of(GpuShareCluster cluster) =>
            new(Enumerable.Range(0, cluster.Nodes.Count).Select(n => NodeState.Of(cluster, n)).ToArray(), Math.Round(cluster.Fragmentation, 6));

        public bool Equals(Snapshot? other) => other is not null && Nodes.SequenceEqual(other.Nodes) && Fragmentation == other.Fragmentation;

        public override int GetHashCode() => Nodes.Length;
    }
}
