using Aios.Queueing;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Queueing;

/// <summary>Staffing at an offered load of 10⁵ Erlangs (target ≤ 1 ms, no allocation).</summary>
[MemoryDiagnoser]
public class StaffingBenchmarks
{
    private const double ArrivalRate = 100_000;
    private const double ServiceRate = 1;

    [Benchmark]
    public int ServiceLevel80PercentIn20Seconds() => Staffing.ServersForServiceLevel(ArrivalRate, ServiceRate, 20.0 / 180, 0.8);

    [Benchmark]
    public int ServiceLevel99PercentInOneHundredthOfService() => Staffing.ServersForServiceLevel(ArrivalRate, ServiceRate, 0.01, 0.99);

    [Benchmark]
    public int MeanWaitOneThousandthOfService() => Staffing.ServersForMeanWait(ArrivalRate, ServiceRate, 0.001);

    [Benchmark]
    public int ErlangBOnePercentBlocking() => Staffing.ServersForBlocking(ArrivalRate / ServiceRate, 0.01);
}
