using FsCheck;
using FsCheck.Fluent;

namespace Aios.Queueing.Tests;

/// <summary>A server count and an offered load, spread over many magnitudes (1 to 10⁶ servers, loads up to 2c).</summary>
public readonly record struct ServersAndLoad(int Servers, double Load);

/// <summary>A stable M/M/c queue with ρ in (0, 1).</summary>
public readonly record struct StableQueue(double ArrivalRate, double ServiceRate, int Servers);

/// <summary>FsCheck generators for the queueing properties.</summary>
public static class QueueingArbitraries
{
    private static Gen<int> Servers() =>
        Gen.Frequency(
            (6, Gen.Choose(1, 40)),
            (4, Gen.Choose(41, 2_000)),
            (1, Gen.Choose(2_001, 1_000_000)));

    /// <summary>A fraction in (0, 1) with extra weight near both ends.</summary>
    private static Gen<double> Fraction() =>
        Gen.Frequency(
            (6, Gen.Choose(1, 999_999).Select(x => x / 1e6)),
            (1, Gen.Choose(1, 1000).Select(x => 1 - x * 1e-7)),
            (1, Gen.Choose(1, 1000).Select(x => x * 1e-7)));

    public static Arbitrary<ServersAndLoad> ServersAndLoads() =>
        Gen.Zip(Servers(), Fraction())
            .Select(pair => new ServersAndLoad(pair.Item1, 2 * pair.Item1 * pair.Item2))
            .ToArbitrary();

    public static Arbitrary<StableQueue> StableQueues() =>
        Gen.Zip(Gen.Zip(Servers(), Fraction()), Gen.Choose(1, 10_000))
            .Select(t =>
            {
                double serviceRate = t.Item2 / 100.0;
                return new StableQueue(t.Item1.Item2 * t.Item1.Item1 * serviceRate, serviceRate, t.Item1.Item1);
            })
            .Where(q => q.ArrivalRate > 0 && q.ArrivalRate / q.ServiceRate < q.Servers)
            .ToArbitrary();
}
