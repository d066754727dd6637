namespace Aios.Queueing;

/// <summary>
/// Sizing: the fewest servers that meet a target. Every search starts at the stability boundary and
/// steps up with the Erlang B recursion B(c + 1) = a·B(c)/(c + 1 + a·B(c)), so one candidate costs O(1)
/// and a whole search O(√a) after one O(1) Erlang B evaluation; it never redoes an O(c) recursion per
/// candidate.
/// </summary>
public static class Staffing
{
    /// <summary>The fewest servers c for which an M/M/c queue's mean wait Wq is at most <paramref name="meanWaitTarget"/>.</summary>
    /// <param name="arrivalRate">λ: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ: finite, &gt; 0.</param>
    /// <param name="meanWaitTarget">The largest acceptable mean wait: finite, ≥ 0 (0 is reachable only with no traffic).</param>
    /// <returns>The smallest c ≥ 1 meeting the target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite, or the load is so large that no server count below <see cref="int.MaxValue"/> meets the target.</exception>
    /// <exception cref="InvalidOperationException">No server count up to <see cref="int.MaxValue"/> meets the target (only when the target is 0 with traffic).</exception>
    public static int ServersForMeanWait(double arrivalRate, double serviceRate, double meanWaitTarget)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        Guard.FiniteNonNegative(meanWaitTarget);
        double load = arrivalRate / serviceRate;
        if (load == 0)
        {
            return 1;
        }

        if (meanWaitTarget == 0)
        {
            throw new InvalidOperationException("A mean wait of 0 cannot be met with any finite number of servers when there is traffic; use a positive meanWaitTarget.");
        }

        int servers = FirstStable(arrivalRate, serviceRate, load);
        double blocking = ErlangB.Compute(servers, load);
        while (true)
        {
            double drain = Math.FusedMultiplyAdd(servers, serviceRate, -arrivalRate);
            double waiting = ErlangC.FromBlocking(blocking, servers, load, drain / serviceRate);
            double meanWait = waiting / drain;
            if (meanWait <= meanWaitTarget)
            {
                return servers;
            }

            blocking = ErlangB.Next(blocking, servers, load);
            servers = NextServerCount(servers, nameof(arrivalRate), arrivalRate);
        }
    }

    /// <summary>
    /// The fewest servers c for which an M/M/c queue's service level P(Wq ≤ <paramref name="waitTarget"/>)
    /// is at least <paramref name="serviceLevelTarget"/> (e.g. 80% of requests start within 20 s).
    /// </summary>
    /// <param name="arrivalRate">λ: finite, ≥ 0.</param>
    /// <param name="serviceRate">μ: finite, &gt; 0.</param>
    /// <param name="waitTarget">The wait threshold t: finite, ≥ 0.</param>
    /// <param name="serviceLevelTarget">The share s that must start within t: in [0, 1).</param>
    /// <returns>The smallest c ≥ 1 meeting the target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite, or the load is so large that no server count below <see cref="int.MaxValue"/> meets the target.</exception>
    public static int ServersForServiceLevel(double arrivalRate, double serviceRate, double waitTarget, double serviceLevelTarget)
    {
        Guard.FiniteNonNegative(arrivalRate);
        Guard.FinitePositive(serviceRate);
        Guard.FiniteNonNegative(waitTarget);
        if (!(serviceLevelTarget >= 0 && serviceLevelTarget < 1))
        {
            Guard.ThrowOutOfRange(nameof(serviceLevelTarget), serviceLevelTarget, "a probability in [0, 1)");
        }

        double load = arrivalRate / serviceRate;
        if (load == 0)
        {
            return 1;
        }

        int servers = FirstStable(arrivalRate, serviceRate, load);
        double blocking = ErlangB.Compute(servers, load);
        while (MMcQueue.ServiceLevelFromBlocking(blocking, servers, load, Math.FusedMultiplyAdd(servers, serviceRate, -arrivalRate) / serviceRate, serviceRate, waitTarget) < serviceLevelTarget)
        {
            blocking = ErlangB.Next(blocking, servers, load);
            servers = NextServerCount(servers, nameof(arrivalRate), arrivalRate);
        }

        return servers;
    }

    /// <summary>The fewest servers c for which the Erlang B blocking probability B(c, a) is at most <paramref name="blockingTarget"/>.</summary>
    /// <param name="offeredLoad">a = λ/μ in Erlangs: finite, ≥ 0.</param>
    /// <param name="blockingTarget">The largest acceptable blocking probability: in (0, 1].</param>
    /// <returns>The smallest c ≥ 1 meeting the target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite, or the load is so large that no server count below <see cref="int.MaxValue"/> meets the target.</exception>
    public static int ServersForBlocking(double offeredLoad, double blockingTarget)
    {
        Guard.FiniteNonNegative(offeredLoad);
        if (!(blockingTarget > 0 && blockingTarget <= 1))
        {
            Guard.ThrowOutOfRange(nameof(blockingTarget), blockingTarget, "a probability in (0, 1]");
        }

        if (offeredLoad == 0)
        {
            return 1;
        }

        // B(c, a) > 1 − c/a for c < a (the carried load a(1 − B) is below c), so no c below a(1 − target) can qualify.
        int servers = Math.Max(1, (int)Math.Min(int.MaxValue - 1, Math.Floor(offeredLoad * (1 - blockingTarget))));
        double blocking = ErlangB.Compute(servers, offeredLoad);
        while (blocking > blockingTarget)
        {
            blocking = ErlangB.Next(blocking, servers, offeredLoad);
            servers = NextServerCount(servers, nameof(offeredLoad), offeredLoad);
        }

        return servers;
    }

    /// <summary>The next candidate server count; a search that runs out of <see cref="int"/> is an input too large to staff.</summary>
    private static int NextServerCount(int servers, string name, double value)
    {
        if (servers == int.MaxValue)
        {
            Guard.ThrowOutOfRange(name, value, "small enough that fewer than int.MaxValue servers meet the target");
        }

        return servers + 1;
    }

    /// <summary>The smallest c with λ &lt; cμ, decided by the sign of cμ − λ formed with one rounding.</summary>
    private static int FirstStable(double arrivalRate, double serviceRate, double load)
    {
        double first = Math.Floor(load) + 1;
        if (first > int.MaxValue - 2)
        {
            Guard.ThrowOutOfRange(nameof(arrivalRate), arrivalRate, "such that λ/μ is below int.MaxValue servers");
        }

        int servers = (int)first;
        while (Math.FusedMultiplyAdd(servers, serviceRate, -arrivalRate) <= 0)
        {
            servers++;
        }

        // λ/μ may round up across an integer: the candidate below can still be stable.
        while (servers > 1 && Math.FusedMultiplyAdd(servers - 1, serviceRate, -arrivalRate) > 0)
        {
            servers--;
        }

        return servers;
    }
}
