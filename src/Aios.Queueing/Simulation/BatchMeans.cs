namespace Aios.Queueing.Simulation;

/// <summary>
/// Confidence intervals by the method of batch means for ratio estimators R = ΣYᵦ / ΣXᵦ over B batches
/// (a sum of waiting times over a count of jobs, an area under a curve over a length of time).
/// </summary>
/// <remarks>
/// The point estimate uses all the measured data at once. Its standard error comes from the batches by the
/// delta method for ratios: s² = Σ(Yᵦ − R·Xᵦ)² / (B − 1), SE = √(s²/B) / X̄ with X̄ = ΣXᵦ / B, and the
/// half-width is t(B − 1)·SE with Student's t (Law, Simulation Modeling and Analysis, 5th ed., 2015, ch. 9,
/// batch means and ratio estimators; Asmussen and Glynn, Stochastic Simulation, 2007, ch. III, the delta method). When every batch has the same Xᵦ (time
/// averages over equal time batches) this is the textbook batch-means interval; when batches hold different
/// numbers of a class's jobs it weights them correctly, and a batch without any of them is no obstacle.
/// </remarks>
internal static class BatchMeans
{
    public static Estimate Ratio(ReadOnlySpan<double> numerators, ReadOnlySpan<double> denominators, double tQuantile, double confidenceLevel)
    {
        int batches = numerators.Length;
        double numeratorSum = 0;
        double denominatorSum = 0;
        for (int b = 0; b < batches; b++)
        {
            numeratorSum += numerators[b];
            denominatorSum += denominators[b];
        }

        if (!(denominatorSum > 0))
        {
            return new Estimate(double.NaN, double.PositiveInfinity, confidenceLevel);
        }

        double ratio = numeratorSum / denominatorSum;
        double squares = 0;
        for (int b = 0; b < batches; b++)
        {
            double residual = numerators[b] - ratio * denominators[b];
            squares += residual * residual;
        }

        double meanDenominator = denominatorSum / batches;
        double standardError = Math.Sqrt(squares / (batches - 1) / batches) / meanDenominator;
        return new Estimate(ratio, tQuantile * standardError, confidenceLevel);
    }
}
