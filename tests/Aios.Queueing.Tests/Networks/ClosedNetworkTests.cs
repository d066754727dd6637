using Aios.Queueing.Networks;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Networks;

public sealed class ClosedNetworkTests
{
    // Jain, "The Art of Computer Systems Performance Analysis" (1991), Example 34.2: CPU S = 0.125 s, V = 16;
    // disk A S = 0.3 s, V = 10; disk B S = 0.2 s, V = 5; think time Z = 4 s.
    private static readonly ClosedStation[] JainTimesharing =
    [
        ClosedStation.Queueing("cpu", 0.125 * 16),
        ClosedStation.Queueing("diskA", 0.3 * 10),
        ClosedStation.Queueing("diskB", 0.2 * 5),
        ClosedStation.Delay("terminals", 4),
    ];

    // Exact MVA in rational arithmetic, cross-checked against Buzen's convolution (reference_values.py); rounded
    // to three places these are Jain's Table 34.1 rows (N = 20: R = 56.016, X = 0.333, Q = 1.991, 16.177, 0.500).
    [Theory]
    [InlineData(1, 0.1, 6.0, 2.0, 3.0, 1.0, 0.2, 0.3, 0.1)]
    [InlineData(2, 0.17543859649122807, 7.4, 2.4, 3.9, 1.1, 0.42105263157894737, 0.68421052631578947, 0.19298245614035088)]
    [InlineData(3, 0.22922252010723861, 9.087719298245614, 2.8421052631578947, 5.0526315789473684, 1.1929824561403509, 0.6514745308310992, 1.1581769436997319, 0.27345844504021448)]
    [InlineData(5, 0.28975184772286222, 13.256145350908443, 3.7556109725685786, 8.1620947630922693, 1.3384396152475953, 1.0881952186300012, 2.3649820388950824, 0.38781535158346753)]
    [InlineData(20, 0.33324651222057629, 56.015631871825786, 5.9734257132495514, 48.542596931964085, 1.4996092266121501, 1.9906232849491213, 16.176651121706279, 0.49973954446229484)]
    public void SolveExact_JainTimesharingExample_MatchesExactRationalValues(
        int population, double throughput, double responseTime, double cpuResidence, double diskAResidence, double diskBResidence,
        double cpuQueue, double diskAQueue, double diskBQueue)
    {
        ClosedNetworkResult result = new ClosedNetwork(JainTimesharing).SolveExact(population);

        Tolerance.AssertClose(throughput, result.Throughput, 1e-13, what: "X");
        Tolerance.AssertClose(responseTime, result.ResponseTime, 1e-13, what: "R");
        Tolerance.AssertClose(responseTime + 4, result.CycleTime, 1e-13, what: "cycle time");
        Tolerance.AssertClose(cpuResidence, result.Stations[0].ResidenceTime, 1e-13, what: "R cpu");
        Tolerance.AssertClose(diskAResidence, result.Stations[1].ResidenceTime, 1e-13, what: "R disk A");
        Tolerance.AssertClose(diskBResidence, result.Stations[2].ResidenceTime, 1e-13, what: "R disk B");
        Tolerance.AssertClose(cpuQueue, result.Stations[0].QueueLength, 1e-13, what: "Q cpu");
        Tolerance.AssertClose(diskAQueue, result.Stations[1].QueueLength, 1e-13, what: "Q disk A");
        Tolerance.AssertClose(diskBQueue, result.Stations[2].QueueLength, 1e-13, what: "Q disk B");
        Tolerance.AssertClose(4 * throughput, result.Stations[3].QueueLength, 1e-13, what: "thinking");
        Tolerance.AssertClose(3 * throughput, result.Stations[1].Utilization, 1e-13, what: "U disk A");
        Assert.Equal(4, result.Stations[3].ResidenceTime);
        Assert.Equal(0, result.Stations[3].Utilization);
        Assert.Equal(["cpu", "diskA", "diskB", "terminals"], result.Stations.Select(s => s.Name));
        Assert.False(result.IsApproximate);
        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(population, result.Population);
    }

    // A batch model without think time, D = 0.04, 0.03, 0.025 and N = 10: exact rational MVA, equal to Buzen's
    // convolution (reference_values.py).
    [Fact]
    public void SolveExact_BatchModel_MatchesExactRationalValues()
    {
        var network = new ClosedNetwork([ClosedStation.Queueing("a", 0.04), ClosedStation.Queueing("b", 0.03), ClosedStation.Queueing("c", 0.025)]);

        ClosedNetworkResult result = network.SolveExact(10);

        Tolerance.AssertClose(24.248607450193968, result.Throughput, 1e-13, what: "X");
        Tolerance.AssertClose(0.41239481568332323, result.ResponseTime, 1e-13, what: "R");
        Assert.Equal(result.ResponseTime, result.CycleTime);
        Tolerance.AssertClose(6.2434483894262299, result.Stations[0].QueueLength, 1e-13, what: "Q a");
        Tolerance.AssertClose(2.3047477134418403, result.Stations[1].QueueLength, 1e-13, what: "Q b");
        Tolerance.AssertClose(1.4518038971319298, result.Stations[2].QueueLength, 1e-13, what: "Q c");
    }

    [Fact]
    public void SolveExact_SingleStationWithoutThinkTime_SaturatesImmediately()
    {
        var network = new ClosedNetwork([ClosedStation.Queueing("gpu", 0.25)]);

        ClosedNetworkResult result = network.SolveExact(7);

        Assert.Equal(4, result.Throughput);
        Assert.Equal(7 * 0.25, result.ResponseTime);
        Assert.Equal(1, result.Stations[0].Utilization);
        Assert.Equal(7, result.Stations[0].QueueLength);
    }

    [Fact]
    public void SolveExact_ZeroPopulation_ReportsAnEmptyNetwork()
    {
        ClosedNetworkResult result = new ClosedNetwork(JainTimesharing).SolveExact(0);

        Assert.Equal(0, result.Population);
        Assert.Equal(0, result.Throughput);
        Assert.Equal(6, result.ResponseTime);
        Assert.Equal(10, result.CycleTime);
        Assert.All(result.Stations, s => Assert.Equal(0, s.QueueLength));
        Assert.All(result.Stations, s => Assert.Equal(0, s.Utilization));
        Assert.Equal([2.0, 3.0, 1.0, 4.0], result.Stations.Select(s => s.ResidenceTime));
    }

    [Property(MaxTest = 3000)]
    public Property SolveExact_RandomNetworks_MatchesBuzenConvolution() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 60), testCase =>
        {
            ClosedNetworkResult result = testCase.Network.SolveExact(testCase.Population);
            Tolerance.AssertClose(ConvolutionThroughput(testCase.Stations, testCase.Population), result.Throughput, 1e-11, what: testCase.ToString());
        });

    [Property(MaxTest = 3000)]
    public Property SolveExact_RandomNetworks_RespectsAsymptoticBounds() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 300), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            int n = testCase.Population;
            ClosedNetworkResult result = network.SolveExact(n);
            double optimistic = Math.Min(n / (network.TotalServiceDemand + network.ThinkTime), 1 / network.BottleneckDemand);
            double pessimistic = n == 0 ? 0 : n / ((n * network.TotalServiceDemand) + network.ThinkTime);
            Assert.Equal(optimistic, network.ThroughputUpperBound(n));
            Assert.True(result.Throughput <= optimistic * (1 + 1e-13), $"X = {result.Throughput} above the bound {optimistic}: {testCase}");
            Assert.True(result.Throughput >= pessimistic * (1 - 1e-13), $"X = {result.Throughput} below the bound {pessimistic}: {testCase}");
        });

    [Property(MaxTest = 2000)]
    public Property SolveExactCurve_RandomNetworks_IsNonDecreasingAndEndsAtSolveExact() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 200), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            string label = testCase.ToString();
            IReadOnlyList<ClosedNetworkCurvePoint> curve = network.SolveExactCurve(testCase.Population);
            Assert.Equal(testCase.Population, curve.Count);
            for (int k = 0; k < curve.Count; k++)
            {
                ClosedNetworkCurvePoint point = curve[k];
                Assert.Equal(k + 1, point.Population);
                // Checked inline, not through Tolerance, so that no failure message is formatted for each point.
                double cycleFromLittle = point.Population / point.Throughput;
                if (!(Math.Abs(point.CycleTime - cycleFromLittle) <= 1e-13 * cycleFromLittle)
                    || point.CycleTime != point.ResponseTime + network.ThinkTime)
                {
                    Assert.Fail($"cycle time {point.CycleTime} at n = {k + 1}, n/X = {cycleFromLittle}, R + Z = {point.ResponseTime + network.ThinkTime}: {label}");
                }

                if (k > 0 && (point.Throughput < curve[k - 1].Throughput * (1 - 1e-14) || point.ResponseTime < curve[k - 1].ResponseTime * (1 - 1e-14)))
                {
                    Assert.Fail($"X or R fell from n = {k} to {k + 1}: {curve[k - 1]} then {point}: {label}");
                }
            }

            if (curve.Count > 0)
            {
                ClosedNetworkResult result = network.SolveExact(testCase.Population);
                Assert.Equal(result.Throughput, curve[^1].Throughput);
                Assert.Equal(result.ResponseTime, curve[^1].ResponseTime);
            }
        });

    [Property(MaxTest = 3000)]
    public Property SolveExact_RandomNetworks_ObeysLittlesLawAndConservesCustomers() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 300), testCase =>
            AssertOperationalLaws(testCase, testCase.Network.SolveExact(testCase.Population)));

    [Property(MaxTest = 2000)]
    public Property SolveExact_FewCustomersAndComparableDemands_UtilizationsBelowOne() =>
        Prop.ForAll(
            (from count in Gen.Choose(1, 5)
             from demands in NetworkGenerators.LogUniform(-1, 0).ArrayOf(count)
             from thinkTime in NetworkGenerators.LogUniform(-1, 0)
             from n in Gen.Choose(1, 6)
             select new ClosedCase([.. demands.Select((d, i) => ClosedStation.Queueing($"q{i}", d)), ClosedStation.Delay("z", thinkTime)], n)).ToArbitrary(),
            testCase =>
            {
                ClosedNetworkResult result = testCase.Network.SolveExact(testCase.Population);
                Assert.All(result.Stations, s => Assert.True(s.Utilization is >= 0 and < 1, $"U = {s.Utilization} at {s.Name}: {testCase}"));
            });

    // Seidmann's transformation of 4 servers with D = 2 (a single server of 0.5 and a delay of 1.5), with Z = 5 and
    // N = 10, in rational arithmetic; the exact birth-death solution of this machine-repairman model is
    // X = 1.3853233141515639, so the approximation is 4.9% low (reference_values.py).
    [Fact]
    public void SolveExact_MultiServerStation_AppliesSeidmannsApproximation()
    {
        var network = new ClosedNetwork([new ClosedStation("pool", ClosedStationKind.Queueing, 2, 4), ClosedStation.Delay("users", 5)]);

        ClosedNetworkResult result = network.SolveExact(10);

        Assert.True(result.IsApproximate);
        Tolerance.AssertClose(1.317629854908666, result.Throughput, 1e-13, what: "X");
        Tolerance.AssertClose(2.5893848054112045, result.ResponseTime, 1e-13, what: "R");
        Tolerance.AssertClose(1.317629854908666 * 2 / 4, result.Stations[0].Utilization, 1e-13, what: "U per server");
        Assert.InRange(Tolerance.RelativeError(1.3853233141515639, result.Throughput), 0.04, 0.05);
        Assert.Equal(0.5, network.BottleneckDemand);
        Assert.Equal(2, network.TotalServiceDemand);
    }

    [Property(MaxTest = 2000)]
    public Property SolveExact_MultiServerOneCustomer_IsExact() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.MultiServerStations(), 0), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            ClosedNetworkResult result = network.SolveExact(1);
            Tolerance.AssertClose(1 / (network.TotalServiceDemand + network.ThinkTime), result.Throughput, 1e-14, what: testCase.ToString());
            for (int i = 0; i < testCase.Stations.Length; i++)
            {
                Tolerance.AssertClose(testCase.Stations[i].ServiceDemand, result.Stations[i].ResidenceTime, 1e-14, what: testCase.ToString());
            }
        });

    [Property(MaxTest = 2000)]
    public Property SolveExact_MultiServerNetworks_ObeyLittlesLawAndBounds() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.MultiServerStations(), 200), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            ClosedNetworkResult result = network.SolveExact(testCase.Population);
            AssertOperationalLaws(testCase, result);
            Assert.Equal(testCase.Stations.Any(s => s.Servers > 1), result.IsApproximate);
            Assert.True(result.Throughput <= network.ThroughputUpperBound(testCase.Population) * (1 + 1e-13), testCase.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property SolveExact_OneServerGivenExplicitly_EqualsQueueingFactory() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 100), testCase =>
        {
            ClosedStation[] explicitServers = [.. testCase.Stations.Select(s => new ClosedStation(s.Name, s.Kind, s.ServiceDemand, 1))];
            ClosedNetworkResult expected = testCase.Network.SolveExact(testCase.Population);
            ClosedNetworkResult actual = new ClosedNetwork(explicitServers).SolveExact(testCase.Population);
            Assert.Equal(expected.Throughput, actual.Throughput);
            Assert.False(actual.IsApproximate);
        });

    [Property(MaxTest = 3000)]
    public Property SolveApproximate_OneCustomer_EqualsExact() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.MultiServerStations(), 0), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            ClosedNetworkResult exact = network.SolveExact(1);
            ClosedNetworkResult approximate = network.SolveApproximate(1);
            Assert.True(approximate.Converged);
            Assert.True(approximate.IsApproximate);
            Assert.InRange(approximate.Iterations, 1, 2);
            Tolerance.AssertClose(exact.Throughput, approximate.Throughput, 1e-14, what: testCase.ToString());
            for (int i = 0; i < testCase.Stations.Length; i++)
            {
                Tolerance.AssertClose(exact.Stations[i].QueueLength, approximate.Stations[i].QueueLength, 1e-14, 1e-300, what: testCase.ToString());
            }
        });

    // Over many random networks the largest throughput error we observe is 6.8%, for one queueing station with a
    // think time about 2.3 times its demand and 5 customers (a finite-source queue); errors in multi-station
    // networks without think time stay below about 4.3%. The bound tested is 7%.
    [Property(MaxTest = 3000)]
    public Property SolveApproximate_RandomNetworks_ThroughputWithinSevenPercentOfExact() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.SingleServerStations(), 150), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            ClosedNetworkResult exact = network.SolveExact(testCase.Population);
            ClosedNetworkResult approximate = network.SolveApproximate(testCase.Population, 1e-12, 100_000);
            Assert.True(approximate.Converged, $"no convergence in {approximate.Iterations} iterations: {testCase}");
            double error = testCase.Population == 0 ? 0 : Tolerance.RelativeError(exact.Throughput, approximate.Throughput);
            Assert.True(error <= 0.07, $"throughput error {error:P2}: {testCase}");
        });

    [Fact]
    public void SolveApproximate_WorstCaseFiniteSourceQueue_StaysWithinSevenPercent()
    {
        var network = new ClosedNetwork([ClosedStation.Queueing("server", 1), ClosedStation.Delay("think", 2.344)]);

        double error = Tolerance.RelativeError(network.SolveExact(5).Throughput, network.SolveApproximate(5).Throughput);

        Assert.InRange(error, 0.065, 0.07);
    }

    [Property(MaxTest = 2000)]
    public Property SolveApproximate_RandomNetworks_ObeysLittlesLawAndBounds() =>
        Prop.ForAll(NetworkGenerators.ClosedCases(NetworkGenerators.MultiServerStations(), 300), testCase =>
        {
            ClosedNetwork network = testCase.Network;
            ClosedNetworkResult result = network.SolveApproximate(testCase.Population, 1e-12, 100_000);
            Assert.True(result.Converged, testCase.ToString());
            AssertOperationalLaws(testCase, result);
            Assert.True(result.Throughput <= network.ThroughputUpperBound(testCase.Population) * (1 + 1e-12), testCase.ToString());
        });

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 50)]
    [InlineData(10, 1000)]
    public void SolveApproximate_BalancedNetwork_EqualsExact(int stations, int population)
    {
        var network = new ClosedNetwork([.. Enumerable.Range(0, stations).Select(i => ClosedStation.Queueing($"q{i}", 0.2))]);

        ClosedNetworkResult approximate = network.SolveApproximate(population);

        // Exact MVA of M equal stations: X(N) = N / (D(N + M − 1)).
        Tolerance.AssertClose(population / (0.2 * (population + stations - 1)), approximate.Throughput, 1e-12, what: "X");
        Tolerance.AssertClose(network.SolveExact(population).Throughput, approximate.Throughput, 1e-12, what: "X against exact MVA");
    }

    // The Bard–Schweitzer fixed point of Jain's example at N = 20, solved to 50 digits with mpmath (reference_values.py).
    [Fact]
    public void SolveApproximate_JainTimesharingExample_MatchesFixedPoint()
    {
        var network = new ClosedNetwork(JainTimesharing);

        ClosedNetworkResult loose = network.SolveApproximate(20);
        ClosedNetworkResult tight = network.SolveApproximate(20, 1e-14);

        Assert.True(loose.Converged);
        Assert.True(tight.Converged);
        Assert.True(tight.Iterations > loose.Iterations);
        Tolerance.AssertClose(0.32975668541189611, loose.Throughput, 1e-9, what: "X, tolerance 1e-10");
        Tolerance.AssertClose(0.32975668541189611, tight.Throughput, 1e-13, what: "X");
        Tolerance.AssertClose(56.650779452790107, tight.ResponseTime, 1e-13, what: "R");
        Tolerance.AssertClose(5.3552929230715004, tight.Stations[0].ResidenceTime, 1e-13, what: "R cpu");
        Tolerance.AssertClose(49.839312593729344, tight.Stations[1].ResidenceTime, 1e-13, what: "R disk A");
        Tolerance.AssertClose(1.4561739359892634, tight.Stations[2].ResidenceTime, 1e-13, what: "R disk B");
    }

    [Fact]
    public void SolveApproximate_TooFewIterations_ReportsNoConvergence()
    {
        ClosedNetworkResult result = new ClosedNetwork(JainTimesharing).SolveApproximate(20, maxIterations: 3);

        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.True(result.IsApproximate);
        Tolerance.AssertClose(20, result.Stations.Sum(s => s.QueueLength), 1e-13, what: "customers");
    }

    [Fact]
    public void SolveApproximate_ZeroPopulation_ReportsAnEmptyNetwork()
    {
        ClosedNetworkResult result = new ClosedNetwork(JainTimesharing).SolveApproximate(0);

        Assert.Equal(0, result.Throughput);
        Assert.Equal(0, result.Iterations);
        Assert.True(result.Converged);
        Assert.All(result.Stations, s => Assert.Equal(0, s.QueueLength));
    }

    [Fact]
    public void Constructor_DelayStationsOnly_GivesThroughputOfPopulationOverThinkTime()
    {
        var network = new ClosedNetwork([ClosedStation.Delay("a", 1.5), ClosedStation.Delay("b", 0.5)]);

        Assert.Equal(0, network.BottleneckDemand);
        Assert.Equal(3.0 / 2, network.ThroughputUpperBound(3));
        Assert.Equal(1.5, network.SolveExact(3).Throughput);
        Assert.Equal(1.5, network.SolveApproximate(3).Throughput);
        Assert.Equal(0, network.SolveExact(3).ResponseTime);
    }

    [Fact]
    public void Stations_AfterConstruction_AreADefensiveCopy()
    {
        ClosedStation[] stations = [ClosedStation.Queueing("a", 1)];
        var network = new ClosedNetwork(stations);

        stations[0] = ClosedStation.Queueing("b", 2);

        Assert.Equal("a", network.Stations[0].Name);
        Assert.Equal(1, network.TotalServiceDemand);
    }

    [Fact]
    public void Constructor_InvalidStations_ThrowsNamingStations()
    {
        Assert.Equal("stations", Assert.Throws<ArgumentNullException>(() => new ClosedNetwork(null!)).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentException>(() => new ClosedNetwork([])).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentException>(() => new ClosedNetwork([ClosedStation.Queueing("a", 1), default])).ParamName);
        ArgumentException noDemand = Assert.Throws<ArgumentException>(() => new ClosedNetwork([ClosedStation.Queueing("a", 0), ClosedStation.Delay("z", 0)]));
        Assert.Equal("stations", noDemand.ParamName);
        Assert.Contains("unbounded", noDemand.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_NegativePopulation_ThrowsNamingThePopulation()
    {
        var network = new ClosedNetwork(JainTimesharing);

        Assert.Equal("population", Assert.Throws<ArgumentOutOfRangeException>(() => network.SolveExact(-1)).ParamName);
        Assert.Equal("population", Assert.Throws<ArgumentOutOfRangeException>(() => network.SolveApproximate(-1)).ParamName);
        Assert.Equal("population", Assert.Throws<ArgumentOutOfRangeException>(() => network.ThroughputUpperBound(-1)).ParamName);
        Assert.Equal("maxPopulation", Assert.Throws<ArgumentOutOfRangeException>(() => network.SolveExactCurve(-1)).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-10)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SolveApproximate_InvalidTolerance_ThrowsNamingTheTolerance(double tolerance)
    {
        var network = new ClosedNetwork(JainTimesharing);

        Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => network.SolveApproximate(5, tolerance)).ParamName);
    }

    [Fact]
    public void SolveApproximate_NoIterationsAllowed_ThrowsNamingMaxIterations()
    {
        var network = new ClosedNetwork(JainTimesharing);

        Assert.Equal("maxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => network.SolveApproximate(5, maxIterations: 0)).ParamName);
    }

    private static void AssertOperationalLaws(ClosedCase testCase, ClosedNetworkResult result)
    {
        int n = testCase.Population;
        string label = testCase.ToString();
        double customers = 0;
        double responseTime = 0;
        double thinkTime = 0;
        for (int i = 0; i < testCase.Stations.Length; i++)
        {
            ClosedStation station = testCase.Stations[i];
            ClosedStationResult figures = result.Stations[i];
            Assert.Equal(station.Name, figures.Name);
            Assert.Equal(station.Kind, figures.Kind);
            Tolerance.AssertClose(result.Throughput * figures.ResidenceTime, figures.QueueLength, 1e-15, what: $"Little's law at {station.Name}: {label}");
            Assert.True(figures.ResidenceTime >= station.ServiceDemand * (1 - 1e-15), $"R below D at {station.Name}: {label}");
            if (station.Kind == ClosedStationKind.Delay)
            {
                Assert.Equal(station.ServiceDemand, figures.ResidenceTime);
                Assert.Equal(0, figures.Utilization);
                thinkTime += figures.ResidenceTime;
            }
            else
            {
                Tolerance.AssertClose(result.Throughput * station.ServiceDemand / station.Servers, figures.Utilization, 1e-15, what: $"utilization law at {station.Name}: {label}");
                Assert.True(figures.Utilization is >= 0 and <= 1, $"U = {figures.Utilization} at {station.Name}: {label}");
                responseTime += figures.ResidenceTime;
            }

            customers += figures.QueueLength;
        }

        Tolerance.AssertClose(n, customers, 1e-12, what: $"Σ Q = N: {label}");
        Tolerance.AssertClose(responseTime, result.ResponseTime, 1e-14, what: "R = Σ queueing residence times");
        Tolerance.AssertClose(responseTime + thinkTime, result.CycleTime, 1e-14, what: "cycle time = R + Z");
        if (n > 0)
        {
            Tolerance.AssertClose(n / result.Throughput, result.CycleTime, 1e-14, what: $"cycle time = N/X: {label}");
        }
    }

    /// <summary>
    /// Buzen's convolution algorithm (CACM 16(9), 1973), an independent route to the same throughput:
    /// X(N) = G(N − 1)/G(N), with the delay stations folded in as Z^n/n! and demands scaled so G stays in range.
    /// </summary>
    private static double ConvolutionThroughput(ClosedStation[] stations, int population)
    {
        if (population == 0)
        {
            return 0;
        }

        double scale = stations.Sum(s => s.ServiceDemand);
        double think = stations.Where(s => s.Kind == ClosedStationKind.Delay).Sum(s => s.ServiceDemand) / scale;
        var g = new double[population + 1];
        g[0] = 1;
        for (int n = 1; n <= population; n++)
        {
            g[n] = g[n - 1] * think / n;
        }

        foreach (ClosedStation station in stations.Where(s => s.Kind == ClosedStationKind.Queueing))
        {
            double demand = station.ServiceDemand / scale;
            for (int n = 1; n <= population; n++)
            {
                g[n] += demand * g[n - 1];
            }
        }

        return g[population - 1] / g[population] / scale;
    }
}
