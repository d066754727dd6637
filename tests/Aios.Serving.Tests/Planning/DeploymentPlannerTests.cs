using Aios.Scheduling.Model;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Serving.Tests.Planning;

public sealed class DeploymentPlannerTests
{
    private static readonly ServedModel Model = new("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
    private static readonly TokenDistribution Prompts = TokenDistribution.Exponential(1000);
    private static readonly TokenDistribution Outputs = TokenDistribution.Exponential(200);
    private static readonly ReplicaProfile L4 = ReplicaProfile.Derive(Model, DeviceProfiles.L4, 1, 1100);

    [Fact]
    public void Plan_TwelvePerSecond_IsCheapestMinimalAndReplayed()
    {
        DeploymentPlan plan = DeploymentPlanner.Plan(Request(12, "p99-ttft<=2s", replaySeconds: 900));

        Assert.True(plan.Prediction.ObjectiveValueSeconds <= 2);
        Assert.True(plan.OneFewer is null || plan.OneFewer.Value.ObjectiveValueSeconds > 2);
        Assert.NotNull(plan.Replay);
        Assert.InRange(plan.Replay.Requests, 9000, 12_000);
        Assert.Equal(new ServingPlan("llama-3-8b", plan.Profile.DeviceType, plan.Profile.GpusPerReplica, plan.Replicas, plan.BatchLimit), plan.ToServingPlan());
        Assert.True(plan.CandidatesConsidered > 10);
    }

    [Fact]
    public void Plan_WithInventory_PlacesEveryReplicaOnItsType()
    {
        ClusterSpec cluster = ClusterSpec.FromGpuCounts([new("l4", 64), new("a100", 0)], gpusPerNode: 8);
        DeploymentPlanRequest request = Request(6, "p99-ttft<=3s", replaySeconds: 0);
        request.Inventory = cluster;

        DeploymentPlan plan = DeploymentPlanner.Plan(request);

        Assert.Equal("l4", plan.Profile.DeviceType);
        Assert.Equal(plan.Gpus, plan.Placement.Sum(slice => slice.Count * slice.Replicas));
        Assert.All(plan.Placement, slice => Assert.Equal("l4", slice.DeviceType));
    }

    [Fact]
    public void TryPlan_InventoryTooSmall_SaysWhy()
    {
        DeploymentPlanRequest request = Request(50, "p99-ttft<=2s", replaySeconds: 0);
        request.Inventory = ClusterSpec.FromGpuCounts([new("l4", 2)], gpusPerNode: 8);

        Assert.False(DeploymentPlanner.TryPlan(request, out _, out string? reason));
        Assert.Contains("no replica profile meets p99-ttft<=2s", reason, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => DeploymentPlanner.Plan(request));
    }

    [Fact]
    public void Plan_MissingObjective_NamesIt()
    {
        DeploymentPlanRequest request = Request(1, "p99-ttft<=2s", 0);
        request.Objective = null;

        ArgumentException error = Assert.Throws<ArgumentNullException>(() => DeploymentPlanner.Plan(request));
        Assert.Equal("Objective", error.ParamName);
    }

    [Property(MaxTest = 3000)]
    public Property MinimumReplicas_IsMinimal(PositiveInt rateTenths, PositiveInt thresholdTenths, PositiveInt batchIndex)
    {
        double rate = 0.1 + (rateTenths.Get % 300 / 10.0);
        var objective = new LatencyObjective(LatencyMetric.TimeToFirstToken, 0.99, 1.5 + (thresholdTenths.Get % 100 / 10.0));
        var model = new ReplicaQueueModel(L4, 1 << (batchIndex.Get % 8), Prompts, Outputs);

        bool found = model.TryMinimumReplicas(objective, rate, 1, 5000, out int replicas);

        return (found
            && model.Predict(objective, rate, replicas).ObjectiveValueSeconds <= objective.ThresholdSeconds
            && (replicas == 1 || model.Predict(objective, rate, replicas - 1).ObjectiveValueSeconds > objective.ThresholdSeconds)).ToProperty();
    }

    [Property(MaxTest = 3000)]
    public Property MinimumReplicas_IsMonotoneInRateAndObjective(PositiveInt rateTenths, PositiveInt extraTenths, PositiveInt thresholdTenths, PositiveInt batchIndex)
    {
        double rate = 0.1 + (rateTenths.Get % 300 / 10.0);
        double higher = rate + (extraTenths.Get % 50 / 10.0);
        double threshold = 1.5 + (thresholdTenths.Get % 100 / 10.0);
        var model = new ReplicaQueueModel(L4, 1 << (batchIndex.Get % 8), Prompts, Outputs);
        var objective = new LatencyObjective(LatencyMetric.TimeToFirstToken, 0.99, threshold);
        var looser = new LatencyObjective(LatencyMetric.TimeToFirstToken, 0.99, threshold * 1.5);

        model.TryMinimumReplicas(objective, rate, 1, 5000, out int atRate);
        model.TryMinimumReplicas(objective, higher, 1, 5000, out int atHigher);
        model.TryMinimumReplicas(looser, rate, 1, 5000, out int atLooser);

        return (atRate <= atHigher && atLooser <= atRate).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Plan_CostIsMonotoneInRateAndObjective(PositiveInt rateTenths, PositiveInt extraTenths, PositiveInt thresholdTenths)
    {
        double rate = 0.5 + (rateTenths.Get % 200 / 10.0);
        double higher = rate + (extraTenths.Get % 50 / 10.0);
        double threshold = 1 + (thresholdTenths.Get % 40 / 10.0);
        string objective = $"p99-ttft<={threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}s";
        string looser = $"p99-ttft<={(threshold * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)}s";

        double cost = DeploymentPlanner.Plan(Request(rate, objective, 0)).CostPerHour;
        double costHigher = DeploymentPlanner.Plan(Request(higher, objective, 0)).CostPerHour;
        double costLooser = DeploymentPlanner.Plan(Request(rate, looser, 0)).CostPerHour;

        return (cost <= costHigher + 1e-9 && costLooser <= cost + 1e-9).ToProperty();
    }

    private static DeploymentPlanRequest Request(double rate, string objective, double replaySeconds) => new()
    {
        Model = Model,
        Rate = rate,
        PromptTokens = Prompts,
        OutputTokens = Outputs,
        Objective = LatencyObjective.Parse(objective),
        ReplayCheckSeconds = replaySeconds,
    };
}
