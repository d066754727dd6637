using Aios.Queueing;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Serving.Tests.Simulation;

public sealed class ServingReplayTests
{
    private static readonly ReplicaProfile Profile = new("test", 1, prefillTokensPerSecond: 1000, decodeStepBaseSeconds: 0.02, decodeStepPerSequenceSeconds: 0.001, maxBatchSize: 64, kvCacheTokens: 100_000, coldStartSeconds: 30, costPerHour: 2);

    [Fact]
    public void Run_OneRequest_TtftIsThePrefillAndE2eAddsTheSteps()
    {
        var trace = new RequestTrace("one", [new ServingRequest(0, 500, 11)]);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile });

        Assert.Equal(0.5, result.TimeToFirstTokenSeconds[0], 12);
        Assert.Equal(0.5 + (10 * 0.021), result.EndToEndSeconds[0], 12);
        Assert.Equal(0, result.WaitSeconds[0]);
        Assert.Equal(result.EndToEndSeconds[0] / 3600, result.GpuHours, 12);
        Assert.Equal(2 * result.GpuHours, result.Cost, 12);
    }

    [Fact]
    public void Run_TwoRequestsTogether_ShareTheIterations()
    {
        var trace = new RequestTrace("two", [new ServingRequest(0, 100, 3), new ServingRequest(0.05, 100, 3)]);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile });

        // The second waits for the first's prefill iteration (0.1 s), then prefills with the first's decode step.
        Assert.Equal(0.05, result.WaitSeconds[1], 12);
        Assert.Equal(0.1 + 0.1 + 0.021 - 0.05, result.TimeToFirstTokenSeconds[1], 12);
        Assert.Equal(0.1, result.TimeToFirstTokenSeconds[0], 12);
    }

    [Fact]
    public void Run_RequestBeyondTheKvCache_IsRejected()
    {
        var trace = new RequestTrace("big", [new ServingRequest(0, 99_999, 10), new ServingRequest(1, 10, 10)]);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile });

        Assert.Equal(1, result.Rejected);
        Assert.True(double.IsPositiveInfinity(result.TimeToFirstTokenSeconds[0]));
        Assert.Equal(0.5, result.Attainment(LatencyObjective.Parse("p99-ttft<=1s")));
    }

    [Theory]
    [InlineData(1, 0.7)]
    [InlineData(4, 0.8)]
    [InlineData(16, 0.85)]
    public void Run_BatchingOff_AgreesWithMMc(int replicas, double utilization)
    {
        // Service = prefill of 1 token + (O − 1) steps of t(1), O geometric with mean ≈ 101: nearly exponential, so M/M/c.
        TokenDistribution output = TokenDistribution.Exponential(100);
        double service = Profile.PrefillSeconds(1) + ((output.Mean - 1) * Profile.DecodeStepSeconds(1));
        double rate = utilization * replicas / service;
        RequestTrace trace = PoissonTraffic.Generate(rate, 200_000 / rate, TokenDistribution.Fixed(1), output, seed: replicas);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile, BatchLimit = 1, Replicas = replicas });

        double expected = new MMcQueue(rate, 1 / service, replicas).Evaluate().MeanWaitingTime;
        double scv = output.SquaredCoefficientOfVariation * Math.Pow((output.Mean - 1) * Profile.DecodeStepSeconds(1) / service, 2);
        double allenCunneen = new GGcQueue(rate, 1 / service, replicas, 1, scv).Evaluate().MeanWaitingTime;
        // Stated tolerance: 12 % of the M/M/c mean wait (200,000 requests; the service SCV is 0.99, so
        // Allen–Cunneen and M/M/c differ by 0.5 %).
        Assert.Equal(expected, result.Mean(LatencyMetric.Wait), expected * 0.12);
        Assert.Equal(expected, allenCunneen, expected * 0.01);
    }

    [Fact]
    public void Run_ScaleUp_ReplicasServeAfterTheColdStartAndCountFromTheRequest()
    {
        RequestTrace trace = PoissonTraffic.Generate(2, 300, TokenDistribution.Fixed(100), TokenDistribution.Fixed(20), seed: 5);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile, Autoscaler = new StepAutoscaler(1, 3, at: 100), WindowSeconds = 10 });

        ReplayWindow pending = result.Windows.Single(w => w.Start == 100);
        ReplayWindow ready = result.Windows.Single(w => w.Start == 130);
        Assert.Equal((1, 2), (pending.ReadyReplicas, pending.PendingReplicas));
        Assert.Equal((3, 0), (ready.ReadyReplicas, ready.PendingReplicas));
        Assert.Equal(((result.EndTime * 1) + (2 * (result.EndTime - 100))) / 3600, result.GpuHours, 9);
        Assert.Equal(3, result.ReplicaStarts);
    }

    [Fact]
    public void Run_ScaleDown_DrainsBeforeStopping()
    {
        var requests = Enumerable.Range(0, 40).Select(i => new ServingRequest(i * 0.1, 100, 2000)).ToList();
        var trace = new RequestTrace("long", requests);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = Profile, Autoscaler = new StepAutoscaler(4, 1, at: 5), WindowSeconds = 5 });

        Assert.All(result.EndToEndSeconds, e2e => Assert.True(double.IsFinite(e2e)));
        Assert.Equal(1, result.Windows[^1].ReadyReplicas);
        Assert.True(result.GpuHours * 3600 > result.EndTime + (3 * 5), "drained replicas are held until their sequences finish");
    }

    [Fact]
    public void Run_SameInputs_SameResult()
    {
        RequestTrace trace = PoissonTraffic.Generate(5, 600, TokenDistribution.Exponential(500), TokenDistribution.Exponential(100), seed: 2);
        var options = new ReplayOptions { Profile = Profile, BatchLimit = 16, Replicas = 2 };

        ReplayResult first = ServingReplay.Run(trace, options);
        ReplayResult second = ServingReplay.Run(trace, options);

        Assert.Equal(first.TimeToFirstTokenSeconds, second.TimeToFirstTokenSeconds);
        Assert.Equal(first.GpuHours, second.GpuHours);
    }

    [Fact]
    public void Run_ConversationTrace_ReplaysEveryRequest()
    {
        RequestTrace trace = ServingTestData.RequireConversation();
        var model = new ServedModel("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };
        ReplicaProfile profile = ReplicaProfile.Derive(model, DeviceProfiles.L4, 1, 1260);

        ReplayResult result = ServingReplay.Run(trace, new ReplayOptions { Profile = profile, BatchLimit = 64, Replicas = 11 });

        Assert.Equal(19_366, result.Requests);
        Assert.Equal(0, result.Rejected);
        Assert.All(result.TimeToFirstTokenSeconds, ttft => Assert.True(ttft > 0 && double.IsFinite(ttft)));
        Assert.InRange(result.Attainment(LatencyObjective.Parse("p99-ttft<=2s")), 0.99, 1);
        Assert.InRange(result.Windows.Count, 58, 61);
    }

    [Fact]
    public void Run_MissingProfile_NamesTheOption()
    {
        ArgumentException error = Assert.Throws<ArgumentNullException>(() => ServingReplay.Run(new RequestTrace("x", []), new ReplayOptions()));

        Assert.Equal("Profile", error.ParamName);
    }

    private sealed class StepAutoscaler(int before, int after, double at) : Autoscaler
    {
        public override string Name => "step";

        public override double PeriodSeconds => 1;

        public override int InitialReplicas => before;

        public override int Recommend(in DeploymentObservation observation) => observation.Time >= at ? after : before;
    }
}
