// <snippet:scheduling-sharing>
using Aios.Scheduling.Sharing;
// </snippet:scheduling-sharing>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The Aios.Scheduling.Sharing code of docs/scheduling.md.</summary>
public sealed class SharingSnippets
{
    [Fact]
    public void SchedulingDoc_FractionsWholeGpusAndMig()
    {
        // <snippet:scheduling-sharing>
        // Two 8-GPU nodes (64 cores, 512 GiB) with 80-GB GPUs, and one A100-40GB node in MIG mode.
        GpuShareNode[] nodes =
        [
            new("n0", gpus: 8, cpuMilli: 64_000, memoryBytes: 512L << 30) { GpuMemoryBytes = 80_000_000_000 },
            new("n1", gpus: 8, cpuMilli: 64_000, memoryBytes: 512L << 30) { GpuMemoryBytes = 80_000_000_000 },
            new("mig", gpus: 8, cpuMilli: 64_000, memoryBytes: 512L << 30) { Mig = MigGpuType.A100With40GB },
        ];

        // FGD needs the workload it packs for: the pod mix expected (here: half quarters of a GPU, half whole GPUs).
        GpuShareWorkload workload = GpuShareWorkload.FromSample([GpuShareRequest.Fraction(250), GpuShareRequest.Whole(1)]);
        var cluster = new GpuShareCluster(nodes, workload, seed: 1);

        cluster.TryPlace(GpuShareRequest.Fraction(gpuMilli: 500, gpuMemoryBytes: 20_000_000_000, cpuMilli: 4_000), GpuShareStrategy.Fgd, out GpuSharePlacement? half, out _);
        cluster.TryPlace(GpuShareRequest.Fraction(gpuMilli: 500), GpuShareStrategy.BestFit, out GpuSharePlacement? otherHalf, out _);
        cluster.TryPlace(GpuShareRequest.Mig("3g.20gb"), GpuShareStrategy.BestFit, out GpuSharePlacement? slice, out _);
        cluster.TryPlace(GpuShareRequest.Whole(8), GpuShareStrategy.BestFit, out GpuSharePlacement? eight, out GpuShareFailure why);

        GpuShareSummary state = cluster.Summarize();   // free, partly used, full and MIG GPUs; free milli-GPU
        cluster.Release(otherHalf!);                     // exactly what it took comes back
        // </snippet:scheduling-sharing>

        Assert.NotNull(half);
        Assert.Equal(half.Node, otherHalf!.Node);                       // best fit fills the half-used GPU
        Assert.Equal(half.Gpus, otherHalf.Gpus);
        Assert.NotNull(eight);                                           // the node with 8 whole GPUs left
        Assert.Equal(1 - half.Node, eight.Node);
        Assert.Equal(2, slice!.Node);
        Assert.Contains(slice.MigStart, new[] { 0, 4 });
        Assert.Equal(24, state.Gpus);
        Assert.Equal(1, state.MigGpus);
        Assert.Equal(9, state.FullGpus);
        Assert.Equal(GpuShareFailure.None, why);
        Assert.Equal(500, cluster.GetGpu(half.Node, half.Gpus[0]).UsedMilli);
    }
}
