using Aios.Scheduling.Sharing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Aios.Benchmarks.Scheduling;

/// <summary>
/// Fractional-GPU placements per second on 10,000 nodes × 8 GPUs (128 cores, 1 TiB: the trace's largest 8-GPU node, so
/// that every pod of the trace fits an empty node; target ≥ 50,000/s for best fit, dot product and random,
/// single-threaded). Requests are the GPU pods of Alibaba's
/// 2023 trace (44 % fractions of one GPU, 56 % whole GPUs, with their CPU and memory), drawn with replacement. Each
/// iteration starts from a cluster filled by best fit until it first refuses a pod; one operation releases the oldest
/// placement and places a new pod with the strategy (the steady state of a full cluster). FGD's cluster carries the
/// trace's pod distribution as its target workload (151 request types) and scans every node the pod fits.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class FractionalPlacementBenchmarks
{
    private const int Nodes = 10_000;
    private const int GpusPerNode = 8;
    private const int Operations = 2_000;

    private GpuShareRequest[] _pods = null!;
    private GpuShareWorkload _workload = null!;
    private GpuShareCluster _cluster = null!;
    private Queue<GpuSharePlacement> _live = null!;
    private Random _random = null!;

    [Params(GpuShareStrategy.BestFit, GpuShareStrategy.DotProduct, GpuShareStrategy.Random, GpuShareStrategy.Fgd)]
    public GpuShareStrategy Strategy { get; set; }

    /// <summary>Gets the pods placed in the last iteration (printed in the log).</summary>
    public int Placed { get; private set; }

    [GlobalSetup]
    public void Load()
    {
        string path = FindTrace();
        IReadOnlyList<AlibabaGpuPod> pods = AlibabaGpuTrace.ReadPods(path);
        var requests = new List<GpuShareRequest>();
        var all = new List<GpuShareRequest>();
        foreach (AlibabaGpuPod pod in pods)
        {
            GpuShareRequest request = pod.ToRequest();
            all.Add(request);
            if (request.Kind != GpuShareKind.None)
            {
                requests.Add(request);
            }
        }

        _pods = [.. requests];
        _workload = GpuShareWorkload.FromSample(all);
    }

    [IterationSetup]
    public void Fill()
    {
        var nodes = new GpuShareNode[Nodes];
        for (int n = 0; n < Nodes; n++)
        {
            nodes[n] = new GpuShareNode($"node-{n}", GpusPerNode, 128_000, 1L << 40);
        }

        _cluster = new GpuShareCluster(nodes, Strategy == GpuShareStrategy.Fgd ? _workload : null, seed: 1);
        _live = new Queue<GpuSharePlacement>();
        _random = new Random(1);
        while (_cluster.TryPlace(_pods[_random.Next(_pods.Length)], GpuShareStrategy.BestFit, out GpuSharePlacement? placement, out _))
        {
            _live.Enqueue(placement);
        }
    }

    [IterationCleanup]
    public void Report() => Console.WriteLine($"// {Strategy}: {Placed} of {Operations} placed, {_live.Count} live, {_cluster.Summarize().FreeShare:P1} of GPU capacity free");

    /// <summary>Release the oldest placement and place a new pod, 2,000 times; time per operation ≈ time per placement.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int SteadyState()
    {
        int placed = 0;
        for (int i = 0; i < Operations; i++)
        {
            _cluster.Release(_live.Dequeue());
            if (_cluster.TryPlace(_pods[_random.Next(_pods.Length)], Strategy, out GpuSharePlacement? placement, out _))
            {
                _live.Enqueue(placement);
                placed++;
            }
        }

        Placed = placed;
        return placed;
    }

    private static string FindTrace()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "..", "shared", "data", "traces", "alibaba-v2023", "openb_pod_list_default.csv");
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The Alibaba 2023 GPU trace was not found at ../shared/data/traces/alibaba-v2023/ beside the checkout; this benchmark needs it.");
    }
}
