using Aios.Queueing.Simulation;
using Aios.Testing;

namespace Aios.Queueing.Tests.Simulation;

public sealed class BatchMeansTests
{
    [Fact]
    public void Ratio_EqualDenominators_IsTheTextbookBatchMeansInterval()
    {
        double[] batchMeans = [1.0, 2.0, 4.0, 3.0, 5.0];
        double[] numerators = new double[batchMeans.Length];
        double[] denominators = new double[batchMeans.Length];
        for (int b = 0; b < batchMeans.Length; b++)
        {
            numerators[b] = 2.5 * batchMeans[b];
            denominators[b] = 2.5;
        }

        Estimate estimate = BatchMeans.Ratio(numerators, denominators, tQuantile: 2.7764451051977935, confidenceLevel: 0.95);

        // Mean 3, sample variance 2.5, standard error √(2.5/5).
        Tolerance.AssertClose(3.0, estimate.Mean, relative: 1e-15);
        Tolerance.AssertClose(2.7764451051977935 * Math.Sqrt(0.5), estimate.HalfWidth, relative: 1e-14);
    }

    [Fact]
    public void Ratio_UnequalDenominators_UsesPooledRatioAndDeltaMethod()
    {
        double[] numerators = [2.0, 9.0, 0.0];
        double[] denominators = [1.0, 3.0, 0.0];

        Estimate estimate = BatchMeans.Ratio(numerators, denominators, tQuantile: 1.0, confidenceLevel: 0.95);

        // R = 11/4; residuals −0.75, 0.75, 0; s² = 1.125/2; SE = √(s²/3)/(4/3).
        Tolerance.AssertClose(2.75, estimate.Mean, relative: 1e-15);
        Tolerance.AssertClose(Math.Sqrt(1.125 / 2 / 3) / (4.0 / 3.0), estimate.HalfWidth, relative: 1e-14);
    }

    [Fact]
    public void Ratio_NoData_HasNaNMeanAndInfiniteHalfWidth()
    {
        Estimate estimate = BatchMeans.Ratio([0.0, 0.0], [0.0, 0.0], tQuantile: 12.7, confidenceLevel: 0.95);

        Assert.True(double.IsNaN(estimate.Mean));
        Assert.Equal(double.PositiveInfinity, estimate.HalfWidth);
    }
}
