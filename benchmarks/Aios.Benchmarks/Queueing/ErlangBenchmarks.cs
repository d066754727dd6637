using Aios.Queueing;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Queueing;

/// <summary>
/// Erlang B and C at 10, 10³ and 10⁶ servers (targets: ≤ 1 µs up to 10³ servers, ≤ 20 µs at 10⁶, no allocation).
/// The load is a = c − √c, the Halfin–Whitt regime where staffing at scale lands and where C is neither ≈ 0 nor ≈ 1
/// (C ≈ 0.2–0.4): the hardest case for the tail series, which needs O(√c) terms there. At a fixed ρ such as 0.95,
/// B(10⁶, a) underflows to 0 and the evaluation takes nanoseconds, which would measure nothing.
/// </summary>
[MemoryDiagnoser]
public class ErlangBenchmarks
{
    private double _load;

    [Params(10, 1_000, 1_000_000)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup() => _load = Servers - Math.Sqrt(Servers);

    [Benchmark]
    public double ErlangCProbabilityOfWaiting() => ErlangC.ProbabilityOfWaiting(Servers, _load);

    [Benchmark]
    public double ErlangBBlockingProbability() => ErlangB.BlockingProbability(Servers, _load);
}
