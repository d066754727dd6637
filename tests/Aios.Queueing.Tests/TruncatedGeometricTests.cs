using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class TruncatedGeometricTests
{
    /// <summary>
    /// (m, ℓ) with m up to 20000 and |ℓ| log-uniform over [1e-10, 5] of either sign, plus ℓ = 0: (m + 1)|ℓ| covers the
    /// direct sum (m ≤ 64), the series (below 1/2) and the closed form (above).
    /// </summary>
    private static readonly Arbitrary<(int Last, double LogRatio)> Cases = Arb.From(
        from last in Gen.Frequency((1, Gen.Choose(0, 64)), (3, Gen.Choose(65, 20_000)))
        from magnitude in Gen.Frequency((1, Gen.Constant(0.0)), (8, Gen.Choose(0, 1_000_000).Select(x => 1e-10 * Math.Pow(5e10, x / 1e6))))
        from sign in Gen.Elements(-1.0, 1.0)
        select (last, sign * magnitude));

    [Property(MaxTest = 3000)]
    public Property Mean_AnyRatio_MatchesCompensatedDirectSum() => Prop.ForAll(Cases, testCase =>
    {
        (double expectedMean, _) = Direct(testCase.Last, testCase.LogRatio);
        Tolerance.AssertClose(expectedMean, TruncatedGeometric.Mean(testCase.Last, testCase.LogRatio), 1e-13, 1e-300, $"mean {testCase}");
    });

    [Property(MaxTest = 3000)]
    public Property Sum_FallingRatio_MatchesCompensatedDirectSum() => Prop.ForAll(Cases, testCase =>
    {
        double logRatio = -Math.Abs(testCase.LogRatio);
        (_, double expectedSum) = Direct(testCase.Last, logRatio);
        Tolerance.AssertClose(expectedSum, TruncatedGeometric.Sum(testCase.Last + 1, logRatio), 1e-13, 0, $"sum {testCase}");
    });

    [Theory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(10, 0.0, 5.0)]
    [InlineData(10_000_000, 0.0, 5_000_000.0)]
    [InlineData(100, double.NegativeInfinity, 0.0)]
    [InlineData(100, double.PositiveInfinity, 100.0)]
    public void Mean_LimitingRatios_AreExact(int last, double logRatio, double expected) =>
        Assert.Equal(expected, TruncatedGeometric.Mean(last, logRatio));

    /// <summary>
    /// The mean and the sum Σ_{j≤m} e^(ℓj), with every weight taken relative to the largest (e^(ℓ(j − m)) for ℓ &gt; 0)
    /// and Neumaier-compensated sums, so the reference has no closed form to share mistakes with.
    /// </summary>
    private static (double Mean, double Sum) Direct(int last, double logRatio)
    {
        double total = 0;
        double totalCompensation = 0;
        double moment = 0;
        double momentCompensation = 0;
        for (int j = 0; j <= last; j++)
        {
            double weight = logRatio > 0 ? Math.Exp(logRatio * (j - last)) : Math.Exp(logRatio * j);
            Add(ref total, ref totalCompensation, weight);
            Add(ref moment, ref momentCompensation, j * weight);
        }

        total += totalCompensation;
        moment += momentCompensation;
        return (moment / total, total);
    }

    private static void Add(ref double sum, ref double compensation, double value)
    {
        double next = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - next) + value : (value - next) + sum;
        sum = next;
    }
}
