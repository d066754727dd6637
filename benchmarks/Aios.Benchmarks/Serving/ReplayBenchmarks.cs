using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Serving;

/// <summary>
/// A one-hour replay of the Azure LLM conversation trace (19,366 requests; Azure/AzurePublicDataset, CC-BY-4.0, Patel
/// et al., Splitwise, ISCA'24, read from ../shared/data) through continuously batched replicas of an 8B model on L4 under
/// each autoscaler, objective p99 TTFT ≤ 2 s (target: under 2 s a replay). Reading the trace is not measured.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private RequestTrace _trace = null!;
    private ReplicaProfile _profile = null!;
    private readonly LatencyObjective _objective = LatencyObjective.Parse("p99-ttft<=2s");

    [Params("static", "hpa", "kpa", "aios")]
    public string Autoscaler { get; set; } = "static";

    [GlobalSetup]
    public void Setup()
    {
        string path = FindTrace();
        _trace = AzureLlmTraceReader.Read(path);
        var model = new ServedModel("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
        TokenDistribution prompt = TokenDistribution.PromptsOf(_trace);
        TokenDistribution output = TokenDistribution.OutputsOf(_trace);
        _profile = ReplicaProfile.Derive(model, DeviceProfiles.L4, 1, prompt.Mean + (output.Mean / 2));
    }

    [Benchmark]
    public double ReplayOneHour()
    {
        Autoscaler policy = AutoscalerPresets.Create(Autoscaler, _trace, _profile, 64, _objective);
        ReplayResult result = ServingReplay.Run(_trace, new ReplayOptions { Profile = _profile, BatchLimit = 64, Autoscaler = policy, WindowSeconds = 30 });
        return result.GpuHours;
    }

    private static string FindTrace()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "..", "shared", "data", "traces", "azure-llm-2023", "AzureLLMInferenceTrace_conv.csv");
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")) && File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException("The Azure LLM conversation trace was not found at ../shared/data/traces/azure-llm-2023/ beside the checkout; this benchmark needs it.");
    }
}
