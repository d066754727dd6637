using System.Globalization;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Benchmarks.Serving;

/// <summary>
/// <c>-- serving-frontier [DATA]</c>: the Azure LLM traces replayed under every baseline across its main knob (static:
/// the replica count; HPA: the target utilisation; KPA: the target concurrency), so each baseline is a curve of SLO
/// attainment against GPU-hours rather than one tuned point, and the Aios autoscaler (one point, no knob turned) is
/// compared with the best any setting of each baseline reaches at the same GPU-hours, and with the fewest GPU-hours any
/// setting needs to reach its attainment. Not a timing benchmark: it prints a markdown table.
/// </summary>
internal static class AutoscalerFrontier
{
    private static readonly string[] Objectives = ["p99-ttft<=2s", "p99-ttft<=4s"];
    private static readonly double[] Utilizations = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    public static void Run(string[] args)
    {
        string data = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data");
        string folder = Path.Combine(data, "traces", "azure-llm-2023");
        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"{folder} not found: give the shared data folder as the argument after serving-frontier.");
            Environment.ExitCode = 1;
            return;
        }

        ServedModel model = new("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
        const int batchLimit = 64;
        var output = Console.Out;
        output.WriteLine("| service | objective | policy | setting | GPU-hours | attainment | p99 TTFT (s) |");
        output.WriteLine("|---|---|---|---|---:|---:|---:|");
        var summary = new List<string>();
        RequestTrace conversation = AzureLlmTraceReader.Read(Path.Combine(folder, "AzureLLMInferenceTrace_conv.csv"));

        // A check on traffic the defaults were not developed on: Poisson arrivals whose rate swings smoothly between 3
        // and 9 requests/s twice in the hour (the conversation trace's range), with the conversation trace's request sizes.
        RequestTrace synthetic = PoissonTraffic.GenerateVarying(
            t => 6 + (3 * Math.Sin(2 * Math.PI * t / 1800)), 9, 3600, TokenDistribution.PromptsOf(conversation), TokenDistribution.OutputsOf(conversation), seed: 7);
        foreach ((string service, RequestTrace trace) in new[]
        {
            ("conversation", conversation),
            ("code", AzureLlmTraceReader.Read(Path.Combine(folder, "AzureLLMInferenceTrace_code.csv"))),
            ("synthetic (3–9/s sine, conversation sizes)", synthetic),
        })
        {
            TokenDistribution prompt = TokenDistribution.PromptsOf(trace);
            TokenDistribution outputs = TokenDistribution.OutputsOf(trace);
            ReplicaProfile profile = ReplicaProfile.Derive(model, DeviceProfiles.L4, 1, prompt.Mean + (outputs.Mean / 2));
            var queueModel = new ReplicaQueueModel(profile, batchLimit, prompt, outputs);
            foreach (string text in Objectives)
            {
                LatencyObjective objective = LatencyObjective.Parse(text);
                // The dynamic baselines start where the presets start them: the planner's replicas for the first minute.
                int initial = AutoscalerPresets.Create("hpa", trace, profile, batchLimit, objective).InitialReplicas;
                Point aios = Replay(trace, profile, batchLimit, objective, "aios", "-", AutoscalerPresets.Create("aios", trace, profile, batchLimit, objective));
                var curves = new Dictionary<string, List<Point>>
                {
                    ["static"] = [],
                    ["hpa"] = [],
                    ["kpa"] = [],
                };
                for (int replicas = 1; replicas <= 40; replicas++)
                {
                    Point point = Replay(trace, profile, batchLimit, objective, "static", $"{replicas} replicas", Autoscaler.Static(replicas));
                    curves["static"].Add(point);
                    if (point.Attainment >= 0.99995)
                    {
                        break;
                    }
                }

                foreach (double target in Utilizations)
                {
                    curves["hpa"].Add(Replay(trace, profile, batchLimit, objective, "hpa", $"target {target:P0}", Autoscaler.Hpa(new HpaOptions { TargetUtilization = target, BatchLimit = queueModel.EffectiveBatch, InitialReplicas = initial })));
                    curves["kpa"].Add(Replay(trace, profile, batchLimit, objective, "kpa", $"concurrency {target * queueModel.EffectiveBatch:0.#}", Autoscaler.Kpa(new KpaOptions { TargetConcurrency = queueModel.EffectiveBatch, TargetUtilization = target, InitialReplicas = initial })));
                }

                foreach (Point point in curves.Values.SelectMany(c => c).Append(aios))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {service} | {text} | {point.Policy} | {point.Setting} | {point.GpuHours:F2} | {point.Attainment:P2} | {point.P99:F2} |"));
                }

                foreach ((string policy, List<Point> curve) in curves)
                {
                    Point? atEqualCost = curve.Where(p => p.GpuHours <= aios.GpuHours * 1.0001).MaxBy(p => p.Attainment);
                    Point? toMatch = curve.Where(p => p.Attainment >= aios.Attainment).MinBy(p => p.GpuHours);
                    summary.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {service} | {text} | {policy} | {aios.Attainment:P2} at {aios.GpuHours:F2} | {(atEqualCost is null ? "none that cheap" : $"{atEqualCost.Attainment:P2} ({atEqualCost.Setting}, {atEqualCost.GpuHours:F2})")} | {(toMatch is null ? "none reaches it" : $"{toMatch.GpuHours:F2} ({toMatch.Setting}); Aios uses {aios.GpuHours / toMatch.GpuHours:P0}")} |"));
                }
            }
        }

        output.WriteLine();
        output.WriteLine("| service | objective | baseline | Aios: attainment at GPU-hours | baseline's best at ≤ Aios's GPU-hours | baseline's fewest GPU-hours to reach Aios's attainment |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (string line in summary)
        {
            output.WriteLine(line);
        }
    }

    private static Point Replay(RequestTrace trace, ReplicaProfile profile, int batchLimit, LatencyObjective objective, string policy, string setting, Autoscaler autoscaler)
    {
        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = profile, BatchLimit = batchLimit, Autoscaler = autoscaler, WindowSeconds = 30 });
        return new Point(policy, setting, result.GpuHours, result.Attainment(objective), result.Percentile(LatencyMetric.TimeToFirstToken, 0.99));
    }

    private sealed record Point(string Policy, string Setting, double GpuHours, double Attainment, double P99);
}
