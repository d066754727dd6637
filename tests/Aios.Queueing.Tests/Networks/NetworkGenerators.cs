using System.Globalization;
using Aios.Queueing.Networks;
using FsCheck;
using FsCheck.Fluent;

namespace Aios.Queueing.Tests.Networks;

/// <summary>A closed network and a population, printed readably when a property fails.</summary>
internal sealed record ClosedCase(ClosedStation[] Stations, int Population)
{
    public ClosedNetwork Network => new(Stations);

    public override string ToString() =>
        $"N={Population.ToString(CultureInfo.InvariantCulture)} [{string.Join(", ", Stations.Select(s => s.ToString()))}]";
}

/// <summary>An open network: stations and a routing matrix whose every station can reach an exit.</summary>
internal sealed record OpenCase(JacksonStation[] Stations, double[][] Routing)
{
    public OpenJacksonNetwork Network => new(Stations, Routing);

    public override string ToString() =>
        $"stations [{string.Join(", ", Stations.Select(s => s.ToString()))}] routing [{string.Join("; ", Routing.Select(r => string.Join(" ", r.Select(p => p.ToString("R", CultureInfo.InvariantCulture)))))}]";
}

internal static class NetworkGenerators
{
    /// <summary>10^u for u uniform on a grid of [lowExponent, highExponent].</summary>
    public static Gen<double> LogUniform(double lowExponent, double highExponent) =>
        Gen.Choose((int)(lowExponent * 1000), (int)(highExponent * 1000)).Select(k => Math.Pow(10, k / 1000.0));

    /// <summary>Uniform on a grid of [low, high].</summary>
    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, 1_000_000).Select(k => low + ((high - low) * k / 1_000_000.0));

    /// <summary>
    /// Single-server queueing stations (1 to 8; demands from 10⁻³ to 10, sometimes all equal, sometimes one of
    /// them 0) and 0 to 2 delay stations (think times from 10⁻³ to 10³, sometimes 0).
    /// </summary>
    public static Gen<ClosedStation[]> SingleServerStations() =>
        from queueingCount in Gen.Choose(1, 8)
        from demands in LogUniform(-3, 1).ArrayOf(queueingCount)
        from shape in Gen.Choose(0, 9)
        from delayCount in Gen.Choose(0, 2)
        from thinkTimes in Gen.Frequency((1, Gen.Constant(0.0)), (4, LogUniform(-3, 3))).ArrayOf(delayCount)
        select BuildStations(demands, shape, thinkTimes, servers: null);

    /// <summary>Like <see cref="SingleServerStations"/>, with 1 to 8 servers at each queueing station.</summary>
    public static Gen<ClosedStation[]> MultiServerStations() =>
        from queueingCount in Gen.Choose(1, 6)
        from demands in LogUniform(-3, 1).ArrayOf(queueingCount)
        from servers in Gen.Choose(1, 8).ArrayOf(queueingCount)
        from delayCount in Gen.Choose(0, 2)
        from thinkTimes in LogUniform(-3, 3).ArrayOf(delayCount)
        select BuildStations(demands, shape: 9, thinkTimes, servers);

    public static Arbitrary<ClosedCase> ClosedCases(Gen<ClosedStation[]> stations, int maxPopulation) =>
        (from s in stations
         from n in Gen.Choose(0, maxPopulation)
         select new ClosedCase(s, n)).ToArbitrary();

    private static ClosedStation[] BuildStations(double[] demands, int shape, double[] thinkTimes, int[]? servers)
    {
        var stations = new List<ClosedStation>();
        for (int i = 0; i < demands.Length; i++)
        {
            double demand = shape switch
            {
                0 => demands[0],            // balanced: every station the same demand
                1 when i == 0 => 0,         // a station with nothing to do
                _ => demands[i],
            };
            stations.Add(new ClosedStation($"q{i}", ClosedStationKind.Queueing, demand, servers?[i] ?? 1));
        }

        for (int i = 0; i < thinkTimes.Length; i++)
        {
            stations.Add(ClosedStation.Delay($"z{i}", thinkTimes[i]));
        }

        // With one zero-demand queueing station and nothing else, the network has no demand at all.
        if (stations.Sum(s => s.ServiceDemand) == 0)
        {
            stations.Add(ClosedStation.Queueing("fallback", 1));
        }

        return [.. stations];
    }

    /// <summary>
    /// 1 to 7 stations with 1 to 6 servers, service rates from 0.1 to 10, external arrivals on a random subset, and
    /// random routing: row sums in [0, 1], where a row summing to exactly 1 always feeds the next station and the last
    /// station always has an exit, so that every job leaves.
    /// </summary>
    public static Arbitrary<OpenCase> OpenCases() =>
        (from count in Gen.Choose(1, 7)
         from servers in Gen.Choose(1, 6).ArrayOf(count)
         from rates in LogUniform(-1, 1).ArrayOf(count)
         from external in Gen.Frequency((1, Gen.Constant(0.0)), (2, LogUniform(-2, 1))).ArrayOf(count)
         from weights in Uniform(0, 1).ArrayOf(count * count)
         from rowSums in Gen.Frequency((1, Gen.Constant(1.0)), (3, Uniform(0, 0.95))).ArrayOf(count)
         select BuildOpen(servers, rates, external, weights, rowSums)).ToArbitrary();

    private static OpenCase BuildOpen(int[] servers, double[] rates, double[] external, double[] weights, double[] rowSums)
    {
        int n = servers.Length;
        var stations = new JacksonStation[n];
        for (int i = 0; i < n; i++)
        {
            // Station 0 always receives outside traffic, so the network is never empty.
            double gamma = i == 0 && external[0] == 0 ? 1 : external[i];
            stations[i] = new JacksonStation(servers[i], rates[i], gamma);
        }

        var routing = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double target = i == n - 1 ? Math.Min(rowSums[i], 0.9) : rowSums[i];
            double total = 0;
            for (int j = 0; j < n; j++)
            {
                total += weights[(i * n) + j];
            }

            routing[i] = new double[n];
            if (target == 1)
            {
                // A closed row sends a share to the next station, which is nearer the exit.
                double rest = 0.5 * weights[i * n];
                routing[i][i + 1] = 1 - rest;
                routing[i][(int)(weights[(i * n) + ((i + 1) % n)] * n) % n] += rest;
                continue;
            }

            for (int j = 0; j < n && total > 0; j++)
            {
                routing[i][j] = target * weights[(i * n) + j] / total;
            }
        }

        return new OpenCase(stations, routing);
    }
}
