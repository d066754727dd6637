using System.Globalization;
using System.Text.Json;
using Aios.Hardware.Static;
using Aios.Scheduling.Model;
using Aios.Scheduling.Traces;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Cli.Serving;

/// <summary>Evaluates <c>aios serve plan</c> and <c>aios serve replay</c>: validates the request, calls Aios.Serving, returns the result or one error line.</summary>
internal static class ServeEvaluator
{
    public static async Task<(DeploymentPlan? Plan, string? Error)> PlanAsync(ServePlanRequest request, CancellationToken cancellationToken)
    {
        (ServedModel? model, string? error) = await ServeModelSource.TryResolveAsync(request.Model, request.Store, request.Parameters, request.WeightBytes, request.KvBytesPerToken, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return (null, error);
        }

        if (!LatencyObjective.TryParse(request.Objective, out LatencyObjective objective, out error))
        {
            return (null, "--objective: " + error);
        }

        if (request.Rate is null && request.TraceFile is null)
        {
            return (null, "give --rate REQUESTS_PER_SECOND or --trace FILE");
        }

        if (request.Rate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            return (null, "--rate must be a number of requests per second > 0");
        }

        if (request.TraceFile is null && (request.PromptTokens is null || request.OutputTokens is null))
        {
            return (null, "give --prompt-tokens and --output-tokens (mean tokens per request), or --trace FILE");
        }

        foreach ((string name, double? value) in new[] { ("--prompt-tokens", request.PromptTokens), ("--output-tokens", request.OutputTokens) })
        {
            if (value is { } tokens && !(tokens >= 1 && tokens <= 10_000_000))
            {
                return (null, $"{name} must be a mean token count from 1 to 10,000,000");
            }
        }

        if (!(request.ReplaySeconds >= 0 && request.ReplaySeconds <= 86_400))
        {
            return (null, "--replay-seconds must be from 0 to 86,400");
        }

        try
        {
            var planRequest = new DeploymentPlanRequest
            {
                Model = model,
                Rate = request.Rate,
                Trace = request.TraceFile is null ? null : ReadTrace(request.TraceFile),
                PromptTokens = request.PromptTokens is { } p ? TokenDistribution.Exponential(p) : null,
                OutputTokens = request.OutputTokens is { } o ? TokenDistribution.Exponential(o) : null,
                Objective = objective,
                Profiles = request.ProfilesFile is null ? null : ReadProfiles(request.ProfilesFile),
                Inventory = request.ClusterFile is null ? null : ReadCluster(request.ClusterFile),
                ReplayCheckSeconds = request.ReplaySeconds,
            };
            return DeploymentPlanner.TryPlan(planRequest, out DeploymentPlan? plan, out string? reason) ? (plan, null) : (null, reason);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or TraceFormatException or JsonException or FormatException or ArgumentException)
        {
            return (null, CliConsole.Describe(exception));
        }
    }

    public static (IReadOnlyList<ReplayResult>? Results, LatencyObjective Objective, string? Error) Replay(ServeReplayRequest request)
    {
        if (!LatencyObjective.TryParse(request.Objective, out LatencyObjective objective, out string? error))
        {
            return (null, default, "--objective: " + error);
        }

        string[] policies = request.Autoscalers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (policies.Length == 0 || policies.FirstOrDefault(p => !AutoscalerPresets.Names.Contains(p.ToLowerInvariant())) is { } unknown)
        {
            return (null, objective, $"--autoscaler must be a comma list of {string.Join(", ", AutoscalerPresets.Names)}{(policies.Length == 0 ? "" : $" ('{policies.First(p => !AutoscalerPresets.Names.Contains(p.ToLowerInvariant()))}' is not one)")}");
        }

        if (request.Minutes is { } minutes && !(minutes > 0 && minutes <= 10_000))
        {
            return (null, objective, "--minutes must be a number of minutes > 0");
        }

        if (request.BatchLimit < 1)
        {
            return (null, objective, "--batch-limit must be >= 1");
        }

        if (request.PlotFile is { } plot && !plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            return (null, objective, $"--plot must name a .png or .svg file (was '{plot}')");
        }

        DeviceProfile? device = DeviceProfiles.Defaults.FirstOrDefault(d => d.DeviceType.Equals(request.Device, StringComparison.OrdinalIgnoreCase));
        if (device is null)
        {
            return (null, objective, $"--device must be one of {string.Join(", ", DeviceProfiles.Defaults.Select(d => d.DeviceType))} (was '{request.Device}')");
        }

        ServedModel? model = ServeModelSource.TryResolve(request.Parameters, request.WeightBytes, request.KvBytesPerToken, out error);
        if (model is null)
        {
            return (null, objective, error);
        }

        try
        {
            RequestTrace trace = ReadTrace(request.TraceFile);
            if (request.Minutes is { } m)
            {
                trace = trace.TakeSeconds(m * 60);
            }

            if (trace.Count == 0)
            {
                return (null, objective, $"{request.TraceFile} holds no request in the first {request.Minutes} minutes");
            }

            TokenDistribution prompt = TokenDistribution.PromptsOf(trace);
            TokenDistribution output = TokenDistribution.OutputsOf(trace);
            if (!ReplicaProfile.TryDerive(model, device, 1, prompt.Mean + (output.Mean / 2), out ReplicaProfile? profile))
            {
                return (null, objective, $"{model.Name} does not fit on one {device.DeviceType}: choose a larger --device");
            }

            var results = new List<ReplayResult>();
            foreach (string policy in policies)
            {
                Autoscaler autoscaler = AutoscalerPresets.Create(policy, trace, profile, request.BatchLimit, objective);
                results.Add(ServingReplay.Run(trace, new ReplayOptions { Profile = profile, BatchLimit = request.BatchLimit, Autoscaler = autoscaler, WindowSeconds = 30 }));
            }

            return (results, objective, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or TraceFormatException or ArgumentException)
        {
            return (null, objective, CliConsole.Describe(exception));
        }
    }

    private static RequestTrace ReadTrace(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"trace file '{path}' does not exist", path);
        }

        return AzureLlmTraceReader.Read(path);
    }

    private static ClusterSpec ReadCluster(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"cluster file '{path}' does not exist", path);
        }

        return StaticDeviceProvider.FromFile(path).ToClusterSpec();
    }

    private static List<ReplicaProfile> ReadProfiles(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"profiles file '{path}' does not exist", path);
        }

        ServeProfileInput[] inputs = JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.ServeProfileInputArray)
            ?? throw new FormatException($"{path}: expected a JSON array of replica profiles");
        var profiles = new List<ReplicaProfile>();
        for (int i = 0; i < inputs.Length; i++)
        {
            ServeProfileInput input = inputs[i];
            try
            {
                profiles.Add(new ReplicaProfile(input.DeviceType ?? "", input.GpusPerReplica ?? 1, input.PrefillTokensPerSecond, input.DecodeStepBaseSeconds, input.DecodeStepPerSequenceSeconds, input.MaxBatchSize ?? ReplicaProfile.DefaultMaxBatchSize, input.KvCacheTokens, input.ColdStartSeconds, input.CostPerHour));
            }
            catch (ArgumentException exception)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{path}, profile [{i}]: {exception.Message}"), exception);
            }
        }

        return profiles;
    }
}
