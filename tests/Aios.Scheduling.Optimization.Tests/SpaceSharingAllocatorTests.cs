using Aios.Scheduling.Optimization;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class SpaceSharingAllocatorTests
{
    private static readonly GavelThroughputs Table = GavelThroughputs.Parse(RoundSimulatorTests.Table);
    private static readonly string[] Types = ["k80", "v100"];
    private static readonly Dictionary<string, int> Gpus = new() { ["k80"] = 1, ["v100"] = 1 };

    private static SpaceSharingAllocator.Member Member(string type, int scale = 1)
    {
        Table.TryGetIsolatedThroughput("k80", type, scale, out double k80);
        Table.TryGetIsolatedThroughput("v100", type, scale, out double v100);
        return new SpaceSharingAllocator.Member(type, scale, [k80, v100]);
    }

    [Fact]
    public void CandidatePairs_OnlyKnownPayingPairsOfEqualScale()
    {
        // A+B on v100 sums to 0.8 + 0.7 = 1.5 (kept); A+A to 1.0 (below 1.1); B+B is [0, 0] (unknown); nothing on k80
        // (no pair entries); the 2-GPU A cannot pair with a 1-GPU B.
        List<SpaceSharingAllocator.Member> members = [Member("A"), Member("A"), Member("B"), Member("A", 2)];

        var pairs = SpaceSharingAllocator.CandidatePairs(members, Types, Gpus, new RoundSimulationOptions { Colocation = Table });

        Assert.Equal([(0, 2, 1, 8.0, 2.1), (1, 2, 1, 8.0, 2.1)], pairs);
    }

    [Fact]
    public void CandidatePairs_KeepsEachJobsBestPartnersOnly()
    {
        List<SpaceSharingAllocator.Member> members = [Member("B"), Member("A"), Member("A"), Member("A")];

        var pairs = SpaceSharingAllocator.CandidatePairs(members, Types, Gpus, new RoundSimulationOptions { Colocation = Table, MaxPartnersPerJob = 1 });

        // B keeps one partner (the first A); each A keeps B, so the union holds all three A+B pairs.
        Assert.Equal(3, pairs.Count);
        Assert.All(pairs, pair => Assert.Equal(0, pair.First));
        Assert.Empty(SpaceSharingAllocator.CandidatePairs(members, Types, Gpus, new RoundSimulationOptions { Colocation = Table, PackingThreshold = 1.6 }));
    }

    [Fact]
    public void Allocate_TwoJobsOneGpuWithAPayingPair_SharesAndKeepsEveryRowAndTheGpu()
    {
        List<SpaceSharingAllocator.Member> members = [Member("A"), Member("B")];
        ThroughputJob[] jobs = [new("a", new Dictionary<string, double> { ["v100"] = 10 }), new("b", new Dictionary<string, double> { ["v100"] = 3 })];
        var gpus = new Dictionary<string, int> { ["k80"] = 0, ["v100"] = 1 };

        var results = SpaceSharingAllocator.Allocate(members, jobs, Types, gpus, new RoundSimulationOptions { Colocation = Table });

        // Alone each gets half the GPU (normalised 1); paired all the time, a gets 0.8 and b 0.7 of its isolated
        // throughput over an equal share of half: 1.6 and 1.4. Max-min gives the pair most of the time.
        double pairTime = results.Where(result => result.Second >= 0).Sum(result => result.Fractions.Sum());
        Assert.True(pairTime > 0.5, $"pair time {pairTime}");
        double gpuTime = results.Sum(result => result.Fractions[1]);
        Assert.True(gpuTime <= 1 + 1e-9);
        for (int job = 0; job < 2; job++)
        {
            Assert.True(results.Where(result => result.First == job || result.Second == job).Sum(result => result.Fractions.Sum()) <= 1 + 1e-9);
        }
    }
}
