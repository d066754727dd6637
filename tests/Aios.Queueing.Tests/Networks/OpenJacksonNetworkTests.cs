using Aios.Queueing.Networks;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Networks;

public sealed class OpenJacksonNetworkTests
{
    private static readonly JacksonStation[] ThreeStations =
    [
        new(servers: 1, serviceRate: 10, externalArrivalRate: 4),
        new(servers: 2, serviceRate: 3, externalArrivalRate: 1),
        new(servers: 4, serviceRate: 1.5, externalArrivalRate: 0.5),
    ];

    private static readonly double[][] ThreeStationRouting =
    [
        [0, 0.6, 0.3],
        [0.1, 0, 0.5],
        [0.2, 0, 0],
    ];

    // Traffic equations solved exactly in rationals (λ = 215/41, 170/41, 170/41), then Erlang C at 50 digits
    // (reference_values.py).
    [Fact]
    public void Evaluate_ThreeStationNetwork_MatchesExactValues()
    {
        OpenJacksonNetworkResult result = new OpenJacksonNetwork(ThreeStations, ThreeStationRouting).Evaluate();

        double[] arrivalRates = [5.2439024390243902, 4.1463414634146341, 4.1463414634146341];
        double[] visitRatios = [0.95343680709534368, 0.75388026607538803, 0.75388026607538803];
        double[] utilizations = [0.52439024390243902, 0.69105691056910569, 0.69105691056910569];
        double[] waits = [0.11025641025641026, 0.30469804318488529, 0.22382052100482149];
        double[] responseTimes = [0.21025641025641026, 0.63803137651821862, 0.89048718767148816];
        double[] numbers = [1.1025641025641026, 2.645495951417004, 3.6922639488817802];
        for (int i = 0; i < 3; i++)
        {
            JacksonStationResult station = result.Stations[i];
            Tolerance.AssertClose(arrivalRates[i], station.ArrivalRate, 1e-14, what: $"λ{i}");
            Tolerance.AssertClose(visitRatios[i], station.VisitRatio, 1e-14, what: $"V{i}");
            Tolerance.AssertClose(utilizations[i], station.Metrics.Utilization, 1e-14, what: $"ρ{i}");
            Tolerance.AssertClose(waits[i], station.Metrics.MeanWaitingTime, 1e-13, what: $"Wq{i}");
            Tolerance.AssertClose(responseTimes[i], station.Metrics.MeanResponseTime, 1e-13, what: $"W{i}");
            Tolerance.AssertClose(numbers[i], station.Metrics.MeanNumberInSystem, 1e-13, what: $"L{i}");
            Tolerance.AssertClose(visitRatios[i] * responseTimes[i], station.ResidenceTime, 1e-13, what: $"V{i}·W{i}");
            Assert.True(station.Metrics.IsStable);
        }

        Assert.True(result.IsStable);
        Assert.Equal(5.5, result.Throughput);
        Tolerance.AssertClose(7.4403240028628868, result.MeanNumberInNetwork, 1e-13, what: "L");
        Tolerance.AssertClose(1.3527861823387067, result.MeanSojournTime, 1e-13, what: "W");
    }

    [Property(MaxTest = 2000)]
    public Property Evaluate_TandemOfSingleServers_EqualsSumOfIndependentMM1Queues() =>
        Prop.ForAll(
            (from stages in Gen.Choose(1, 6)
             from arrivalRate in NetworkGenerators.LogUniform(-2, 2)
             from loads in NetworkGenerators.Uniform(0.01, 0.95).ArrayOf(stages)
             select (arrivalRate, loads)).ToArbitrary(),
            tandem =>
            {
                (double arrivalRate, double[] loads) = tandem;
                int n = loads.Length;
                var stations = new JacksonStation[n];
                var routing = new double[n, n];
                for (int i = 0; i < n; i++)
                {
                    stations[i] = new JacksonStation(1, arrivalRate / loads[i], i == 0 ? arrivalRate : 0);
                    if (i + 1 < n)
                    {
                        routing[i, i + 1] = 1;
                    }
                }

                OpenJacksonNetworkResult result = new OpenJacksonNetwork(stations, routing).Evaluate();
                double sojourn = 0;
                double number = 0;
                for (int i = 0; i < n; i++)
                {
                    QueueMetrics alone = new MM1Queue(arrivalRate, stations[i].ServiceRate).Evaluate();
                    Tolerance.AssertClose(arrivalRate, result.Stations[i].ArrivalRate, 1e-15, what: $"λ at stage {i}");
                    Tolerance.AssertClose(alone.MeanResponseTime, result.Stations[i].Metrics.MeanResponseTime, 1e-14, what: $"W at stage {i}");
                    Tolerance.AssertClose(alone.MeanNumberInSystem, result.Stations[i].Metrics.MeanNumberInSystem, 1e-14, what: $"L at stage {i}");
                    Tolerance.AssertClose(1, result.Stations[i].VisitRatio, 1e-15, what: $"V at stage {i}");
                    sojourn += alone.MeanResponseTime;
                    number += alone.MeanNumberInSystem;
                }

                Assert.True(result.IsStable);
                Tolerance.AssertClose(sojourn, result.MeanSojournTime, 1e-13, what: "W = Σ Wᵢ");
                Tolerance.AssertClose(number, result.MeanNumberInNetwork, 1e-13, what: "L = Σ Lᵢ");
            });

    [Property(MaxTest = 2000)]
    public Property Evaluate_FeedbackQueue_EqualsMM1AtTheEffectiveRate() =>
        Prop.ForAll(
            (from arrivalRate in NetworkGenerators.LogUniform(-2, 2)
             from serviceRate in NetworkGenerators.LogUniform(-2, 2)
             from feedback in NetworkGenerators.Uniform(0, 0.99)
             select (arrivalRate, serviceRate, feedback)).ToArbitrary(),
            queue =>
            {
                (double arrivalRate, double serviceRate, double feedback) = queue;
                var network = new OpenJacksonNetwork([new JacksonStation(1, serviceRate, arrivalRate)], new[,] { { feedback } });
                OpenJacksonNetworkResult result = network.Evaluate();
                double effective = arrivalRate / (1 - feedback);
                QueueMetrics expected = new MM1Queue(effective, serviceRate).Evaluate();
                JacksonStationResult station = result.Stations[0];

                Tolerance.AssertClose(effective, station.ArrivalRate, 1e-14, what: "λ/(1 − p)");
                Tolerance.AssertClose(1 / (1 - feedback), station.VisitRatio, 1e-14, what: "visits");
                Assert.Equal(expected.IsStable, result.IsStable);
                Tolerance.AssertClose(expected.Utilization, station.Metrics.Utilization, 1e-14, what: "ρ");
                Tolerance.AssertClose(expected.MeanResponseTime, station.Metrics.MeanResponseTime, 1e-12, what: "W per visit");
                Tolerance.AssertClose(expected.MeanNumberInSystem, result.MeanNumberInNetwork, 1e-12, what: "L");
                Tolerance.AssertClose(expected.MeanResponseTime / (1 - feedback), result.MeanSojournTime, 1e-12, what: "sojourn = visits × W");
            });

    [Property(MaxTest = 3000)]
    public Property Evaluate_RandomNetworks_BalancesFlowsAndMatchesIndependentStations() =>
        Prop.ForAll(NetworkGenerators.OpenCases(), testCase =>
        {
            OpenJacksonNetworkResult result = testCase.Network.Evaluate();
            int n = testCase.Stations.Length;
            double external = testCase.Stations.Sum(s => s.ExternalArrivalRate);
            double totalRate = result.Stations.Sum(s => s.ArrivalRate);
            string label = testCase.ToString();
            double outflow = 0;
            double number = 0;
            double sojourn = 0;
            bool stable = true;
            for (int j = 0; j < n; j++)
            {
                double inflow = testCase.Stations[j].ExternalArrivalRate;
                for (int i = 0; i < n; i++)
                {
                    inflow += result.Stations[i].ArrivalRate * testCase.Routing[i][j];
                }

                JacksonStationResult station = result.Stations[j];
                Tolerance.AssertClose(inflow, station.ArrivalRate, 1e-12, 1e-13 * totalRate, what: $"flow into {j}: {label}");
                outflow += station.ArrivalRate * (1 - testCase.Routing[j].Sum());
                Tolerance.AssertClose(station.ArrivalRate / external, station.VisitRatio, 1e-15, what: "V = λ/Σγ");

                JacksonStation definition = testCase.Stations[j];
                QueueMetrics alone = new MMcQueue(station.ArrivalRate, definition.ServiceRate, definition.Servers).Evaluate();
                Assert.Equal(alone, station.Metrics);
                stable &= station.ArrivalRate < definition.Servers * definition.ServiceRate;
                number += alone.MeanNumberInSystem;
                sojourn += station.ResidenceTime;
            }

            Tolerance.AssertClose(external, outflow, 1e-10, 1e-12 * totalRate, what: $"flow out = flow in: {label}");
            Assert.Equal(stable, result.IsStable);
            Assert.Equal(external, result.Throughput);
            if (stable)
            {
                Tolerance.AssertClose(number, result.MeanNumberInNetwork, 1e-14, what: "L = Σ Lᵢ");
                Tolerance.AssertClose(sojourn, result.MeanSojournTime, 1e-12, what: $"W = L/Σγ = Σ Vᵢ·Wᵢ: {label}");
            }
            else
            {
                Assert.Equal(double.PositiveInfinity, result.MeanNumberInNetwork);
                Assert.Equal(double.PositiveInfinity, result.MeanSojournTime);
            }
        });

    [Fact]
    public void Evaluate_OverloadedStation_ReportsUnstableWithInfiniteTotals()
    {
        JacksonStation[] stations = [new(1, 10, 4), new(1, 2, 0)];
        double[,] routing = { { 0, 0.5 }, { 0, 0 } };

        OpenJacksonNetworkResult result = new OpenJacksonNetwork(stations, routing).Evaluate();

        Assert.False(result.IsStable);
        Assert.True(result.Stations[0].Metrics.IsStable);
        Assert.False(result.Stations[1].Metrics.IsStable);
        Assert.Equal(1, result.Stations[1].Metrics.Utilization);
        Assert.Equal(double.PositiveInfinity, result.Stations[1].Metrics.MeanWaitingTime);
        Assert.Equal(double.PositiveInfinity, result.Stations[1].ResidenceTime);
        Assert.Equal(double.PositiveInfinity, result.MeanNumberInNetwork);
        Assert.Equal(double.PositiveInfinity, result.MeanSojournTime);
        Assert.Equal(4, result.Throughput);
    }

    [Fact]
    public void Evaluate_StationNobodyReaches_HasNoArrivalsAndNoResidence()
    {
        JacksonStation[] stations = [new(1, 5, 2), new(3, 1, 0)];
        double[,] routing = { { 0, 0 }, { 0.5, 0 } };

        OpenJacksonNetworkResult result = new OpenJacksonNetwork(stations, routing).Evaluate();

        Assert.Equal(0, result.Stations[1].ArrivalRate);
        Assert.Equal(0, result.Stations[1].VisitRatio);
        Assert.Equal(0, result.Stations[1].ResidenceTime);
        Assert.Equal(0, result.Stations[1].Metrics.MeanNumberInSystem);
        Tolerance.AssertClose(new MM1Queue(2, 5).Evaluate().MeanResponseTime, result.MeanSojournTime, 1e-15, what: "W");
    }

    [Fact]
    public void Constructor_JaggedAndRectangularRouting_GiveTheSameResult()
    {
        var rectangular = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                rectangular[i, j] = ThreeStationRouting[i][j];
            }
        }

        OpenJacksonNetworkResult jagged = new OpenJacksonNetwork(ThreeStations, ThreeStationRouting).Evaluate();
        OpenJacksonNetworkResult fromRectangular = new OpenJacksonNetwork(ThreeStations, rectangular).Evaluate();

        Assert.Equal(jagged.Stations, fromRectangular.Stations);
        Assert.Equal(jagged.MeanSojournTime, fromRectangular.MeanSojournTime);
    }

    [Fact]
    public void RoutingProbability_ValidIndices_ReadsTheMatrixBack()
    {
        var network = new OpenJacksonNetwork(ThreeStations, ThreeStationRouting);

        Assert.Equal(0.6, network.RoutingProbability(0, 1));
        Assert.Equal(0.2, network.RoutingProbability(2, 0));
        Assert.Equal(5.5, network.ExternalArrivalRate);
        Assert.Equal(ThreeStations, network.Stations);
        Assert.Equal("from", Assert.Throws<ArgumentOutOfRangeException>(() => network.RoutingProbability(3, 0)).ParamName);
        Assert.Equal("to", Assert.Throws<ArgumentOutOfRangeException>(() => network.RoutingProbability(0, -1)).ParamName);
    }

    [Fact]
    public void Constructor_RoutingChangedAfterwards_KeepsItsOwnCopy()
    {
        double[][] routing = [[0, 0.5], [0, 0]];
        JacksonStation[] stations = [new(1, 10, 1), new(1, 10, 0)];
        var network = new OpenJacksonNetwork(stations, routing);

        routing[0][1] = 0.9;
        stations[0] = new JacksonStation(1, 10, 5);

        Assert.Equal(0.5, network.RoutingProbability(0, 1));
        Assert.Equal(0.5, network.Evaluate().Stations[1].ArrivalRate);
    }

    public static TheoryData<double[][], string> TrappingRoutings => new()
    {
        { [[1.0]], "0" },
        { [[0, 1, 0], [1, 0, 0], [0, 0, 0.5]], "0, 1" },
        { [[0, 0.5, 0.5], [0, 0, 1], [0, 1, 0]], "0, 1, 2" },
        // A row within 1e-12 of 1 counts as having no exit.
        { [[0, 1 - 1e-13], [1, 0]], "0, 1" },
    };

    [Theory]
    [MemberData(nameof(TrappingRoutings))]
    public void Constructor_JobsThatNeverLeave_ThrowsNamingRoutingAndTheStations(double[][] routing, string trapped)
    {
        JacksonStation[] stations = [.. routing.Select(_ => new JacksonStation(1, 100, 1))];

        ArgumentException error = Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork(stations, routing));

        Assert.Equal("routing", error.ParamName);
        Assert.Contains($"station(s) {trapped} never leave", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RowSumJustAboveOne_IsAcceptedAsRounding()
    {
        JacksonStation[] stations = [new(1, 10, 1), new(1, 10, 0), new(1, 10, 0)];
        double[][] routing = [[0, 0.5, 0.5 + 1e-13], [0, 0, 0], [0, 0, 0]];

        OpenJacksonNetworkResult result = new OpenJacksonNetwork(stations, routing).Evaluate();

        Tolerance.AssertClose(0.5, result.Stations[2].ArrivalRate, 1e-12, what: "λ2");
    }

    [Fact]
    public void Constructor_RowSumAboveOne_ThrowsNamingRouting()
    {
        JacksonStation[] stations = [new(1, 10, 1), new(1, 10, 0)];

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new OpenJacksonNetwork(stations, [[0.6, 0.5], [0, 0]]));

        Assert.Equal("routing", error.ParamName);
        Assert.Contains("Row 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_RoutingEntryNotAProbability_ThrowsNamingRouting(double entry)
    {
        JacksonStation[] stations = [new(1, 10, 1), new(1, 10, 0)];

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new OpenJacksonNetwork(stations, new[,] { { 0, 0 }, { entry, 0 } }));

        Assert.Equal("routing", error.ParamName);
        Assert.Contains("routing[1][0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RoutingOfTheWrongShape_ThrowsNamingRouting()
    {
        JacksonStation[] stations = [new(1, 10, 1), new(1, 10, 0)];

        Assert.Equal("routing", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork(stations, [[0, 0]])).ParamName);
        Assert.Equal("routing", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork(stations, [[0, 0], [0]])).ParamName);
        Assert.Equal("routing", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork(stations, [[0, 0], null!])).ParamName);
        Assert.Equal("routing", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork(stations, new double[2, 3])).ParamName);
        Assert.Equal("routing", Assert.Throws<ArgumentNullException>(() => new OpenJacksonNetwork(stations, (double[,])null!)).ParamName);
        Assert.Equal("routing", Assert.Throws<ArgumentNullException>(() => new OpenJacksonNetwork(stations, (IReadOnlyList<IReadOnlyList<double>>)null!)).ParamName);
    }

    [Fact]
    public void Constructor_InvalidStations_ThrowsNamingStations()
    {
        double[,] one = { { 0 } };

        Assert.Equal("stations", Assert.Throws<ArgumentNullException>(() => new OpenJacksonNetwork(null!, one)).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork([], new double[0, 0])).ParamName);
        Assert.Equal("stations", Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork([default], one)).ParamName);
        ArgumentException empty = Assert.Throws<ArgumentException>(() => new OpenJacksonNetwork([new JacksonStation(1, 1, 0)], one));
        Assert.Equal("stations", empty.ParamName);
        Assert.Contains("external arrivals", empty.Message, StringComparison.Ordinal);
    }
}
