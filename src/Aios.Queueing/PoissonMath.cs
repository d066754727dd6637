namespace Aios.Queueing;

/// <summary>
/// Poisson probabilities without overflow or cancellation, following Loader, "Fast and Accurate
/// Computation of Binomial Probabilities" (2000): P(X = k) = exp(-StirlingError(k) - Deviance(k, mean)) / sqrt(2πk).
/// </summary>
internal static class PoissonMath
{
    private const double TwoPi = 2 * Math.PI;

    /// <summary>
    /// ln(n!) - (n + 1/2) ln n + n - ln(2π)/2 for n &gt; 30, from the Stirling series
    /// 1/(12n) - 1/(360n³) + 1/(1260n⁵) - 1/(1680n⁷) + 1/(1188n⁹); the next term is below 1e-19 there.
    /// </summary>
    public static double StirlingError(double n)
    {
        const double S0 = 1.0 / 12;
        const double S1 = 1.0 / 360;
        const double S2 = 1.0 / 1260;
        const double S3 = 1.0 / 1680;
        const double S4 = 1.0 / 1188;
        double inverseSquare = 1 / (n * n);
        return (S0 - (S1 - (S2 - (S3 - S4 * inverseSquare) * inverseSquare) * inverseSquare) * inverseSquare) / n;
    }

    /// <summary>The deviance term x ln(x / mean) + mean - x, accurate when x is close to mean (Loader's bd0).</summary>
    public static double Deviance(double x, double mean)
    {
        double difference = x - mean;
        if (Math.Abs(difference) < 0.1 * (x + mean))
        {
            // x ln(x/m) + m - x = (x - m) v + 2x Σ v^(2j+1)/(2j+1), v = (x - m)/(x + m).
            double v = difference / (x + mean);
            double sum = difference * v;
            double term = 2 * x * v;
            double vSquared = v * v;
            for (int j = 1; j < 1000; j++)
            {
                term *= vSquared;
                double next = sum + term / (2 * j + 1);
                if (next == sum)
                {
                    return next;
                }

                sum = next;
            }

            return sum;
        }

        return x * Math.Log(x / mean) + mean - x;
    }

    /// <summary>P(X = k) for X ~ Poisson(mean), k &gt; 30, mean &gt; 0; underflows to 0 only when the value is below double range.</summary>
    public static double ProbabilityLarge(double k, double mean) =>
        Math.Exp(-StirlingError(k) - Deviance(k, mean)) / Math.Sqrt(TwoPi * k);
}
