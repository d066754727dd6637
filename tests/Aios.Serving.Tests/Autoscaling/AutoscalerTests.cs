using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;
using Aios.Serving.Simulation;

namespace Aios.Serving.Tests.Autoscaling;

public sealed class AutoscalerTests
{
    [Fact]
    public void Hpa_HighUsage_ScalesByTheRatio()
    {
        Autoscaler hpa = Autoscaler.Hpa(new HpaOptions { BatchLimit = 10, InitialReplicas = 4 });

        // 4 replicas holding 4 × 10 × 0.91 in flight: ratio 1.3 → ⌈4 × 1.3⌉ = 6.
        int desired = hpa.Recommend(Observation(15, ready: 4, inFlight: 36.4));

        Assert.Equal(6, desired);
    }

    [Fact]
    public void Hpa_WithinTolerance_KeepsTheReplicas()
    {
        Autoscaler hpa = Autoscaler.Hpa(new HpaOptions { BatchLimit = 10, InitialReplicas = 4 });

        Assert.Equal(4, hpa.Recommend(Observation(15, ready: 4, inFlight: 4 * 10 * 0.7 * 1.09)));
        Assert.Equal(4, hpa.Recommend(Observation(30, ready: 4, inFlight: 4 * 10 * 0.7 * 0.91)));
    }

    [Fact]
    public void Hpa_ScaleUp_IsLimitedToDoubleOrFourPods()
    {
        Autoscaler hpa = Autoscaler.Hpa(new HpaOptions { BatchLimit = 1, InitialReplicas = 2, TargetUtilization = 0.1 });

        Assert.Equal(6, hpa.Recommend(Observation(15, ready: 2, inFlight: 2)));
        Assert.Equal(20, Autoscaler.Hpa(new HpaOptions { BatchLimit = 1, InitialReplicas = 10, TargetUtilization = 0.1 }).Recommend(Observation(15, ready: 10, inFlight: 10)));
    }

    [Fact]
    public void Hpa_DoesNotScaleDownWithin300SecondsOfAHigherRecommendation()
    {
        Autoscaler hpa = Autoscaler.Hpa(new HpaOptions { BatchLimit = 10, InitialReplicas = 2 });
        int replicas = hpa.Recommend(Observation(15, ready: 2, inFlight: 2 * 10 * 0.7 * 2));
        Assert.Equal(4, replicas);

        var decisions = new List<int>();
        for (double time = 30; time <= 330; time += 15)
        {
            replicas = hpa.Recommend(Observation(time, ready: replicas, inFlight: 1));
            decisions.Add(replicas);
        }

        Assert.All(decisions[..^2], d => Assert.Equal(4, d));
        Assert.Equal(1, decisions[^1]);
    }

    [Fact]
    public void Hpa_PendingPods_CountAsIdleWhenScalingUp()
    {
        Autoscaler hpa = Autoscaler.Hpa(new HpaOptions { BatchLimit = 10, InitialReplicas = 4 });

        // Ready usage ratio 1.2 over 2 ready pods, but 2 more pending count as 0 %: 2 × 8.4 / (4 × 7) = 0.6 → no scale-up.
        Assert.Equal(4, hpa.Recommend(Observation(15, ready: 2, pending: 2, inFlight: 16.8)));
    }

    [Fact]
    public void Kpa_ThreeTimesBurst_PanicsAndDoesNotScaleDownWhilePanicking()
    {
        var kpa = (KpaAutoscaler)Autoscaler.Kpa(new KpaOptions { TargetConcurrency = 10, TargetUtilization = 1, InitialReplicas = 2 });
        int replicas = 2;
        for (double time = 2; time <= 60; time += 2)
        {
            replicas = kpa.Recommend(Observation(time, ready: replicas, concurrency: 20, interval: 2));
        }

        Assert.Equal(2, replicas);
        Assert.False(kpa.IsPanicking);

        replicas = kpa.Recommend(Observation(62, ready: 2, concurrency: 60, interval: 2));
        Assert.True(kpa.IsPanicking);
        Assert.True(replicas >= 4, $"panic follows the 6 s window: {replicas}");

        int peak = replicas;
        for (double time = 64; time < 120; time += 2)
        {
            replicas = kpa.Recommend(Observation(time, ready: replicas, concurrency: 5, interval: 2));
            Assert.True(replicas >= peak, $"no scale-down while panicking (at {time} s: {replicas} < {peak})");
        }

        for (double time = 120; time <= 200; time += 2)
        {
            replicas = kpa.Recommend(Observation(time, ready: replicas, concurrency: 5, interval: 2));
        }

        Assert.False(kpa.IsPanicking);
        Assert.Equal(1, replicas);
    }

    [Fact]
    public void Kpa_StableWindow_AveragesSixtySeconds()
    {
        Autoscaler kpa = Autoscaler.Kpa(new KpaOptions { TargetConcurrency = 10, TargetUtilization = 1, InitialReplicas = 4 });
        int replicas = 4;
        for (double time = 2; time <= 60; time += 2)
        {
            replicas = kpa.Recommend(Observation(time, ready: 4, concurrency: time <= 30 ? 40 : 20, interval: 2));
        }

        // Stable average 30 → ⌈30 / 10⌉ = 3; the ÷2 scale-down limit allows it.
        Assert.Equal(3, replicas);
    }

    [Fact]
    public void Aios_RisingRate_ScalesAheadAndHoldsOnADrop()
    {
        ReplicaProfile profile = new("test", 1, 4000, 0.03, 0.001, 256, 200_000, 60, 1);
        Autoscaler aios = Autoscaler.Aios(new AiosAutoscalerOptions
        {
            Profile = profile,
            BatchLimit = 32,
            PromptTokens = TokenDistribution.Fixed(1000),
            OutputTokens = TokenDistribution.Fixed(200),
            Objective = LatencyObjective.Parse("p99-ttft<=2s"),
            InitialReplicas = 1,
        });
        var model = new ReplicaQueueModel(profile, 32, TokenDistribution.Fixed(1000), TokenDistribution.Fixed(200));
        model.TryMinimumReplicas(LatencyObjective.Parse("p99-ttft<=2s"), 20, 1, 1000, out int forTwenty);

        int replicas = 1;
        for (double time = 5; time <= 300; time += 5)
        {
            replicas = aios.Recommend(Observation(time, ready: replicas, arrivals: (int)(time / 10 * 5), interval: 5));
        }

        Assert.True(replicas >= forTwenty, $"the forecast runs ahead of a rising rate: {replicas} < {forTwenty}");
        int high = replicas;
        for (double time = 305; time <= 360; time += 5)
        {
            replicas = aios.Recommend(Observation(time, ready: replicas, arrivals: 5, interval: 5));
        }

        Assert.Equal(high, replicas);
        for (double time = 365; time <= 1000; time += 5)
        {
            replicas = aios.Recommend(Observation(time, ready: replicas, arrivals: 5, interval: 5));
        }

        Assert.True(replicas < high / 2, $"released after the hysteresis and the burst look-back (600 s): {replicas}");
        Assert.False(double.IsNaN(aios.PredictedWaitSeconds));
    }

    [Fact]
    public void Aios_Calibration_MovesBothWaysWithinItsBounds()
    {
        var aios = (AiosAutoscaler)Autoscaler.Aios(AiosOptions(new AiosAutoscalerOptions { CalibrationMin = 0.8, CalibrationMax = 1.3 }));
        double time = 0;
        DeploymentObservation Next(double p99, double wait, int pending = 0) => Calibrating(time += 5, ready: 4, pending, p99, wait);

        // A miss while replicas are starting is the cold start's lag: not counted.
        aios.Recommend(Next(p99: 5, wait: 1, pending: 2));
        Assert.Equal(1, aios.Correction);

        // Misses with queueing: up, never past the ceiling.
        aios.Recommend(Next(p99: 5, wait: 1));
        Assert.True(aios.Correction > 1);
        for (int i = 0; i < 100; i++)
        {
            aios.Recommend(Next(p99: 5, wait: 1));
            Assert.InRange(aios.Correction, 1, 1.3);
        }

        Assert.Equal(1.3, aios.Correction, 1e-12);

        // Met without slack (p99 above half the bound): relaxes to the model, not below.
        for (int i = 0; i < 200; i++)
        {
            aios.Recommend(Next(p99: 1.5, wait: 0));
        }

        Assert.Equal(1, aios.Correction, 1e-12);

        // Slack (p99 under half the bound, no queue): down, slowly, never past the floor.
        aios.Recommend(Next(p99: 0.5, wait: 0));
        Assert.InRange(aios.Correction, 0.99, 1 - 1e-9);
        for (int i = 0; i < 500; i++)
        {
            aios.Recommend(Next(p99: 0.5, wait: 0));
            Assert.InRange(aios.Correction, 0.8, 1);
        }

        Assert.Equal(0.8, aios.Correction, 1e-12);

        // The default floor is 1: slack alone never plans below the model.
        var byDefault = (AiosAutoscaler)Autoscaler.Aios(AiosOptions(new AiosAutoscalerOptions()));
        for (int i = 0; i < 100; i++)
        {
            byDefault.Recommend(Calibrating(5 * (i + 1), ready: 4, pending: 0, p99: 0.5, wait: 0));
        }

        Assert.Equal(1, byDefault.Correction);
    }

    [Fact]
    public void Aios_SmoothDecline_IsNotABurstAndIsReleased()
    {
        Autoscaler aios = Autoscaler.Aios(AiosOptions(new AiosAutoscalerOptions { InitialReplicas = 1 }));
        int replicas = 1, peak = 0;
        for (double time = 5; time <= 1200; time += 5)
        {
            // 20/s for 5 minutes, then down to 5/s over 10 minutes (a trend, not bursts), then 5/s.
            double rate = time <= 300 ? 20 : Math.Max(5, 20 - ((time - 300) / 600 * 15));
            replicas = aios.Recommend(Observation(time, ready: replicas, arrivals: (int)Math.Round(rate * 5), interval: 5));
            peak = Math.Max(peak, replicas);
        }

        // With the counts' raw variance the decline read as over-dispersed and held the 20/s level for the look-back.
        Assert.True(replicas < peak * 0.6, $"released within the hold after the decline: {replicas} of {peak}");
    }

    [Fact]
    public void Aios_Bursts_HoldTheLevelThatServedThemUntilTheyStop()
    {
        Autoscaler aios = Autoscaler.Aios(AiosOptions(new AiosAutoscalerOptions { InitialReplicas = 1 }));
        int replicas = 1, atTheBursts = 0;
        for (double time = 5; time <= 2400; time += 5)
        {
            // A burst of 60/s, then bursts of 20/s for 30 s every 2 minutes (shorter than the 60 s cold start) for 15
            // minutes, then 1/s. Once the large burst has left the 600 s look-back (t > 630 s) the bursts alone ask for
            // less, but the level recommended within the look-back is held while the traffic stays bursty.
            bool burst = time <= 900 && time % 120 > 0 && time % 120 <= 30;
            int arrivals = time <= 30 ? 300 : burst ? 100 : 5;
            replicas = aios.Recommend(Observation(time, ready: replicas, arrivals: arrivals, interval: 5));
            if (time == 600)
            {
                atTheBursts = replicas;
            }
            else if (time is > 600 and <= 1100)
            {
                Assert.True(replicas >= atTheBursts, $"held between bursts at {time} s: {replicas} < {atTheBursts}");
            }
        }

        Assert.True(replicas < atTheBursts / 2, $"released once the bursts stopped for the look-back: {replicas} of {atTheBursts}");
    }

    [Fact]
    public void Static_AlwaysWantsItsReplicas()
    {
        Autoscaler policy = Autoscaler.Static(7);

        Assert.Equal(7, policy.InitialReplicas);
        Assert.Equal(7, policy.Recommend(Observation(60, ready: 3, inFlight: 1000)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Autoscaler.Static(0));
    }

    [Fact]
    public void Options_Invalid_AreRefusedWithTheirNames()
    {
        Assert.Equal("TargetUtilization", Assert.Throws<ArgumentOutOfRangeException>(() => Autoscaler.Hpa(new HpaOptions { TargetUtilization = 0 })).ParamName);
        Assert.Equal("PanicThresholdPercent", Assert.Throws<ArgumentOutOfRangeException>(() => Autoscaler.Kpa(new KpaOptions { PanicThresholdPercent = 50 })).ParamName);
        Assert.Equal("Profile", Assert.Throws<ArgumentNullException>(() => Autoscaler.Aios(new AiosAutoscalerOptions())).ParamName);
    }

    private static AiosAutoscalerOptions AiosOptions(AiosAutoscalerOptions options)
    {
        options.Profile = new ReplicaProfile("test", 1, 4000, 0.03, 0.001, 256, 200_000, 60, 1);
        options.BatchLimit = 32;
        options.PromptTokens = TokenDistribution.Fixed(1000);
        options.OutputTokens = TokenDistribution.Fixed(200);
        options.Objective = LatencyObjective.Parse("p99-ttft<=2s");
        options.InitialReplicas = Math.Max(options.InitialReplicas, 4);
        return options;
    }

    private static DeploymentObservation Calibrating(double time, int ready, int pending, double p99, double wait) => Observation(time, ready, pending, arrivals: 20, interval: 5) with
    {
        P99TimeToFirstTokenSeconds = p99,
        MaxTimeToFirstTokenSeconds = p99,
        MeanWaitSeconds = wait,
    };

    private static DeploymentObservation Observation(double time, int ready, int pending = 0, double inFlight = 0, double concurrency = double.NaN, int arrivals = 0, double interval = 15) => new()
    {
        Time = time,
        IntervalSeconds = interval,
        Arrivals = arrivals,
        ArrivalScv = 1,
        QueueLength = 0,
        InFlight = (int)inFlight,
        MeanInFlight = inFlight,
        MeanConcurrency = double.IsNaN(concurrency) ? inFlight : concurrency,
        MeanBusyFraction = 0.5,
        ReadyReplicas = ready,
        PendingReplicas = pending,
        Admitted = arrivals,
        MeanWaitSeconds = 0,
        MaxTimeToFirstTokenSeconds = double.NaN,
        P99TimeToFirstTokenSeconds = double.NaN,
        WaitDrift = double.NaN,
        IsDrifting = false,
    };
}
