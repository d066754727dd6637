// <snippet:serving-plan>
using Aios.Serving;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;
// </snippet:serving-plan>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of docs/serving.md (sections Deployment planning, Replay, Autoscaling, Monitoring).</summary>
public sealed class ServingSnippets
{
    [Fact]
    public void ServingDoc_PlansReplaysAndAutoscales()
    {
        // <snippet:serving-plan>
        // The cheapest deployment of an 8B model for 12 requests/s at p99 TTFT <= 2 s, checked by a replay.
        var model = new ServedModel("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
        DeploymentPlan plan = DeploymentPlanner.Plan(new DeploymentPlanRequest
        {
            Model = model,
            Rate = 12,
            PromptTokens = TokenDistribution.Exponential(1000),
            OutputTokens = TokenDistribution.Exponential(200),
            Objective = LatencyObjective.Parse("p99-ttft<=2s"),
            ReplayCheckSeconds = 600,
        });
        ServingPlan manifest = plan.ToServingPlan();     // device type, GPUs per replica, replicas, batch limit
        bool checkedByReplay = plan.ReplayMeetsObjective == true;

        // Replay an hour of traffic through L4 replicas under the Aios autoscaler.
        ReplicaProfile l4 = ReplicaProfile.Derive(model, DeviceProfiles.L4, gpusPerReplica: 1);
        RequestTrace traffic = PoissonTraffic.GenerateVarying(t => t < 1800 ? 4 : 8, 8, 3600, TokenDistribution.Exponential(1000), TokenDistribution.Exponential(200));
        Autoscaler aios = AutoscalerPresets.Create("aios", traffic, l4, batchLimit: 64, LatencyObjective.Parse("p99-ttft<=2s"));
        ReplayResult replay = ServingReplay.Run(traffic, new ReplayOptions { Profile = l4, BatchLimit = 64, Autoscaler = aios });
        Console.WriteLine($"{replay.Attainment(LatencyObjective.Parse("p99-ttft<=2s")):P1} within 2 s, {replay.GpuHours:0.#} GPU-hours");

        // A live service feeds a monitor (meter Aios.Serving) and asks the autoscaler every period.
        var monitor = new DeploymentMonitor();
        monitor.RecordArrival();
        monitor.SetState(queueLength: 1, inFlight: 30, busyReplicas: 2, readyReplicas: 2, pendingReplicas: 0);
        int desired = aios.Recommend(monitor.Observe());
        // </snippet:serving-plan>

        Assert.True(plan.Prediction.ObjectiveValueSeconds <= 2);
        Assert.Equal(plan.Replicas, manifest.Replicas);
        Assert.True(checkedByReplay);
        Assert.InRange(replay.Attainment(LatencyObjective.Parse("p99-ttft<=2s")), 0.95, 1);
        Assert.InRange(desired, 1, 1000);
    }
}
