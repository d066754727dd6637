using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Serving.Autoscaling;

/// <summary>
/// The four policies as the evaluation runs them, each configured as its documentation recommends for LLM serving:
/// <c>static</c> holds the planner's replicas for the trace's peak minute; <c>hpa</c> targets 70 % batch occupancy
/// (Kubernetes' defaults otherwise); <c>kpa</c> targets a concurrency of one batch at Knative's 70 % utilisation;
/// <c>aios</c> re-plans from the queueing model. The dynamic ones start with the planner's replicas for the first
/// minute's rate (the deployment was running).
/// </summary>
public static class AutoscalerPresets
{
    /// <summary>Gets the policy names: static, hpa, kpa, aios.</summary>
    public static IReadOnlyList<string> Names { get; } = ["static", "hpa", "kpa", "aios"];

    /// <summary>Creates the policy <paramref name="name"/> for replaying <paramref name="trace"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="trace">The trace (its peak and first minute size the static and initial replicas; its request sizes feed the models).</param>
    /// <param name="profile">The replica profile.</param>
    /// <param name="batchLimit">The replicas' batch limit: ≥ 1.</param>
    /// <param name="objective">The objective.</param>
    /// <param name="maxReplicas">The most replicas: ≥ 1.</param>
    /// <returns>A new policy (each replay needs its own).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a policy, or the trace is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public static Autoscaler Create(string name, RequestTrace trace, ReplicaProfile profile, int batchLimit, LatencyObjective objective, int maxReplicas = 1000)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReplicas, 1);
        if (trace.Count == 0)
        {
            throw new ArgumentException("trace must hold at least one request.", nameof(trace));
        }

        TokenDistribution prompt = TokenDistribution.PromptsOf(trace);
        TokenDistribution output = TokenDistribution.OutputsOf(trace);
        var model = new ReplicaQueueModel(profile, batchLimit, prompt, output);
        int initial = ReplicasFor(model, objective, FirstMinuteRate(trace), maxReplicas);
        return name.ToLowerInvariant() switch
        {
            "static" => Autoscaler.Static(ReplicasFor(model, objective, Math.Max(trace.PeakRate(60), trace.MeanRate), maxReplicas)),
            "hpa" => Autoscaler.Hpa(new HpaOptions { BatchLimit = model.EffectiveBatch, InitialReplicas = initial, MaxReplicas = maxReplicas }),
            "kpa" => Autoscaler.Kpa(new KpaOptions { TargetConcurrency = model.EffectiveBatch, InitialReplicas = initial, MaxReplicas = maxReplicas }),
            "aios" => Autoscaler.Aios(new AiosAutoscalerOptions
            {
                Profile = profile,
                BatchLimit = batchLimit,
                PromptTokens = prompt,
                OutputTokens = output,
                Objective = objective,
                InitialReplicas = initial,
                MaxReplicas = maxReplicas,
            }),
            _ => throw new ArgumentException($"name must be one of {string.Join(", ", Names)} (was '{name}').", nameof(name)),
        };
    }

    /// <summary>
    /// The replicas the model sizes for <paramref name="rate"/>; where no count meets the objective (a prefill alone
    /// exceeds it), the count that keeps the slots 70 % busy.
    /// </summary>
    private static int ReplicasFor(ReplicaQueueModel model, LatencyObjective objective, double rate, int maxReplicas)
    {
        if (model.TryMinimumReplicas(objective, rate, 1, maxReplicas, out int replicas))
        {
            return replicas;
        }

        return (int)Math.Clamp(Math.Ceiling(rate / (0.7 * model.ReplicaThroughput)), 1, maxReplicas);
    }

    private static double FirstMinuteRate(RequestTrace trace)
    {
        int count = 0;
        foreach (ServingRequest request in trace.Requests)
        {
            if (request.ArrivalTime >= 60)
            {
                break;
            }

            count++;
        }

        return count / 60.0;
    }
}
