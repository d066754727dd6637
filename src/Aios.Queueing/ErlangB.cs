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
        Guard.AtLeast(servers, 0);
        Guard.NonNegativeFinite(offeredLoad);
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
            // 1/B = P(X ≤ c)/P(X = c) = Σ_k Π_{j<k} (c − j)/a: every factor is below 1, so the terms fall.
            double sum = 1;
            double term = 1;
            for (int j = 0; j < servers; j++)
            {
                term *= (c - j) / offeredLoad;
                sum += term;
                if (term < sum * 1e-17)
                {
                    break;
                }
            }

            return 1 / sum;
        }

        // B = P(X = c) / (1 − P(X > c)), P(X > c) = P(X = c) · Σ_{n≥1} Π_{j=1..n} a/(c + j).
        double mass = PoissonMath.ProbabilityLarge(c, offeredLoad);
        if (mass == 0)
        {
            return 0;
        }

        double tail = 0;
        double ratio = 1;
        for (int j = 1; j < int.MaxValue; j++)
        {
            ratio *= offeredLoad / (c + j);
            tail += ratio;
            if (ratio < tail * 1e-17)
            {
                break;
            }
        }

        return mass / (1 - mass * tail);
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
