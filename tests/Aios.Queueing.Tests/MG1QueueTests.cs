using System.Text.Json;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MG1QueueTests
{
    /// <summary>Stable M/G/1 systems: ρ in (0, 1) down to 1 − 1e-6, μ from 0.01 to 100, SCV from 0 to 50.</summary>
    private static readonly Arbitrary<(double ArrivalRate, double ServiceRate, double Scv)> StableCases = Arb.From(
        from utilization in Gen.Frequency(
            (5, Gen.Choose(1, 999_999).Select(x => x / 1e6)),
            (1, Gen.Elements(1e-9, 0.999999, 0.99999999)))
        from serviceRate in Gen.Choose(-2000, 2000).Select(x => Math.Pow(10, x / 1000.0))
        from scv in Gen.Frequency((1, Gen.Constant(0.0)), (1, Gen.Constant(1.0)), (4, Gen.Choose(0, 50_000).Select(x => x / 1000.0)))
        select (utilization * serviceRate, serviceRate, scv));

    [Fact]
    public void Evaluate_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement testCase in ReferenceCases.Load("mg1"))
        {
            var queue = new MG1Queue(testCase.Number("arrivalRate"), testCase.Number("serviceRate"), testCase.Number("serviceScv"));
            QueueMetrics metrics = queue.Evaluate();
            Assert.True(metrics.IsStable);
            foreach (double tolerance in new[] { ReferenceCases.Relative, 1e-12 })
            {
                testCase.Check("utilization", metrics.Utilization, failures, tolerance);
                testCase.Check("probabilityOfWaiting", metrics.ProbabilityOfWaiting, failures, tolerance);
                testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures, tolerance);
                testCase.Check("meanResponseTime", metrics.MeanResponseTime, failures, tolerance);
                testCase.Check("meanQueueLength", metrics.MeanQueueLength, failures, tolerance);
                testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures, tolerance);
            }

            checkedCases++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCases >= 10, $"only {checkedCases} M/G/1 reference cases were checked");
    }

    [Fact]
    public void Evaluate_MM1ReferenceModel_MatchesWithUnitScv()
    {
        var failures = new List<string>();
        foreach (JsonElement testCase in ReferenceCases.Load("mm1"))
        {
            QueueMetrics metrics = new MG1Queue(testCase.Number("arrivalRate"), testCase.Number("serviceRate"), 1).Evaluate();
            testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures, 1e-12);
            testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures, 1e-12);
            testCase.Check("probabilityOfWaiting", metrics.ProbabilityOfWaiting, failures, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 1.0, "arrivalRate")]
    [InlineData(-0.5, 1.0, 1.0, "arrivalRate")]
    [InlineData(double.PositiveInfinity, 1.0, 1.0, "arrivalRate")]
    [InlineData(0.5, 0.0, 1.0, "serviceRate")]
    [InlineData(0.5, double.NaN, 1.0, "serviceRate")]
    [InlineData(0.5, double.PositiveInfinity, 1.0, "serviceRate")]
    [InlineData(0.5, 1.0, -0.1, "serviceScv")]
    [InlineData(0.5, 1.0, double.NaN, "serviceScv")]
    [InlineData(0.5, 1.0, double.PositiveInfinity, "serviceScv")]
    public void Constructor_InvalidArgument_ThrowsNamingParameter(double arrivalRate, double serviceRate, double serviceScv, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MG1Queue(arrivalRate, serviceRate, serviceScv));
        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(1e300, 1e-300)]
    public void Evaluate_AtOrAboveSaturation_IsUnstableWithInfiniteWaits(double arrivalRate, double serviceRate)
    {
        QueueMetrics metrics = new MG1Queue(arrivalRate, serviceRate, 2).Evaluate();
        Assert.False(metrics.IsStable);
        Assert.Equal(double.PositiveInfinity, metrics.MeanWaitingTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanResponseTime);
        Assert.Equal(double.PositiveInfinity, metrics.MeanQueueLength);
        Assert.Equal(double.PositiveInfinity, metrics.MeanNumberInSystem);
        Assert.True(metrics.Utilization >= 1);
    }

    [Property(MaxTest = 3000)]
    public Property Evaluate_AnyStableSystem_ObeysLittlesLaw() => Prop.ForAll(StableCases, testCase =>
    {
        QueueMetrics metrics = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Scv).Evaluate();
        Tolerance.AssertClose(metrics.MeanNumberInSystem, testCase.ArrivalRate * metrics.MeanResponseTime, 1e-12, 0, $"L = λW for {testCase}");
        Tolerance.AssertClose(metrics.MeanQueueLength, testCase.ArrivalRate * metrics.MeanWaitingTime, 1e-12, 0, $"Lq = λWq for {testCase}");
        Assert.Equal(metrics.Utilization, metrics.ProbabilityOfWaiting);
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_UnitScv_EqualsMM1() => Prop.ForAll(StableCases, testCase =>
    {
        QueueMetrics metrics = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, 1).Evaluate();
        QueueMetrics expected = new MM1Queue(testCase.ArrivalRate, testCase.ServiceRate).Evaluate();
        double tolerance = SaturationTolerance(testCase.ArrivalRate, testCase.ServiceRate);
        Tolerance.AssertClose(expected.MeanWaitingTime, metrics.MeanWaitingTime, tolerance, 0, $"Wq {testCase}");
        Tolerance.AssertClose(expected.MeanResponseTime, metrics.MeanResponseTime, tolerance, 0, $"W {testCase}");
        Tolerance.AssertClose(expected.MeanQueueLength, metrics.MeanQueueLength, tolerance, 0, $"Lq {testCase}");
        Tolerance.AssertClose(expected.MeanNumberInSystem, metrics.MeanNumberInSystem, tolerance, 0, $"L {testCase}");
        Tolerance.AssertClose(expected.ProbabilityOfWaiting, metrics.ProbabilityOfWaiting, 1e-13, 0, $"P(wait) {testCase}");
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_LargerScv_NeverWaitsLess() => Prop.ForAll(StableCases, Arb.From(Gen.Choose(1, 10_000).Select(x => x / 100.0)), (testCase, extra) =>
    {
        double lower = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Scv).Evaluate().MeanWaitingTime;
        double higher = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Scv + extra).Evaluate().MeanWaitingTime;
        Assert.True(higher > lower, $"{testCase}: Wq {lower:R} at SCV {testCase.Scv} but {higher:R} at {testCase.Scv + extra}");
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_WaitIsLinearInScv() => Prop.ForAll(StableCases, testCase =>
    {
        double deterministic = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, 0).Evaluate().MeanWaitingTime;
        double general = new MG1Queue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Scv).Evaluate().MeanWaitingTime;
        Tolerance.AssertClose(deterministic * (1 + testCase.Scv), general, 1e-13, 0, $"Wq(SCV) = Wq(0)·(1 + SCV) for {testCase}");
    });

    /// <summary>
    /// How closely two correct M/G/1-family results can agree: M/M/1 (through <see cref="MMcQueue"/>) forms 1 − ρ from
    /// the rounded a = λ/μ, an error of up to 2⁻⁵³/(1 − ρ) relative, while M/G/1 keeps μ − λ exact.
    /// </summary>
    internal static double SaturationTolerance(double arrivalRate, double serviceRate) =>
        1e-13 + 2.5e-16 / (1 - arrivalRate / serviceRate);
}
