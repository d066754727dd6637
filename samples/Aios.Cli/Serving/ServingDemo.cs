using System.Globalization;
using Aios.Data.Synthetic;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Registry;
using Aios.Serving.Simulation;

namespace Aios.Cli.Serving;

/// <summary>
/// The demo's serving section: register a model and a fine-tune in the registry (a generated safetensors model, in a
/// temporary store), plan a deployment for a latency objective, and replay ten minutes of the Azure LLM conversation
/// trace under the four autoscalers (a Poisson stand-in at the trace's rate when the shared data is absent).
/// </summary>
internal static class ServingDemo
{
    private const string ConversationTrace = "traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv";

    public static async Task RunAsync(TextWriter output, string? sharedData, CancellationToken cancellationToken)
    {
        output.WriteLine("9. Model management and serving (aios models, aios serve)");
        await RegisterAsync(output, cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        Plan(output);
        output.WriteLine();
        Replay(output, sharedData);
    }

    private static async Task RegisterAsync(TextWriter output, CancellationToken cancellationToken)
    {
        string root = Directory.CreateTempSubdirectory("aios-demo-models-").FullName;
        try
        {
            // A small Llama-style model (BF16, grouped-query attention) and a fine-tune that retrains 2 of its tensors.
            List<SyntheticTensor> tensors = SyntheticSafetensors.Transformer(layers: 4, hidden: 384, vocabulary: 8000, "BF16", seed: 11);
            string config = SyntheticSafetensors.Config(4, 384, 8000, "bfloat16");
            var tuned = new List<SyntheticTensor>(tensors);
            foreach (int index in new[] { 2, 20 })
            {
                tuned[index] = SyntheticSafetensors.Random(tensors[index].Name, tensors[index].Dtype, tensors[index].Shape, seed: 1_000 + index);
            }

            SyntheticSafetensors.WriteModelFolder(Path.Combine(root, "base"), tensors, config);
            SyntheticSafetensors.WriteModelFolder(Path.Combine(root, "tuned"), tuned, config);
            ModelRegistry registry = ModelRegistry.OpenOrCreate(Path.Combine(root, "store"));
            ModelRegistrationResult first = await registry.RegisterAsync(Path.Combine(root, "base"), new ModelRegistration { Name = "demo/llama-mini" }, cancellationToken).ConfigureAwait(false);
            ModelRegistrationResult second = await registry.RegisterAsync(Path.Combine(root, "tuned"), new ModelRegistration { Name = "demo/llama-mini", ParentVersion = 1 }, cancellationToken).ConfigureAwait(false);
            await registry.SetAliasAsync("demo/llama-mini", "production", 2, cancellationToken).ConfigureAwait(false);
            ModelDiff diff = await registry.DiffAsync("demo/llama-mini@1", "demo/llama-mini@production", cancellationToken).ConfigureAwait(false);
            ModelVersion production = await registry.ResolveAsync("demo/llama-mini@production", cancellationToken).ConfigureAwait(false);
            string exported = Path.Combine(root, "exported");
            await registry.ExportAsync("demo/llama-mini@production", exported, cancellationToken: cancellationToken).ConfigureAwait(false);
            bool identical = Directory.EnumerateFiles(Path.Combine(root, "tuned")).All(file =>
                File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(exported, Path.GetFileName(file)))));

            ModelVersion v1 = first.Version;
            output.WriteLine("   Registering a model and a fine-tune (aios models register, diff, alias, export)");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {v1.Reference}: {v1.Tensors.Count} tensors, {v1.ParameterCount:N0} parameters, {v1.WeightBytes / 1048576.0:F1} MiB of BF16 weights, KV cache {v1.Architecture?.KvCacheBytesPerToken:N0} bytes/token (config.json)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {second.Version.Reference} (fine-tune of @1): {diff.Changed.Count} of {v1.Tensors.Count} tensors changed; stored anew {second.NewBytes / 1024.0:N0} KiB = {second.NewShare:P1} of the version (unchanged tensors reuse their chunks)"));
            output.WriteLine($"   alias production -> {production.Reference}; exported byte for byte: {(identical ? "yes" : "NO")}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Plan(TextWriter output)
    {
        // The demo's weights are small; the plan sizes what a production model of this family needs: 8B in BF16.
        ServedModel model = ServeModelSource.Default;
        LatencyObjective objective = LatencyObjective.Parse("p99-ttft<=2s");
        DeploymentPlan plan = DeploymentPlanner.Plan(new DeploymentPlanRequest
        {
            Model = model,
            Rate = 6,
            PromptTokens = TokenDistribution.Exponential(1000),
            OutputTokens = TokenDistribution.Exponential(200),
            Objective = objective,
            ReplayCheckSeconds = 600,
        });
        output.WriteLine("   Planning an 8B Llama-3-class model for 6 requests/s, 1,000-token prompts, 200-token answers, p99 TTFT <= 2 s (aios serve plan)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   cheapest: {plan.Replicas} x {plan.Profile.GpusPerReplica} {plan.Profile.DeviceType}, batch limit {plan.BatchLimit}, ${plan.CostPerHour:F2}/h of {plan.CandidatesConsidered} candidates (device, GPUs per replica, batch limit)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   queueing model: p99 TTFT {plan.Prediction.ObjectiveValueSeconds:F2} s at {plan.Prediction.Utilization:P0} of the batch slots{(plan.OneFewer is { } fewer ? $"; with {fewer.Replicas}: {Seconds(fewer.ObjectiveValueSeconds)} (misses)" : "")}"));
        if (plan.Replay is { } replay)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   replayed on {replay.Requests:N0} requests of Poisson traffic: p99 TTFT {replay.Measure(objective):F2} s, {replay.Attainment(objective):P2} of requests within 2 s — {(replay.Meets(objective) ? "meets" : "misses")} the objective"));
        }
    }

    private static void Replay(TextWriter output, string? sharedData)
    {
        string? file = sharedData is null ? null : Path.Combine(sharedData, ConversationTrace);
        RequestTrace trace;
        if (file is not null && File.Exists(file))
        {
            trace = AzureLlmTraceReader.Read(file).TakeSeconds(600);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Ten minutes of the Azure LLM conversation trace (2023-11-16, {trace.Count:N0} requests) under four autoscalers (aios serve replay)"));
        }
        else
        {
            // The conversation service's mean rate and sizes, when ../shared/data is not beside the checkout.
            trace = PoissonTraffic.Generate(5.4, 600, TokenDistribution.Exponential(1155), TokenDistribution.Exponential(211), seed: 7);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Ten minutes of Poisson traffic at the Azure conversation service's rate ({trace.Count:N0} requests; the trace itself is read from ../shared/data when present) under four autoscalers"));
        }

        ServedModel model = ServeModelSource.Default;
        LatencyObjective objective = LatencyObjective.Parse("p99-ttft<=2s");
        TokenDistribution prompt = TokenDistribution.PromptsOf(trace);
        TokenDistribution outputs = TokenDistribution.OutputsOf(trace);
        ReplicaProfile profile = ReplicaProfile.Derive(model, DeviceProfiles.L4, 1, prompt.Mean + (outputs.Mean / 2));
        output.WriteLine("   8B on one L4 per replica, batch limit 64, objective p99 TTFT <= 2 s");
        output.WriteLine("   policy   attainment  p99 TTFT s  GPU-hours  peak replicas  starts");
        foreach (string name in AutoscalerPresets.Names)
        {
            Autoscaler autoscaler = AutoscalerPresets.Create(name, trace, profile, 64, objective);
            ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = profile, BatchLimit = 64, Autoscaler = autoscaler, WindowSeconds = 30 });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {name,-8} {result.Attainment(objective),10:P2} {Number(result.Measure(objective)),11} {result.GpuHours,10:F2} {result.PeakReplicas,14} {result.ReplicaStarts,7}"));
        }

        output.WriteLine("   static holds the planner's replicas for the peak minute; hpa and kpa follow Kubernetes' and Knative's rules; aios re-plans from the queueing model with cold starts.");
        output.WriteLine("   The whole hour, both services, two objectives: benchmarks/Aios.Benchmarks/results/serving-autoscaling.md");
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("F2", CultureInfo.InvariantCulture) : "unstable";

    private static string Seconds(double value) => double.IsFinite(value) ? value.ToString("F2", CultureInfo.InvariantCulture) + " s" : "unstable";
}
