using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;
using Aios.Scheduling.Traces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class RoundSimulatorTests
{
    // A small table in Gavel's format: job types A and B at scale factors 1 and 2 on k80 and v100, with pair
    // throughputs on v100 (A+B pays: 0.8 + 0.7 = 1.5 normalised; A+A does not: 0.5 + 0.5 = 1) and a pair the table
    // does not know ([0, 0]).
    internal const string Table = """
        {
          "k80": {
            "('A', 1)": {"null": 1.0}, "('B', 1)": {"null": 2.0}, "('A', 2)": {"null": 1.8}, "('B', 2)": {"null": 3.6}
          },
          "v100": {
            "('A', 1)": {"null": 10.0, "('B', 1)": [8.0, 2.1], "('A', 1)": [5.0, 5.0]},
            "('B', 1)": {"null": 3.0, "('A', 1)": [2.1, 8.0], "('B', 1)": [0.0, 0.0]},
            "('A', 2)": {"null": 18.0, "('B', 2)": [14.4, 3.6]},
            "('B', 2)": {"null": 5.4, "('A', 2)": [3.6, 14.4]}
          }
        }
        """;

    private static readonly GavelThroughputs SmallTable = GavelThroughputs.Parse(Table);

    private static RoundJob Job(string id, double submit, double steps, double k80, double v100, int scale = 1, string? type = null) =>
        new(id, submit, scale, steps, new Dictionary<string, double> { ["k80"] = k80, ["v100"] = v100 }) { JobType = type };

    private static ClusterSpec Cluster(int k80, int v100, int perServer) =>
        ClusterSpec.FromGpuCounts(new KeyValuePair<string, int>[] { new("k80", k80), new("v100", v100) }.Where(pair => pair.Value > 0), perServer);

    [Fact]
    public void Run_TwoEqualJobsOneGpu_EachRunsHalfTheRoundsInTurn()
    {
        var placements = new List<string>();
        var options = new RoundSimulationOptions { Policy = RoundPolicy.GavelLas, RoundObserver = round => placements.Add(Assert.Single(round.Placements).JobIds[0]) };
        var simulator = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), options);

        // Each needs 10 rounds alone (1 step/s, 3,600 steps).
        RoundSimulationResult result = simulator.Run([Job("a", 0, 3600, 0, 1), Job("b", 0, 3600, 0, 1)], TestContext.Current.CancellationToken);

        Assert.Equal(20, placements.Count);
        for (int round = 0; round + 1 < 18; round += 2)
        {
            Assert.NotEqual(placements[round], placements[round + 1]);
        }

        Assert.Equal(10, placements.Count(id => id == "a"));
        Assert.Equal(2, result.Completed);
        Assert.Equal(20 * 360, result.Makespan, 6);
        Assert.Equal([19 * 360.0, 20 * 360.0], result.Outcomes.Select(outcome => outcome.FinishTime).Order());
        Assert.Equal(2, result.AllocationSolves); // at the start and when the first job finishes
        Assert.Equal(1.0, result.Utilization, 9);

        // A preemption: a job ran in one round, not in the next, and runs again later (it was not finished).
        int preempted = Enumerable.Range(0, placements.Count - 1).Count(i => placements[i + 1] != placements[i] && placements.Skip(i + 1).Contains(placements[i]));
        Assert.Equal(preempted, result.Preemptions);
        Assert.InRange(result.Preemptions, 9, 19);
    }

    [Fact]
    public void Run_JobFasterOnV100_GetsTheV100AndTheOtherTheK80()
    {
        // a: 10× faster on v100; b: 2× faster on k80. Max-min gives b the whole k80 (normalised 2/1.5) and a at least
        // 73% of the v100, never the k80.
        var where = new Dictionary<string, HashSet<string>> { ["a"] = [], ["b"] = [] };
        var options = new RoundSimulationOptions { RoundObserver = round => { foreach (RoundPlacement placement in round.Placements) { where[placement.JobIds[0]].Add(placement.DeviceType); } } };
        var simulator = new RoundSimulator(Cluster(1, 1, 1), options);

        simulator.Run([Job("a", 0, 36_000, 1, 10), Job("b", 0, 3_600, 2, 1)], TestContext.Current.CancellationToken);

        Assert.Equal(["v100"], where["a"]);
        Assert.Equal(["k80"], where["b"]);
    }

    [Fact]
    public void Run_HeterogeneityAwareVersusAgnostic_AwareFinishesSooner()
    {
        // Four jobs on 2 k80 + 2 v100: two gain 10× on v100, two gain nothing. The aware policy keeps the v100s for the
        // first pair; the agnostic one gives every job the same share of each type.
        RoundJob[] jobs = [Job("fast1", 0, 100_000, 1, 10), Job("fast2", 0, 100_000, 1, 10), Job("flat1", 0, 10_000, 1, 1), Job("flat2", 0, 10_000, 1, 1)];

        RoundSimulationResult aware = new RoundSimulator(Cluster(2, 2, 2), new RoundSimulationOptions { Policy = RoundPolicy.GavelLas }).Run(jobs, TestContext.Current.CancellationToken);
        RoundSimulationResult agnostic = new RoundSimulator(Cluster(2, 2, 2), new RoundSimulationOptions { Policy = RoundPolicy.GavelLasAgnostic }).Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(4, aware.Completed);
        Assert.Equal(4, agnostic.Completed);
        Assert.True(aware.MeanJct < 0.9 * agnostic.MeanJct, $"aware {aware.MeanJct} s, agnostic {agnostic.MeanJct} s");
    }

    [Fact]
    public void Run_PriorityFavoursTheJobThatReceivedLessThanItsShare()
    {
        // a arrives first and runs alone for two rounds; when b arrives both are owed half of the GPU, and b, which has
        // received nothing, has priority +∞ and runs next; then a (2 of 3 rounds received, priority 0.75) beats b (1 of 1, 0.5).
        var placements = new List<string>();
        var options = new RoundSimulationOptions { RoundObserver = round => placements.Add(Assert.Single(round.Placements).JobIds[0]) };
        var simulator = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), options);

        simulator.Run([Job("a", 0, 3600, 0, 1), Job("b", 700, 720, 0, 1)], TestContext.Current.CancellationToken);

        Assert.Equal(["a", "a", "b", "a"], placements.Take(4));
    }

    [Fact]
    public void Run_MultiGpuJobOnSmallServers_IsSpreadAndRunsAtItsUnconsolidatedThroughput()
    {
        var rates = new List<(double Rate, bool Spread)>();
        var options = new RoundSimulationOptions { RoundObserver = round => rates.AddRange(round.Placements.Select(placement => (placement.StepsPerSecond[0], placement.Spread))) };
        var simulator = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 8)], 4), options);
        RoundJob job = new("a", 0, 8, 7200, new Dictionary<string, double> { ["v100"] = 10 }) { UnconsolidatedThroughputs = new Dictionary<string, double> { ["v100"] = 5 } };

        RoundSimulationResult result = simulator.Run([job], TestContext.Current.CancellationToken);

        Assert.All(rates, rate => Assert.Equal((5.0, true), rate));
        Assert.Equal(1440, result.MeanJct, 6);
    }

    [Fact]
    public void Run_SrtfPacked_PairsJobsWhoseSharingPaysAndFinishesSooner()
    {
        int shared = 0;
        var options = new RoundSimulationOptions { Policy = RoundPolicy.SrtfPacked, Colocation = SmallTable, RoundObserver = round => shared += round.Placements.Count(placement => placement.JobIds.Length == 2) };
        RoundJob[] jobs = [Job("a", 0, 36_000, 1, 10, type: "A"), Job("b", 0, 10_800, 2, 3, type: "B")];

        RoundSimulationResult packed = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), options).Run(jobs, TestContext.Current.CancellationToken);
        RoundSimulationResult srtf = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), new RoundSimulationOptions { Policy = RoundPolicy.Srtf }).Run(jobs, TestContext.Current.CancellationToken);

        Assert.True(shared > 0);
        Assert.True(packed.SharedJobRounds > 0);
        Assert.True(packed.Makespan < srtf.Makespan, $"packed {packed.Makespan} s, srtf {srtf.Makespan} s");
        Assert.Equal(0, srtf.SharedJobRounds);
    }

    [Fact]
    public void Run_SpaceSharingNeverPairsWhatTheTableDoesNotKnow()
    {
        // Two B jobs: their pair is [0, 0] in the table, so they must take turns.
        int shared = 0;
        var options = new RoundSimulationOptions { Policy = RoundPolicy.GavelLasSpaceSharing, Colocation = SmallTable, RoundObserver = round => shared += round.Placements.Count(placement => placement.JobIds.Length == 2) };

        RoundSimulationResult result = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), options).Run([Job("b1", 0, 10_800, 0, 3, type: "B"), Job("b2", 0, 10_800, 0, 3, type: "B")], TestContext.Current.CancellationToken);

        Assert.Equal(0, shared);
        Assert.Equal(2, result.Completed);
    }

    [Fact]
    public void Run_SpaceSharingWithAPayingPair_SharesAndBeatsMaxMinWithoutSharing()
    {
        RoundJob[] jobs = [Job("a", 0, 36_000, 0, 10, type: "A"), Job("b", 0, 10_800, 0, 3, type: "B")];

        RoundSimulationResult shared = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), new RoundSimulationOptions { Policy = RoundPolicy.GavelLasSpaceSharing, Colocation = SmallTable }).Run(jobs, TestContext.Current.CancellationToken);
        RoundSimulationResult alone = new RoundSimulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), new RoundSimulationOptions { Policy = RoundPolicy.GavelLas }).Run(jobs, TestContext.Current.CancellationToken);

        Assert.True(shared.SharedJobRounds > 0);
        Assert.True(shared.MeanJct < alone.MeanJct, $"shared {shared.MeanJct} s, alone {alone.MeanJct} s");
    }

    [Fact]
    public void Run_CoreEngineJobs_FinishAtTheirThroughputOnTheFastestType()
    {
        var trace = new TraceJob("g", 0, 1) { TotalSteps = 1000, Throughputs = new Dictionary<string, double> { ["k80"] = 2, ["v100"] = 10 } };
        var converter = new Aios.Scheduling.Simulation.TraceJobConverter(4);

        RoundSimulationResult result = new RoundSimulator(Cluster(4, 4, 4)).RunSimulationJobs([converter.ToSimulationJob(trace)], TestContext.Current.CancellationToken);

        Assert.Equal(100, result.MeanJct, 6);
        Assert.Equal("gavel-las", result.PolicyName);
    }

    [Theory]
    [InlineData(nameof(RoundSimulationOptions.RoundSeconds), 0.0)]
    [InlineData(nameof(RoundSimulationOptions.RoundSeconds), double.NaN)]
    [InlineData(nameof(RoundSimulationOptions.PackingThreshold), 0.9)]
    [InlineData(nameof(RoundSimulationOptions.SampleIntervalSeconds), -1.0)]
    [InlineData(nameof(RoundSimulationOptions.MaxPartnersPerJob), 0.0)]
    [InlineData(nameof(RoundSimulationOptions.MaxRounds), 0.0)]
    public void Constructor_OptionOutOfRange_ThrowsNamingIt(string option, double value)
    {
        var options = new RoundSimulationOptions();
        switch (option)
        {
            case nameof(RoundSimulationOptions.RoundSeconds): options.RoundSeconds = value; break;
            case nameof(RoundSimulationOptions.PackingThreshold): options.PackingThreshold = value; break;
            case nameof(RoundSimulationOptions.SampleIntervalSeconds): options.SampleIntervalSeconds = value; break;
            case nameof(RoundSimulationOptions.MaxPartnersPerJob): options.MaxPartnersPerJob = (int)value; break;
            default: options.MaxRounds = (long)value; break;
        }

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new RoundSimulator(Cluster(1, 1, 1), options));

        Assert.Equal("options." + option, exception.ParamName);
    }

    [Fact]
    public void Run_MoreRoundsThanAllowed_ThrowsAndCancellationStops()
    {
        var simulator = new RoundSimulator(Cluster(1, 1, 1), new RoundSimulationOptions { MaxRounds = 5 });

        Assert.Throws<InvalidOperationException>(() => simulator.Run([Job("a", 0, 1e6, 1, 1)], TestContext.Current.CancellationToken));
        Assert.Throws<OperationCanceledException>(() => simulator.Run([Job("a", 0, 10, 1, 1)], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Constructor_SharingPolicyWithoutTable_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RoundSimulator(Cluster(1, 1, 1), new RoundSimulationOptions { Policy = RoundPolicy.SrtfPacked }));
    }

    [Fact]
    public void Run_JobThatFitsNowhere_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => new RoundSimulator(Cluster(1, 1, 1)).Run([Job("a", 0, 10, 1, 1, scale: 2)], TestContext.Current.CancellationToken));

        Assert.Contains("'a'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_RoundTripThroughTryParse()
    {
        foreach (RoundPolicy policy in Enum.GetValues<RoundPolicy>())
        {
            Assert.True(RoundPolicies.TryParse(RoundPolicies.Name(policy).ToUpperInvariant(), out RoundPolicy parsed));
            Assert.Equal(policy, parsed);
        }

        Assert.False(RoundPolicies.TryParse("gavel", out _));
        Assert.Equal(RoundPolicies.Names.Count, Enum.GetValues<RoundPolicy>().Length);
    }

    // Invariants over random small workloads and every policy: no device type over its GPUs in any round, no job
    // twice in a round, a pair only of equal scale factor and on one server's worth of GPUs, each job's steps done
    // exactly (conservation of work), and it finishes exactly when its last step is done.
    [Property(MaxTest = 1500)]
    public Property Run_RandomWorkloads_KeepCapacityAndConserveWork() => Prop.ForAll(
        Workloads().ToArbitrary(),
        workload =>
        {
            (RoundPolicy policy, RoundJob[] jobs, int k80, int v100, int perServer) = workload;
            var done = jobs.ToDictionary(job => job.Id, _ => 0.0, StringComparer.Ordinal);
            var finish = new Dictionary<string, double>(StringComparer.Ordinal);
            var capacity = new Dictionary<string, int> { ["k80"] = k80, ["v100"] = v100 };
            var byId = jobs.ToDictionary(job => job.Id, StringComparer.Ordinal);
            bool ok = true;
            var options = new RoundSimulationOptions
            {
                Policy = policy,
                Colocation = SmallTable,
                RoundSeconds = 100,
                RoundObserver = round =>
                {
                    var used = new Dictionary<string, int>(StringComparer.Ordinal);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (RoundPlacement placement in round.Placements)
                    {
                        used[placement.DeviceType] = used.GetValueOrDefault(placement.DeviceType) + placement.Gpus;
                        ok &= placement.JobIds.Length == 1 || (!placement.Spread && placement.Gpus <= perServer && placement.JobIds.All(id => byId[id].ScaleFactor == placement.Gpus));
                        for (int index = 0; index < placement.JobIds.Length; index++)
                        {
                            string id = placement.JobIds[index];
                            ok &= seen.Add(id) && byId[id].SubmitTime <= round.Start && !finish.ContainsKey(id);
                            double rate = placement.StepsPerSecond[index];
                            double left = byId[id].TotalSteps - done[id];
                            if (rate * (round.End - round.Start) >= left * (1 - 1e-12))
                            {
                                finish[id] = round.Start + (left / rate);
                                done[id] = byId[id].TotalSteps;
                            }
                            else
                            {
                                done[id] += rate * (round.End - round.Start);
                            }
                        }
                    }

                    ok &= used.All(pair => pair.Value <= capacity[pair.Key]);
                },
            };

            RoundSimulationResult result = new RoundSimulator(Cluster(k80, v100, perServer), options).Run(jobs, TestContext.Current.CancellationToken);

            ok &= result.Completed == jobs.Length && finish.Count == jobs.Length;
            ok &= result.Outcomes.All(outcome => Math.Abs(outcome.FinishTime - finish[outcome.JobId]) <= 1e-6 * Math.Max(1, outcome.FinishTime) && outcome.FinishTime >= outcome.SubmitTime);
            return ok.Label($"{RoundPolicies.Name(policy)} on {k80} k80 + {v100} v100 ({perServer}/server): {string.Join("; ", jobs.Select(job => job.ToString()))}");
        });

    private static Gen<(RoundPolicy, RoundJob[], int, int, int)> Workloads() =>
        from policy in Gen.Elements(Enum.GetValues<RoundPolicy>())
        from perServer in Gen.Elements(1, 2, 4)
        from k80Servers in Gen.Choose(0, 2)
        from v100Servers in Gen.Choose(1, 2)
        from count in Gen.Choose(1, 7)
        from specs in Gen.ArrayOf(
            from type in Gen.Elements("A", "B")
            from scale in Gen.Elements(1, 1, 2)
            from submit in Gen.Choose(0, 600)
            from steps in Gen.Choose(1, 20_000)
            select (type, scale, submit, steps), count)
        select (policy, specs.Select((spec, index) => MakeJob(index, spec.type, Math.Min(spec.scale, perServer), spec.submit, spec.steps)).ToArray(), k80Servers * perServer, v100Servers * perServer, perServer);

    private static RoundJob MakeJob(int index, string type, int scale, int submit, int steps)
    {
        SmallTable.TryGetIsolatedThroughput("k80", type, scale, out double k80);
        SmallTable.TryGetIsolatedThroughput("v100", type, scale, out double v100);
        return new RoundJob($"j{index}", submit, scale, steps, new Dictionary<string, double> { ["k80"] = k80, ["v100"] = v100 }) { JobType = type };
    }
}
