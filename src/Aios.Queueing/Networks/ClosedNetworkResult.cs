namespace Aios.Queueing.Networks;

/// <summary>The figures of a <see cref="ClosedNetwork"/> with a given number of customers.</summary>
/// <remarks>
/// The response time <see cref="ResponseTime"/> sums the residence times of the queueing stations only: it is what
/// a user sees between submitting a request and getting the answer. <see cref="CycleTime"/> adds the delay stations
/// (think time), so that <see cref="CycleTime"/> = N/X (Little's law applied to the whole closed loop) and, with
/// terminals as the delay station, R = N/X − Z (the interactive response time law).
/// </remarks>
public sealed class ClosedNetworkResult
{
    internal ClosedNetworkResult(
        int population,
        double throughput,
        double responseTime,
        double cycleTime,
        IReadOnlyList<ClosedStationResult> stations,
        bool isApproximate,
        int iterations,
        bool converged)
    {
        Population = population;
        Throughput = throughput;
        ResponseTime = responseTime;
        CycleTime = cycleTime;
        Stations = stations;
        IsApproximate = isApproximate;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>N, the number of customers circulating in the network.</summary>
    public int Population { get; }

    /// <summary>X, customer cycles completed per unit time (the rate at which requests are answered); 0 when N = 0.</summary>
    public double Throughput { get; }

    /// <summary>
    /// R, the mean time per cycle spent at queueing stations (delay stations excluded). When N = 0 there is no
    /// customer; the value reported is then the sum of the queueing demands, what the first customer would see.
    /// </summary>
    public double ResponseTime { get; }

    /// <summary>R + Z: the mean time for one full cycle, delay stations included; N/X when N ≥ 1.</summary>
    public double CycleTime { get; }

    /// <summary>The figures of each station, in the order of <see cref="ClosedNetwork.Stations"/>.</summary>
    public IReadOnlyList<ClosedStationResult> Stations { get; }

    /// <summary>
    /// Whether the figures are approximate: always for <see cref="ClosedNetwork.SolveApproximate"/> (Bard–Schweitzer),
    /// and for <see cref="ClosedNetwork.SolveExact"/> when a queueing station has more than one server (Seidmann).
    /// </summary>
    public bool IsApproximate { get; }

    /// <summary>The fixed-point iterations used by <see cref="ClosedNetwork.SolveApproximate"/>; 0 for the exact recursion.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Whether the Bard–Schweitzer iteration met its tolerance within the allowed iterations; always true for the exact
    /// recursion. When false the figures are the last iterate.
    /// </summary>
    public bool Converged { get; }
}
