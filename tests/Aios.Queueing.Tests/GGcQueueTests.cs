using System.Text.Json;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class GGcQueueTests
{
    /// <summary>Stable G/G/c systems: c from 1 to 2000, ρ in (0, 1), μ from 0.01 to 100, both SCVs from 0 to 20.</summary>
    private static readonly Arbitrary<GGcCase> StableCases = Arb.From(
        from servers in Gen.Frequency((3, Gen.Choose(1, 10)), (2, Gen.Choose(11, 200)), (1, Gen.Choose(201, 2000)))
        from utilization in Gen.Choose(1, 999_999).Select(x => x / 1e6)
        from serviceRate in Gen.Choose(-2000, 2000).Select(x => Math.Pow(10, x / 1000.0))
        from arrivalScv in Gen.Choose(0, 20_000).Select(x => x / 1000.0)
        from serviceScv in Gen.Choose(0, 20_000).Select(x => x / 1000.0)
        select new GGcCase(utilization * servers * serviceRate, serviceRate, servers, arrivalScv, serviceScv));

    [Fact]
    public void Evaluate_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement testCase in ReferenceCases.Load("ggc"))
        {
            var queue = new GGcQueue(
                testCase.Number("arrivalRate"), testCase.Number("serviceRate"), testCase.Integer("servers"),
                testCase.Number("arrivalScv"), testCase.Number("serviceScv"));
            QueueMetrics metrics = queue.Evaluate();
            Assert.True(metrics.IsStable);
            Assert.True(double.IsNaN(metrics.ProbabilityOfWaiting));
            foreach (double tolerance in new[] { ReferenceCases.Relative, 1e-12 })
            {
                testCase.Check("utilization", metrics.Utilization, failures, tolerance);
                testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures, tolerance);
                testCase.Check("meanResponseTime", metrics.MeanResponseTime, failures, tolerance);
                testCase.Check("meanQueueLength", metrics.MeanQueueLength, failures, tolerance);
                testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures, tolerance);
            }

            checkedCases++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCases >= 3, $"only {checkedCases} G/G/c reference cases were checked");
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 1, 1.0, 1.0, "arrivalRate")]
    [InlineData(-1.0, 1.0, 1, 1.0, 1.0, "arrivalRate")]
    [InlineData(double.PositiveInfinity, 1.0, 1, 1.0, 1.0, "arrivalRate")]
    [InlineData(1.0, 0.0, 1, 1.0, 1.0, "serviceRate")]
    [InlineData(1.0, double.NaN, 1, 1.0, 1.0, "serviceRate")]
    [InlineData(1.0, 1.0, 0, 1.0, 1.0, "servers")]
    [InlineData(1.0, 1.0, 1, -1.0, 1.0, "arrivalScv")]
    [InlineData(1.0, 1.0, 1, double.NaN, 1.0, "arrivalScv")]
    [InlineData(1.0, 1.0, 1, double.PositiveInfinity, 1.0, "arrivalScv")]
    [InlineData(1.0, 1.0, 1, 1.0, -1e-9, "serviceScv")]
    [InlineData(1.0, 1.0, 1, 1.0, double.NaN, "serviceScv")]
    public void Constructor_InvalidArgument_ThrowsNamingParameter(double arrivalRate, double serviceRate, int servers, double arrivalScv, double serviceScv, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new GGcQueue(arrivalRate, serviceRate, servers, arrivalScv, serviceScv));
        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(-1.0, 1.0, 1.0, 1.0, "arrivalRate")]
    [InlineData(1.0, 0.0, 1.0, 1.0, "serviceRate")]
    [InlineData(1.0, 2.0, double.NaN, 1.0, "arrivalScv")]
    [InlineData(1.0, 2.0, 1.0, -2.0, "serviceScv")]
    public void KingmanWaitingTime_InvalidArgument_ThrowsNamingParameter(double arrivalRate, double serviceRate, double arrivalScv, double serviceScv, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => GGcQueue.KingmanWaitingTime(arrivalRate, serviceRate, arrivalScv, serviceScv));
        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(8.0, 2.0, 4)]
    [InlineData(9.0, 2.0, 4)]
    [InlineData(1.0, 1.0, 1)]
    public void Evaluate_AtOrAboveSaturation_IsUnstableWithInfiniteWaits(double arrivalRate, double serviceRate, int servers)
    {
        var queue = new GGcQueue(arrivalRate, serviceRate, servers, 0.5, 2);
        QueueMetrics metrics = queue.Evaluate();
        Assert.False(queue.IsStable);
        Assert.False(metrics.IsStable);
        Assert.Equal(double.PositiveInfinity, metrics.MeanWaitingTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanNumberInSystem);
        Assert.True(double.IsNaN(metrics.ProbabilityOfWaiting));
        Assert.Equal(double.PositiveInfinity, GGcQueue.KingmanWaitingTime(arrivalRate, serviceRate * servers, 0.5, 2));
    }

    [Property(MaxTest = 3000)]
    public Property Evaluate_UnitScvs_EqualsMMcExactly() => Prop.ForAll(StableCases, testCase =>
    {
        QueueMetrics metrics = new GGcQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers, 1, 1).Evaluate();
        QueueMetrics expected = new MMcQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers).Evaluate();
        Assert.Equal(expected with { ProbabilityOfWaiting = double.NaN }, metrics);
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_AnyStableSystem_ScalesTheMMcWaitByTheMeanScv() => Prop.ForAll(StableCases, testCase =>
    {
        QueueMetrics metrics = testCase.Queue.Evaluate();
        QueueMetrics markovian = new MMcQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers).Evaluate();
        double factor = (testCase.ArrivalScv + testCase.ServiceScv) / 2;
        Tolerance.AssertClose(markovian.MeanWaitingTime * factor, metrics.MeanWaitingTime, 1e-13, 1e-300, $"Wq {testCase}");
        Tolerance.AssertClose(metrics.MeanQueueLength, testCase.ArrivalRate * metrics.MeanWaitingTime, 1e-12, 1e-300, $"Lq = λWq {testCase}");
        Tolerance.AssertClose(metrics.MeanNumberInSystem, testCase.ArrivalRate * metrics.MeanResponseTime, 1e-12, 0, $"L = λW {testCase}");
        Assert.True(double.IsNaN(metrics.ProbabilityOfWaiting));
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_LargerScv_NeverWaitsLess() => Prop.ForAll(StableCases, Arb.From(Gen.Choose(1, 10_000).Select(x => x / 100.0)), (testCase, extra) =>
    {
        double baseline = testCase.Queue.Evaluate().MeanWaitingTime;
        double moreVariableArrivals = (testCase with { ArrivalScv = testCase.ArrivalScv + extra }).Queue.Evaluate().MeanWaitingTime;
        double moreVariableService = (testCase with { ServiceScv = testCase.ServiceScv + extra }).Queue.Evaluate().MeanWaitingTime;
        Assert.True(moreVariableArrivals >= baseline, $"{testCase}: arrival SCV +{extra} lowered Wq");
        Assert.True(moreVariableService >= baseline, $"{testCase}: service SCV +{extra} lowered Wq");
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_SingleServer_IsKingmansFormula() => Prop.ForAll(StableCases, testCase =>
    {
        double arrivalRate = testCase.ArrivalRate / testCase.Servers;
        QueueMetrics metrics = new GGcQueue(arrivalRate, testCase.ServiceRate, 1, testCase.ArrivalScv, testCase.ServiceScv).Evaluate();
        double kingman = GGcQueue.KingmanWaitingTime(arrivalRate, testCase.ServiceRate, testCase.ArrivalScv, testCase.ServiceScv);
        double tolerance = MG1QueueTests.SaturationTolerance(arrivalRate, testCase.ServiceRate);
        Tolerance.AssertClose(kingman, metrics.MeanWaitingTime, tolerance, 1e-300, $"G/G/1 {testCase}");
    });

    internal sealed record GGcCase(double ArrivalRate, double ServiceRate, int Servers, double ArrivalScv, double ServiceScv)
    {
        public GGcQueue Queue => new(ArrivalRate, ServiceRate, Servers, ArrivalScv, ServiceScv);
    }
}
