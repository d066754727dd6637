using Aios.Queueing.Networks;
using Aios.Queueing.Simulation;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Queueing;

/// <summary>The discrete-event simulator (10⁵ jobs of an M/M/4 at ρ = 0.9) and exact MVA over a 5-station network.</summary>
[MemoryDiagnoser]
public class SimulationAndNetworkBenchmarks
{
    private readonly QueueSimulationOptions _simulation = new()
    {
        Servers = 4,
        Classes = { new QueueSimulationClass(18, ServiceDistribution.Exponential(5)) },
        Seed = 7,
        WarmupJobs = 1_000,
        Jobs = 100_000,
    };

    private readonly ClosedNetwork _network = new(
    [
        ClosedStation.Delay("think", 5),
        ClosedStation.Queueing("gpu", 0.040),
        ClosedStation.Queueing("cpu", 0.010),
        ClosedStation.Queueing("disk", 0.025),
        ClosedStation.Queueing("network", 0.015),
    ]);

    [Benchmark]
    public double SimulateMM4HundredThousandJobs() => QueueSimulator.Run(_simulation).Overall.MeanWaitingTime.Mean;

    [Benchmark]
    public double ExactMvaPopulation1000() => _network.SolveExact(1_000).Throughput;

    [Benchmark]
    public double BardSchweitzerPopulation1000() => _network.SolveApproximate(1_000).Throughput;
}
