using Aios.Queueing.Simulation;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Simulation;

public sealed class ServiceDistributionTests
{
    public static TheoryData<string, double, double> Factories => new()
    {
        { "Exponential(4)", 0.25, 1 },
        { "Deterministic(2)", 2, 0 },
        { "Erlang(1, 3)", 3, 1 },
        { "Erlang(4, 3)", 3, 0.25 },
        { "Erlang(25, 1)", 1, 0.04 },
        { "Gamma(2, 0.3)", 2, 0.3 },
        { "Gamma(2, 2.5)", 2, 2.5 },
        { "Hyperexponential(5, 1)", 5, 1 },
        { "Hyperexponential(5, 9)", 5, 9 },
        { "FromMeanAndScv(1.5, 0)", 1.5, 0 },
        { "FromMeanAndScv(1.5, 0.5)", 1.5, 0.5 },
        { "FromMeanAndScv(1.5, 0.7)", 1.5, 0.7 },
        { "FromMeanAndScv(1.5, 1)", 1.5, 1 },
        { "FromMeanAndScv(1.5, 4)", 1.5, 4 },
        { "FromMeanAndScv(0.001, 100)", 0.001, 100 },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_Parameters_ReportExactMeanAndScv(string factory, double mean, double scv)
    {
        ServiceDistribution distribution = Create(factory);

        Tolerance.AssertClose(mean, distribution.Mean, relative: 1e-15, what: factory);
        Tolerance.AssertClose(scv, distribution.SquaredCoefficientOfVariation, relative: 1e-14, what: factory);
        Tolerance.AssertClose(scv * mean * mean, distribution.Variance, relative: 1e-14, what: factory);
        Tolerance.AssertClose((1 + scv) * mean * mean, distribution.SecondMoment, relative: 1e-14, what: factory);
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void Sample_LargeSample_MeanAndVarianceWithinFiveStandardErrors(string factory, double mean, double scv)
    {
        ServiceDistribution distribution = Create(factory);

        (double sampleMean, double sampleVariance) = SampleMoments(distribution, new Random(20260101), 400_000);

        AssertMoments(mean, scv, sampleMean, sampleVariance, 400_000, standardErrors: 5, factory);
    }

    [Property(MaxTest = 25)]
    public Property Sample_RandomMeanAndScv_MeanAndVarianceWithinSixStandardErrors() =>
        Prop.ForAll(MeansAndScvs().ToArbitrary(), pair =>
        {
            (double mean, double scv) = pair;
            ServiceDistribution distribution = ServiceDistribution.FromMeanAndScv(mean, scv);
            (double sampleMean, double sampleVariance) = SampleMoments(distribution, new Random(7), 50_000);
            AssertMoments(mean, scv, sampleMean, sampleVariance, 50_000, standardErrors: 6, $"FromMeanAndScv({mean}, {scv})");
        });

    [Property(MaxTest = 2000)]
    public Property FromMeanAndScv_AnyParameters_ReportsThemAndSamplesDeterministically() =>
        Prop.ForAll(MeansAndScvs().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (pair, seed) =>
        {
            (double mean, double scv) = pair;
            ServiceDistribution distribution = ServiceDistribution.FromMeanAndScv(mean, scv);
            var first = new Random(seed);
            var second = new Random(seed);
            bool samplesAgree = true;
            for (int i = 0; i < 20; i++)
            {
                double value = distribution.Sample(first);
                samplesAgree &= value >= 0 && double.IsFinite(value) && value == distribution.Sample(second);
            }

            return samplesAgree
                && Math.Abs(distribution.Mean - mean) <= 1e-15 * mean
                && Math.Abs(distribution.SquaredCoefficientOfVariation - scv) <= 1e-14 * Math.Max(scv, 1);
        });

    [Fact]
    public void Sample_Deterministic_AlwaysReturnsTheValue()
    {
        ServiceDistribution distribution = ServiceDistribution.Deterministic(0.75);
        var random = new Random(3);

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(0.75, distribution.Sample(random));
        }
    }

    [Theory]
    [InlineData(1e-320)]
    [InlineData(1e-300)]
    public void FromMeanAndScv_VanishingScv_SamplesFiniteValuesAtTheMean(double scv)
    {
        ServiceDistribution distribution = ServiceDistribution.FromMeanAndScv(2.0, scv);
        var random = new Random(4);

        for (int i = 0; i < 100; i++)
        {
            Tolerance.AssertClose(2.0, distribution.Sample(random), relative: 1e-12, what: $"SCV {scv}");
        }
    }

    [Fact]
    public void Sample_NullRandom_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ServiceDistribution.Exponential(1).Sample(null!));
    }

    [Theory]
    [InlineData("Exponential", 0.0, 0.0, "rate")]
    [InlineData("Exponential", double.PositiveInfinity, 0.0, "rate")]
    [InlineData("Deterministic", -1.0, 0.0, "value")]
    [InlineData("Gamma", 1.0, 0.0, "squaredCoefficientOfVariation")]
    [InlineData("Gamma", double.NaN, 0.5, "mean")]
    [InlineData("Hyperexponential", 1.0, 0.99, "squaredCoefficientOfVariation")]
    [InlineData("FromMeanAndScv", 1.0, -0.1, "squaredCoefficientOfVariation")]
    [InlineData("FromMeanAndScv", 0.0, 1.0, "mean")]
    [InlineData("FromMeanAndScv", 1.0, double.PositiveInfinity, "squaredCoefficientOfVariation")]
    [InlineData("Erlang", 0.0, 1.0, "phases")]
    public void Factory_InvalidArgument_ThrowsNamingIt(string factory, double first, double second, string parameter)
    {
        Func<ServiceDistribution> create = factory switch
        {
            "Exponential" => () => ServiceDistribution.Exponential(first),
            "Deterministic" => () => ServiceDistribution.Deterministic(first),
            "Gamma" => () => ServiceDistribution.Gamma(first, second),
            "Hyperexponential" => () => ServiceDistribution.Hyperexponential(first, second),
            "Erlang" => () => ServiceDistribution.Erlang((int)first, second),
            _ => () => ServiceDistribution.FromMeanAndScv(first, second),
        };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(parameter, exception.ParamName);
    }

    private static ServiceDistribution Create(string factory) => factory switch
    {
        "Exponential(4)" => ServiceDistribution.Exponential(4),
        "Deterministic(2)" => ServiceDistribution.Deterministic(2),
        "Erlang(1, 3)" => ServiceDistribution.Erlang(1, 3),
        "Erlang(4, 3)" => ServiceDistribution.Erlang(4, 3),
        "Erlang(25, 1)" => ServiceDistribution.Erlang(25, 1),
        "Gamma(2, 0.3)" => ServiceDistribution.Gamma(2, 0.3),
        "Gamma(2, 2.5)" => ServiceDistribution.Gamma(2, 2.5),
        "Hyperexponential(5, 1)" => ServiceDistribution.Hyperexponential(5, 1),
        "Hyperexponential(5, 9)" => ServiceDistribution.Hyperexponential(5, 9),
        "FromMeanAndScv(1.5, 0)" => ServiceDistribution.FromMeanAndScv(1.5, 0),
        "FromMeanAndScv(1.5, 0.5)" => ServiceDistribution.FromMeanAndScv(1.5, 0.5),
        "FromMeanAndScv(1.5, 0.7)" => ServiceDistribution.FromMeanAndScv(1.5, 0.7),
        "FromMeanAndScv(1.5, 1)" => ServiceDistribution.FromMeanAndScv(1.5, 1),
        "FromMeanAndScv(1.5, 4)" => ServiceDistribution.FromMeanAndScv(1.5, 4),
        "FromMeanAndScv(0.001, 100)" => ServiceDistribution.FromMeanAndScv(0.001, 100),
        _ => throw new ArgumentException(factory, nameof(factory)),
    };

    /// <summary>A mean spread over six decades and an SCV in [0, 5] with the special values 0 and 1 and Erlang SCVs 1/k.</summary>
    private static Gen<(double Mean, double Scv)> MeansAndScvs() =>
        Gen.Zip(
            Gen.Choose(-3000, 3000).Select(x => Math.Pow(10, x / 1000.0)),
            Gen.Frequency(
                (1, Gen.Constant(0.0)),
                (1, Gen.Constant(1.0)),
                (2, Gen.Choose(2, 30).Select(k => 1.0 / k)),
                (6, Gen.Choose(1, 5000).Select(x => x / 1000.0))));

    private static (double Mean, double Variance) SampleMoments(ServiceDistribution distribution, Random random, int count)
    {
        // Welford's update keeps the variance accurate for any mean.
        double mean = 0;
        double squares = 0;
        for (int i = 1; i <= count; i++)
        {
            double value = distribution.Sample(random);
            double delta = value - mean;
            mean += delta / i;
            squares += delta * (value - mean);
        }

        return (mean, squares / (count - 1));
    }

    /// <summary>
    /// Checks the sample mean against σ/√n and the sample variance against √((μ₄ − σ⁴)/n), with μ₄ the central
    /// fourth moment of the fitted family, derived here independently of the library.
    /// </summary>
    private static void AssertMoments(double mean, double scv, double sampleMean, double sampleVariance, int count, double standardErrors, string what)
    {
        double variance = scv * mean * mean;
        if (scv == 0)
        {
            Assert.Equal(mean, sampleMean, 12);
            Assert.True(sampleVariance < 1e-20 * mean * mean, $"{what}: a constant has sample variance {sampleVariance}");
            return;
        }

        double meanError = Math.Sqrt(variance / count);
        double varianceError = Math.Sqrt((CentralFourthMoment(mean, scv) - variance * variance) / count);
        Assert.True(Math.Abs(sampleMean - mean) <= standardErrors * meanError, $"{what}: sample mean {sampleMean:R}, expected {mean:R} ± {standardErrors}×{meanError:E3}");
        Assert.True(Math.Abs(sampleVariance - variance) <= standardErrors * varianceError, $"{what}: sample variance {sampleVariance:R}, expected {variance:R} ± {standardErrors}×{varianceError:E3}");
    }

    /// <summary>
    /// Gamma with shape α = 1/SCV and scale θ: μ₄ = 3α(α + 2)θ⁴. Balanced two-phase hyperexponential:
    /// raw moments E[Xᵏ] = k!·Σ pᵢ mᵢᵏ with p₁ = (1 + √((SCV − 1)/(SCV + 1)))/2 and phase means mᵢ = mean/(2pᵢ).
    /// </summary>
    private static double CentralFourthMoment(double mean, double scv)
    {
        if (scv <= 1)
        {
            double shape = 1 / scv;
            double scale = mean * scv;
            return 3 * shape * (shape + 2) * Math.Pow(scale, 4);
        }

        double p1 = 0.5 * (1 + Math.Sqrt((scv - 1) / (scv + 1)));
        double p2 = 1 - p1;
        double m1 = mean / (2 * p1);
        double m2 = mean / (2 * p2);
        double Raw(int k, double factorial) => factorial * (p1 * Math.Pow(m1, k) + p2 * Math.Pow(m2, k));
        return Raw(4, 24) - 4 * mean * Raw(3, 6) + 6 * mean * mean * Raw(2, 2) - 3 * Math.Pow(mean, 4);
    }
}
