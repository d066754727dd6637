using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Cli.Serving;

/// <summary><c>aios serve plan</c> and <c>aios serve replay</c>: SLO-sized deployment plans and trace replays under autoscalers.</summary>
internal static class ServeCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("serve", "Plan LLM deployments for a latency objective and replay request traces under autoscalers.");
        command.Subcommands.Add(CreatePlan(console));
        command.Subcommands.Add(CreateReplay(console));
        return command;
    }

    private static Command CreatePlan(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "A registered model version, NAME@ALIAS (e.g. llama@production); or describe it with --parameters." };
        var parameters = new Option<string?>("--parameters") { Description = "The model's parameter count, e.g. 7e9 (default: an 8B Llama-3-class model)." };
        var weightBytes = new Option<string?>("--weight-bytes") { Description = "The weights' size, e.g. 14G (default: 2 bytes a parameter)." };
        var kvBytes = new Option<string?>("--kv-bytes-per-token") { Description = "KV-cache bytes per token, e.g. 128Ki (default: estimated for dense attention)." };
        var rate = new Option<double?>("--rate") { Description = "Requests per second (or --trace)." };
        var trace = new Option<string?>("--trace") { Description = "A request trace (Azure LLM CSV): its peak minute and request sizes, and the replay check runs on it." };
        var prompt = new Option<double?>("--prompt-tokens") { Description = "Mean prompt tokens per request (exponential)." };
        var output = new Option<double?>("--output-tokens") { Description = "Mean output tokens per request (exponential)." };
        var objective = new Option<string>("--objective") { Description = "The objective, e.g. p99-ttft<=2s, p95-ttft<=500ms, mean-ttft<=1s, p99-wait<=250ms, mean-e2e<=30s.", Required = true };
        var profiles = new Option<string?>("--profiles") { Description = "Measured replica profiles (JSON array) instead of the datasheet defaults." };
        var cluster = new Option<string?>("--cluster") { Description = "The inventory in the static hardware JSON: the plan fits it and the scheduler places the replicas." };
        var replay = new Option<double>("--replay-seconds") { Description = "Seconds of Poisson traffic the plan is replayed on (default 1800; 0 skips).", DefaultValueFactory = _ => 1800 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var store = new Option<string?>("--store") { Description = $"The model registry's store for --model (as in 'aios models'); defaults to ${ModelsCommands.StoreVariable}." };
        var manifests = new Option<string?>("--manifests") { Description = "Write the plan's Kubernetes Deployment and Service (a JSON v1 List for kubectl apply -f) to this file." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the --manifests file when it exists." };
        var apply = new Option<bool>("--apply") { Description = "Create the Deployment and Service on the cluster, or replace them in place." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "The kubeconfig for --apply (default: $KUBECONFIG, ~/.kube/config, in-cluster)." };
        var image = new Option<string?>("--image") { Description = "The model server's container image (required with --manifests or --apply)." };
        var space = new Option<string>("--namespace") { Description = "The namespace of the Deployment and Service (default default).", DefaultValueFactory = _ => "default" };
        var scheduler = new Option<string?>("--scheduler") { Description = "The scheduler of the replicas' pods, e.g. aios for the Aios scheduler (default: the cluster's)." };
        var queue = new Option<string?>("--queue") { Description = "The Aios queue the replicas are charged to (label aios.dev/queue)." };
        var product = new Option<string?>("--device-product") { Description = "The nvidia.com/gpu.product value of the planned device (default: the built-in profiles' GPU feature discovery names)." };
        var arguments = new Option<string[]>("--arg") { Description = "An argument of the server container; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("plan", "The cheapest deployment (device, GPUs per replica, replicas, batch limit) that meets a latency objective, checked by replay; its Kubernetes manifests, applied on request.")
        {
            model, parameters, weightBytes, kvBytes, rate, trace, prompt, output, objective, profiles, cluster, replay, json,
            store, manifests, overwrite, apply, kubeconfig, image, space, scheduler, queue, product, arguments,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            ServeManifestRequest? kubernetes = result.GetValue(manifests) is null && !result.GetValue(apply) ? null : new ServeManifestRequest(
                result.GetValue(manifests), result.GetValue(overwrite), result.GetValue(apply), result.GetValue(kubeconfig), result.GetValue(image),
                result.GetValue(space)!, result.GetValue(scheduler), result.GetValue(queue), result.GetValue(product), result.GetValue(arguments) ?? []);
            var request = new ServePlanRequest(result.GetValue(model), result.GetValue(parameters), result.GetValue(weightBytes), result.GetValue(kvBytes), result.GetValue(rate), result.GetValue(trace), result.GetValue(prompt), result.GetValue(output), result.GetValue(objective)!, result.GetValue(profiles), result.GetValue(cluster), result.GetValue(replay), result.GetValue(json))
            {
                Store = result.GetValue(store),
                Manifests = kubernetes,
            };
            if (kubernetes is not null && ServeKubernetes.Validate(kubernetes) is { } invalid)
            {
                return console.Fail(invalid);
            }

            (DeploymentPlan? plan, string? error) = await ServeEvaluator.PlanAsync(request, cancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                return console.Fail(error!);
            }

            ServeKubernetesOutput? done = null;
            if (kubernetes is not null)
            {
                (done, error) = await ServeKubernetes.RunAsync(plan, kubernetes, cancellationToken).ConfigureAwait(false);
                if (done is null)
                {
                    return console.Fail(error!);
                }
            }

            if (request.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(ToOutput(plan) with { Kubernetes = done }, CliJsonContext.Default.ServePlanOutput));
            }
            else
            {
                WritePlan(console.Out, plan);
                if (done is not null)
                {
                    WriteKubernetes(console.Out, done);
                }
            }

            return 0;
        });
        return command;
    }

    private static void WriteKubernetes(TextWriter writer, ServeKubernetesOutput done)
    {
        if (done.ManifestsFile is { } file)
        {
            writer.WriteLine($"  manifests: Deployment and Service {done.Namespace}/{done.Name} written to {file}");
        }

        foreach (string applied in done.Applied)
        {
            writer.WriteLine($"  applied: {applied}");
        }
    }

    private static Command CreateReplay(CliConsole console)
    {
        var trace = new Option<string>("--trace") { Description = "The request trace (Azure LLM inference trace CSV: TIMESTAMP, ContextTokens, GeneratedTokens).", Required = true };
        var autoscaler = new Option<string>("--autoscaler") { Description = "Policies to compare, a comma list of static, hpa, kpa, aios (default all).", DefaultValueFactory = _ => "static,hpa,kpa,aios" };
        var objective = new Option<string>("--objective") { Description = "The objective, e.g. p99-ttft<=2s.", Required = true };
        var minutes = new Option<double?>("--minutes") { Description = "Replay only the first M minutes." };
        var device = new Option<string>("--device") { Description = "The device of the replicas: a100, h100, l4 or a10g (default l4).", DefaultValueFactory = _ => "l4" };
        var parameters = new Option<string?>("--parameters") { Description = "The model's parameter count (default: an 8B Llama-3-class model)." };
        var weightBytes = new Option<string?>("--weight-bytes") { Description = "The weights' size, e.g. 16G." };
        var kvBytes = new Option<string?>("--kv-bytes-per-token") { Description = "KV-cache bytes per token, e.g. 128Ki." };
        var batch = new Option<int>("--batch-limit") { Description = "Sequences a replica batches (default 64).", DefaultValueFactory = _ => 64 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var plot = new Option<string?>("--plot") { Description = "Plot arrival rate, replicas and p99 TTFT over time to this .png or .svg file (a new file: its folder must exist)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the --plot file when it exists." };
        var command = new Command("replay", "Replay a request trace through continuously batched replicas under autoscalers: SLO attainment and GPU-hours.")
        {
            trace, autoscaler, objective, minutes, device, parameters, weightBytes, kvBytes, batch, json, plot, overwrite,
        };
        command.SetAction(result =>
        {
            var request = new ServeReplayRequest(result.GetValue(trace)!, result.GetValue(autoscaler)!, result.GetValue(objective)!, result.GetValue(minutes), result.GetValue(device)!, result.GetValue(parameters), result.GetValue(weightBytes), result.GetValue(kvBytes), result.GetValue(batch), result.GetValue(json), result.GetValue(plot));
            if (request.PlotFile is { } target && OutputFile.Check("--plot", target, result.GetValue(overwrite)) is { } badTarget)
            {
                return console.Fail(badTarget);
            }

            (IReadOnlyList<ReplayResult>? results, LatencyObjective parsed, string? error) = ServeEvaluator.Replay(request);
            if (results is null)
            {
                return console.Fail(error!);
            }

            if (request.PlotFile is { } file)
            {
                try
                {
                    ServePlot.Write(file, results, parsed, result.GetValue(overwrite));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    return console.Fail(CliConsole.Describe(exception));
                }
            }

            if (request.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(ToOutput(results, parsed), CliJsonContext.Default.ServeReplayOutput));
            }
            else
            {
                WriteReplay(console.Out, results, parsed);
            }

            return 0;
        });
        return command;
    }

    private static ServePlanOutput ToOutput(DeploymentPlan plan) => new()
    {
        Model = plan.Model.Name,
        Objective = plan.Objective.ToString(),
        Rate = plan.ArrivalRate,
        DeviceType = plan.Profile.DeviceType,
        GpusPerReplica = plan.Profile.GpusPerReplica,
        Replicas = plan.Replicas,
        BatchLimit = plan.BatchLimit,
        CostPerHour = plan.CostPerHour,
        PredictedSeconds = plan.Prediction.ObjectiveValueSeconds,
        PredictedSecondsWithOneFewer = plan.OneFewer is { } fewer && double.IsFinite(fewer.ObjectiveValueSeconds) ? fewer.ObjectiveValueSeconds : null,
        Utilization = plan.Prediction.Utilization,
        MeanWaitSeconds = plan.Prediction.MeanWaitSeconds,
        ReplaySeconds = plan.Replay is { } replay && double.IsFinite(replay.Measure(plan.Objective)) ? replay.Measure(plan.Objective) : null,
        ReplayAttainment = plan.Replay?.Attainment(plan.Objective),
        ReplayMeetsObjective = plan.ReplayMeetsObjective,
        Placement = [.. plan.Placement.Select(slice => new ServePlacementOutput(slice.Node, slice.DeviceType, slice.Count, slice.Replicas))],
        Approximation = DeploymentPlan.ApproximationNote,
    };

    private static ServeReplayOutput ToOutput(IReadOnlyList<ReplayResult> results, LatencyObjective objective) => new()
    {
        Trace = results[0].TraceName,
        Objective = objective.ToString(),
        DeviceType = results[0].Profile.DeviceType,
        BatchLimit = results[0].BatchLimit,
        Requests = results[0].Requests,
        Policies = [.. results.Select(r => new ServePolicyOutput
        {
            Policy = r.Policy,
            Attainment = r.Attainment(objective),
            MeasuredSeconds = double.IsFinite(r.Measure(objective)) ? r.Measure(objective) : null,
            GpuHours = r.GpuHours,
            Cost = r.Cost,
            PeakReplicas = r.PeakReplicas,
            MeanReplicas = r.MeanReplicas,
            ReplicaStarts = r.ReplicaStarts,
            Rejected = r.Rejected,
        })],
    };

    private static void WritePlan(TextWriter writer, DeploymentPlan plan)
    {
        ReplicaProfile profile = plan.Profile;
        string statistic = plan.Objective.Percentile is { } p ? string.Create(CultureInfo.InvariantCulture, $"p{p * 100:0.###}") : "mean";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Plan for {plan.Model.Name} at {plan.ArrivalRate:0.###} requests/s, objective {plan.Objective}"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {plan.Replicas} replicas x {profile.GpusPerReplica} {profile.DeviceType}, batch limit {plan.BatchLimit}: {plan.Gpus} GPUs, ${plan.CostPerHour:0.##}/h"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  replica: prefill {profile.PrefillTokensPerSecond:0} tokens/s, decode step {profile.DecodeStepBaseSeconds * 1000:0.##} ms + {profile.DecodeStepPerSequenceSeconds * 1000:0.###} ms/sequence, KV {profile.KvCacheTokens} tokens, cold start {profile.ColdStartSeconds:0} s"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  queueing model: slot utilisation {plan.Prediction.Utilization:P1}, P(wait) {plan.Prediction.ProbabilityOfWaiting:0.####}, mean wait {plan.Prediction.MeanWaitSeconds:0.####} s, predicted {statistic} {MetricName(plan.Objective.Metric)} {plan.Prediction.ObjectiveValueSeconds:0.###} s"));
        if (plan.OneFewer is { } fewer)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  with {fewer.Replicas} replicas: predicted {(double.IsFinite(fewer.ObjectiveValueSeconds) ? fewer.ObjectiveValueSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "unstable")} (misses the objective)"));
        }

        writer.WriteLine($"  approximation: {DeploymentPlan.ApproximationNote}");
        if (plan.Replay is { } replay)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  replay ({replay.Requests} requests of {replay.TraceName}): {statistic} {MetricName(plan.Objective.Metric)} {replay.Measure(plan.Objective):0.###} s, attainment {replay.Attainment(plan.Objective):P2} — {(replay.Meets(plan.Objective) ? "meets" : "MISSES")} the objective"));
        }

        foreach (var slice in plan.Placement)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  placed: {slice.Replicas} x {slice.Count} {slice.DeviceType} on {slice.Node}"));
        }
    }

    private static string MetricName(LatencyMetric metric) => metric switch
    {
        LatencyMetric.TimeToFirstToken => "TTFT",
        LatencyMetric.Wait => "wait",
        _ => "end-to-end latency",
    };

    private static void WriteReplay(TextWriter writer, IReadOnlyList<ReplayResult> results, LatencyObjective objective)
    {
        ReplayResult first = results[0];
        string statistic = objective.Percentile is { } p ? string.Create(CultureInfo.InvariantCulture, $"p{p * 100:0.###}") : "mean";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replay of {first.TraceName}: {first.Requests} requests on {first.Profile.DeviceType} (batch {first.BatchLimit}), objective {objective}"));
        writer.WriteLine($"  {"policy",-8} {"attainment",10} {statistic + " (s)",10} {"GPU-h",8} {"cost $",8} {"peak",5} {"mean",6} {"starts",6}");
        foreach (ReplayResult r in results)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Policy,-8} {r.Attainment(objective),10:P2} {r.Measure(objective),10:0.###} {r.GpuHours,8:0.##} {r.Cost,8:0.##} {r.PeakReplicas,5} {r.MeanReplicas,6:0.#} {r.ReplicaStarts,6}"));
        }
    }
}
