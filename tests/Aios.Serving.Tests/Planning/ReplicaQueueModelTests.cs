using Aios.Scheduling.Model;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Serving.Tests.Planning;

public sealed class ReplicaQueueModelTests
{
    private static readonly ServedModel Model = new("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
    private static readonly TokenDistribution Prompts = TokenDistribution.Exponential(1000);
    private static readonly TokenDistribution Outputs = TokenDistribution.Exponential(200);
    private static readonly ReplicaProfile L4 = ReplicaProfile.Derive(Model, DeviceProfiles.L4, 1, 1100);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(3.5)]
    public void ExpectedOccupancy_SolvesLittlesLawForTheStepItPrices(double ratePerReplica)
    {
        var model = new ReplicaQueueModel(L4, 64, Prompts, Outputs, priceStepsAtOccupancy: true);

        double b = model.ExpectedOccupancy(4 * ratePerReplica, 4);

        // b = x·(E[p] + k·t(b)), k = (E[O] − 1)/(1 − x·E[p]), unless capped at the batch.
        double prefill = L4.PrefillSeconds(Prompts.Mean);
        double k = (Outputs.Mean - 1) / Math.Max(1e-9, 1 - (ratePerReplica * prefill));
        double littles = ratePerReplica * (prefill + (k * (L4.DecodeStepBaseSeconds + (L4.DecodeStepPerSequenceSeconds * b))));
        Assert.InRange(b, 1, model.EffectiveBatch);
        if (b < model.EffectiveBatch)
        {
            Assert.Equal(littles, b, 1e-9 * littles);
        }
        else
        {
            Assert.True(littles >= b - 1e-9, $"capped only where the load asks for more: {littles} < {b}");
        }
    }

    [Fact]
    public void ExpectedOccupancy_SaturatedOrIdle_IsTheBatchOrOne()
    {
        var model = new ReplicaQueueModel(L4, 64, Prompts, Outputs, priceStepsAtOccupancy: true);

        Assert.Equal(model.EffectiveBatch, model.ExpectedOccupancy(1000, 1));
        Assert.Equal(1, model.ExpectedOccupancy(0, 3));
        Assert.True(model.PricesStepsAtOccupancy);
        Assert.False(new ReplicaQueueModel(L4, 64, Prompts, Outputs).PricesStepsAtOccupancy);
    }

    [Property(MaxTest = 1000)]
    public Property OccupancyPricing_IsMinimalMonotoneAndNeverAboveFullBatchPricing(PositiveInt rateTenths, PositiveInt extraTenths, PositiveInt thresholdTenths, PositiveInt batchIndex)
    {
        double rate = 0.1 + (rateTenths.Get % 300 / 10.0);
        double higher = rate + (extraTenths.Get % 50 / 10.0);
        var objective = new LatencyObjective(LatencyMetric.TimeToFirstToken, 0.99, 1.5 + (thresholdTenths.Get % 100 / 10.0));
        int batch = 1 << (batchIndex.Get % 8);
        var occupancy = new ReplicaQueueModel(L4, batch, Prompts, Outputs, priceStepsAtOccupancy: true);
        var full = new ReplicaQueueModel(L4, batch, Prompts, Outputs);

        bool found = occupancy.TryMinimumReplicas(objective, rate, 1, 5000, out int replicas);
        occupancy.TryMinimumReplicas(objective, higher, 1, 5000, out int atHigher);
        full.TryMinimumReplicas(objective, rate, 1, 5000, out int atFull);

        return (found
            && occupancy.Predict(objective, rate, replicas).ObjectiveValueSeconds <= objective.ThresholdSeconds
            && (replicas == 1 || occupancy.Predict(objective, rate, replicas - 1).ObjectiveValueSeconds > objective.ThresholdSeconds)
            && replicas <= atHigher
            && replicas <= atFull).ToProperty();
    }

    [Theory]
    [InlineData(4, 0.3)]
    [InlineData(4, 0.5)]
    [InlineData(4, 0.6)]
    [InlineData(4, 0.7)]
    [InlineData(8, 0.5)]
    [InlineData(8, 0.7)]
    public void Predict_AtOccupancy_P99TtftAgreesWithTheReplay(int replicas, double ratePerReplica)
    {
        // Stated tolerance: the predicted p99 TTFT within 10 % of the replayed one (20 minutes of Poisson traffic, batch
        // 64, up to 0.7 requests/s per replica). Known limit: past the KV cache's knee (0.8/s per replica here: 2.4 s
        // replayed) both pricings underpredict, since the KV cache enters only through the mean-size effective batch.
        double rate = replicas * ratePerReplica;
        RequestTrace trace = PoissonTraffic.Generate(rate, 1200, Prompts, Outputs, seed: replicas);
        var objective = LatencyObjective.Parse("p99-ttft<=2s");
        var occupancy = new ReplicaQueueModel(L4, 64, Prompts, Outputs, priceStepsAtOccupancy: true);
        var full = new ReplicaQueueModel(L4, 64, Prompts, Outputs);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = L4, BatchLimit = 64, Replicas = replicas });

        double replayed = result.Percentile(LatencyMetric.TimeToFirstToken, 0.99);
        double predicted = occupancy.Predict(objective, rate, replicas).ObjectiveValueSeconds;
        Assert.Equal(replayed, predicted, replayed * 0.10);
        Assert.True(predicted <= full.Predict(objective, rate, replicas).ObjectiveValueSeconds, "pricing at the occupancy is never above a full batch");
    }
}
