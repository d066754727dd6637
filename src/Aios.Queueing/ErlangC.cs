namespace Aios.Queueing;

/// <summary>
/// The Erlang C formula: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ.
/// </summary>
/// <remarks>
/// Computed from Erlang B as C = c·B / (c − a + a·B), which is the textbook C = B / (1 − ρ(1 − B)) with
/// 1 − ρ formed as (c − a)/c, so nothing cancels as ρ → 1. For a ≥ c the queue is unstable and every
/// arrival eventually waits: the result is 1.
/// </remarks>
public static class ErlangC
{
    /// <summary>Computes the Erlang C probability of waiting C(c, a).</summary>
    /// <param name="servers">The number of servers c, at least 1.</param>
    /// <param name="offeredLoad">The offered load a = λ/μ in Erlangs, finite and at least 0.</param>
    /// <returns>C(c, a) in [0, 1]; exactly 1 when a ≥ c (unstable).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static double ProbabilityOfWaiting(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        Guard.FiniteNonNegative(offeredLoad);
        return Compute(servers, offeredLoad);
    }

    internal static double Compute(int servers, double offeredLoad)
    {
        if (offeredLoad >= servers)
        {
            return 1;
        }

        double blocking = ErlangB.Compute(servers, offeredLoad);
        return FromBlocking(blocking, servers, offeredLoad);
    }

    /// <summary>C from B for a stable system (a &lt; c).</summary>
    internal static double FromBlocking(double blocking, int servers, double offeredLoad) =>
        FromBlocking(blocking, servers, offeredLoad, servers - offeredLoad);

    /// <summary>C from B given the slack c − a, when the caller has it more precisely than c minus the rounded a.</summary>
    internal static double FromBlocking(double blocking, int servers, double offeredLoad, double slack) =>
        servers * blocking / (slack + offeredLoad * blocking);

    /// <summary>1 − C = (c − a)(1 − B)/(c − a + a·B) from B and the slack c − a, without subtracting C from 1.</summary>
    internal static double ComplementFromBlocking(double blocking, double offeredLoad, double slack) =>
        slack * (1 - blocking) / (slack + offeredLoad * blocking);
}
