using Aios.Queueing;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Queueing;

/// <summary>Erlang C at 10, 10³ and 10⁶ servers, at ρ = 0.95 (targets: ≤ 1 µs up to 10³ servers, ≤ 20 µs at 10⁶, no allocation).</summary>
[MemoryDiagnoser]
public class ErlangBenchmarks
{
    private double _load;

    [Params(10, 1_000, 1_000_000)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup() => _load = 0.95 * Servers;

    [Benchmark]
    public double ErlangCProbabilityOfWaiting() => ErlangC.ProbabilityOfWaiting(Servers, _load);

    [Benchmark]
    public double ErlangBBlockingProbability() => ErlangB.BlockingProbability(Servers, _load);
}
