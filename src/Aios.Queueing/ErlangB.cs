namespace Aios.Queueing;

/// <summary>
/// The Erlang B formula: the probability that an arrival finds all servers busy and is lost, in an
/// M/M/c/c loss system (also M/G/c/c, by insensitivity) with offered load a = λ/μ Erlangs.
/// </summary>
/// <remarks>
/// Stable for any number of servers and any offered load: small systems use the contractive recursion
/// B(n) = a·B(n−1) / (n + a·B(n−1)); large ones use B = P(X = c) / P(X ≤ c) for X ~ Poisson(a), with
/// P(X = c) from Loader's saddle-point form and the tail summed as a ratio series, so nothing overflows
/// and nothing cancels. Cost is O(1) in the number of servers away from a ≈ c and O(√c) at a ≈ c.
/// </remarks>
public static class ErlangB
{
    /// <summary>Below this many servers the plain recursion is both exact enough and fastest.</summary>
    internal const int RecursionLimit = 30;

    /// <summary>Computes the Erlang B blocking probability B(c, a).</summary>
    /// <param name="servers">The number of servers c, at least 0 (0 servers block every arrival).</param>
    /// <param name="offeredLoad">The offered load a = λ/μ in Erlangs, finite and at least 0.</param>
    /// <returns>B(c, a) in [0, 1]; 1 when <paramref name="servers"/> is 0, 0 when the load is 0 and there is a server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is negative, NaN or infinite.</exception>
    public static double BlockingProbability(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        Guard.FiniteNonNegative(offeredLoad);
        return Compute(servers, offeredLoad);
    }

    /// <summary>B(c, a) without argument checks; callers have validated c ≥ 0 and a finite ≥ 0.</summary>
    internal static double Compute(int servers, double offeredLoad)
    {
        if (servers == 0)
        {
            return 1;
        }

        if (offeredLoad == 0)
        {
            return 0;
        }

        if (servers <= RecursionLimit)
        {
            double blocking = 1;
            for (int n = 1; n <= servers; n++)
            {
                double carried = offeredLoad * blocking;
                blocking = carried / (n + carried);
            }

            return blocking;
        }

        double c = servers;
        if (c < offeredLoad)
        {
            return 1 / LowerRatioSum(c, offeredLoad);
        }

        // B = P(X = c) / (1 − P(X > c)), P(X > c) = P(X = c) · Σ_{n≥1} Π_{j=1..n} a/(c + j).
        double mass = PoissonMath.ProbabilityLarge(c, offeredLoad);
        if (mass == 0)
        {
            return 0;
        }

        double tail = UpperRatioSum(c, offeredLoad);
        return mass / (1 - mass * tail);
    }

    /// <summary>Terms summed per block: one division per block, and no dependent chain of divisions.</summary>
    private const int Block = 8;

    /// <summary>
    /// Σ_{n≥1} Π_{j=1..n} a/(c + j) = P(X &gt; c)/P(X = c) for c ≥ a, where the terms fall from the first.
    /// </summary>
    /// <remarks>
    /// Summed in blocks of eight with a common denominator: for q_m = c + j + m, the block adds
    /// t·G₈/p₈ with G_k = G_(k−1)·q_k + a^k and p₈ = Π q_m, and the next block starts at t·a⁸/p₈. a⁸ is carried
    /// as a double-double so that its rounding does not compound over thousands of blocks. At a ≈ c this needs
    /// about 8√c terms (1/8 as many divisions), against one division per term in the plain series.
    /// </remarks>
    private static double UpperRatioSum(double c, double a)
    {
        PowersOf(a, out double a2, out double a3, out double a4, out double a5, out double a6, out double a7, out double a8High, out double a8Low);
        double term = 1;
        double sum = 0;
        for (double j = c; ; j += Block)
        {
            double q1 = j + 1, q2 = j + 2, q3 = j + 3, q4 = j + 4, q5 = j + 5, q6 = j + 6, q7 = j + 7, q8 = j + 8;
            double numerator = ((((((((a * q2) + a2) * q3 + a3) * q4 + a4) * q5 + a5) * q6 + a6) * q7 + a7) * q8) + a8High + a8Low;
            double scale = term / (q1 * q2 * q3 * q4 * (q5 * q6 * q7 * q8));
            double blockSum = numerator * scale;
            sum += blockSum;
            term = a8High * scale + a8Low * scale;
            if (blockSum <= sum * 1e-17 || term == 0)
            {
                return sum;
            }
        }
    }

    /// <summary>
    /// Σ_{k≥0} Π_{m&lt;k} (c − m)/a = P(X ≤ c)/P(X = c) for c &lt; a: every factor is below 1, so the terms fall; the
    /// factor (c − c) = 0 ends the sum exactly.
    /// </summary>
    /// <remarks>Blocks of eight as in <see cref="UpperRatioSum"/>: with r_m = c − k − m the block adds
    /// u·r₀(a⁷ + r₁(a⁶ + … + r₆(a + r₇)))/a⁸ and the next block starts at u·Π r_m/a⁸.</remarks>
    private static double LowerRatioSum(double c, double a)
    {
        if (a > 1e30)
        {
            // a⁸ would leave double range; the terms fall by a factor c/a &lt; 1e-20 each, so a plain sum is short.
            double plainSum = 1;
            double plainTerm = 1;
            for (double m = 0; m <= c && plainTerm > plainSum * 1e-17; m++)
            {
                plainTerm *= (c - m) / a;
                plainSum += plainTerm;
            }

            return plainSum;
        }

        PowersOf(a, out double a2, out double a3, out double a4, out double a5, out double a6, out double a7, out double a8High, out double a8Low);

        // x/(h + l) = (x/h)(1 − l/h) to double-double accuracy, since |l/h| ≤ 2⁻⁵³.
        double inverseA8 = (1 - a8Low / a8High) / a8High;
        double term = 1;
        double sum = 1;
        for (double k = 0; k <= c; k += Block)
        {
            double r0 = c - k, r1 = r0 - 1, r2 = r0 - 2, r3 = r0 - 3, r4 = r0 - 4, r5 = r0 - 5, r6 = r0 - 6, r7 = r0 - 7;
            double nested = r0 * (a7 + r1 * (a6 + r2 * (a5 + r3 * (a4 + r4 * (a3 + r5 * (a2 + r6 * (a + r7)))))));
            double scaled = term * inverseA8;
            double blockSum = nested * scaled;
            sum += blockSum;
            term = scaled * (r0 * r1 * r2 * r3 * (r4 * r5 * r6 * r7));
            if (blockSum <= sum * 1e-17 || term <= 0)
            {
                return sum;
            }
        }

        return sum;
    }

    /// <summary>a², …, a⁷, and a⁸ as an unevaluated sum high + low (error-free products via fused multiply-add).</summary>
    private static void PowersOf(double a, out double a2, out double a3, out double a4, out double a5, out double a6, out double a7, out double a8High, out double a8Low)
    {
        a2 = a * a;
        a3 = a2 * a;
        a4 = a2 * a2;
        a5 = a4 * a;
        a6 = a4 * a2;
        a7 = a4 * a3;

        // a⁸ = ((a²)²)² in double-double: each square carries its rounding error forward.
        double squareHigh = a * a;
        double squareLow = Math.FusedMultiplyAdd(a, a, -squareHigh);
        for (int i = 0; i < 2; i++)
        {
            double high = squareHigh * squareHigh;
            double low = Math.FusedMultiplyAdd(squareHigh, squareHigh, -high) + 2 * squareHigh * squareLow;
            squareHigh = high + low;
            squareLow = low - (squareHigh - high);
        }

        a8High = squareHigh;
        a8Low = squareLow;
    }

    /// <summary>
    /// The next value of the recursion, B(c + 1, a) from B(c, a): the step that makes staffing searches O(1) per candidate.
    /// </summary>
    internal static double Next(double blocking, int servers, double offeredLoad)
    {
        double carried = offeredLoad * blocking;
        return carried / (servers + 1 + carried);
    }
}
