using System.Diagnostics;

namespace Aios.Queueing;

/// <summary>
/// Sums and means of truncated geometric weights e^(ℓj), the shape of a birth–death chain with constant
/// birth and death rates (the M/M/c/K queue above its servers), in forms that are O(1) in the number of
/// terms and neither overflow nor cancel as the ratio e^ℓ approaches 1.
/// </summary>
internal static class TruncatedGeometric
{
    /// <summary>Up to this many terms the mean is summed term by term: exact enough, and no closed form to get right.</summary>
    internal const int DirectLimit = 64;

    /// <summary>
    /// Taylor coefficients of 1/z − 1/(e^z − 1) = 1/2 − Σ_k (B₂ₖ/(2k)!) z^(2k−1), B₂ₖ the Bernoulli numbers
    /// (Abramowitz &amp; Stegun 23.1.1); for |z| &lt; 1/2 the first omitted term is below 1e-19 of the sum.
    /// </summary>
    private static readonly double[] BernoulliCoefficients =
    [
        1.0 / 12,
        -1.0 / 720,
        1.0 / 30240,
        -1.0 / 1209600,
        1.0 / 47900160,
        -5.284190138687493184847682e-10,
        1.338253653068467883282698e-11,
        -3.389680296322582866830195e-13,
    ];

    /// <summary>Σ_{j=0}^{count−1} e^(ℓj) for ℓ ≤ 0 (possibly −∞), as expm1(ℓ·count)/expm1(ℓ): no cancellation as ℓ → 0.</summary>
    /// <param name="count">The number of terms, ≥ 0.</param>
    /// <param name="logRatio">ℓ, the logarithm of the common ratio, at most 0.</param>
    public static double Sum(int count, double logRatio)
    {
        Debug.Assert(logRatio <= 0, "Only falling ratios: rising ones would overflow.");
        if (count == 0)
        {
            return 0;
        }

        if (logRatio == 0)
        {
            return count;
        }

        return Numerics.ExpM1(count * logRatio) / Numerics.ExpM1(logRatio);
    }

    /// <summary>
    /// The mean of j on {0, …, <paramref name="last"/>} under weights proportional to e^(ℓj), for any ℓ
    /// (rising ratios use the mirror identity mean(ℓ) = last − mean(−ℓ), whose subtraction loses at most one bit
    /// because a falling mean is at most last/2).
    /// </summary>
    /// <param name="last">m, the largest value of j, ≥ 0.</param>
    /// <param name="logRatio">ℓ, the logarithm of the common ratio; ±∞ allowed.</param>
    public static double Mean(int last, double logRatio)
    {
        if (last == 0)
        {
            return 0;
        }

        if (logRatio > 0)
        {
            return last - Mean(last, -logRatio);
        }

        double decay = -logRatio;
        if (last <= DirectLimit)
        {
            double ratio = Math.Exp(logRatio);
            double weight = 1;
            double total = 1;
            double moment = 0;
            for (int j = 1; j <= last; j++)
            {
                weight *= ratio;
                total += weight;
                moment += j * weight;
            }

            return moment / total;
        }

        // With t = e^(−y): mean = t/(1 − t) − (m + 1)t^(m+1)/(1 − t^(m+1)) = 1/expm1(y) − (m + 1)/expm1((m + 1)y).
        // Both terms approach 1/y as (m + 1)y → 0; once (m + 1)y ≥ 1/2 they differ by at least a quarter of 1/y.
        double spanDecay = (last + 1.0) * decay;
        if (spanDecay >= 0.5)
        {
            return 1 / Numerics.ExpM1(decay) - (last + 1.0) / Numerics.ExpM1(spanDecay);
        }

        // Below that, write 1/expm1(z) = 1/z − φ(z): the 1/y parts cancel exactly and
        // mean = (m + 1)·φ((m + 1)y) − φ(y), with both φ values near 1/2 and the first at least (m + 1)·0.45.
        return (last + 1.0) * ReciprocalGap(spanDecay) - ReciprocalGap(decay);
    }

    /// <summary>φ(z) = 1/z − 1/(e^z − 1) for 0 ≤ z &lt; 1/2, from its Taylor series (φ(0) = 1/2).</summary>
    private static double ReciprocalGap(double z)
    {
        Debug.Assert(z is >= 0 and < 0.5, "The series is truncated for |z| < 1/2.");
        double square = z * z;
        double series = 0;
        for (int k = BernoulliCoefficients.Length - 1; k >= 0; k--)
        {
            series = series * square + BernoulliCoefficients[k];
        }

        return 0.5 - z * series;
    }
}
