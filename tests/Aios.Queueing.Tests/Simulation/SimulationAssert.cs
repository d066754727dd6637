using Aios.Queueing.Simulation;

namespace Aios.Queueing.Tests.Simulation;

/// <summary>
/// Agreement between a simulated estimate and an analytic value. The runs use 99% batch-means intervals, and an
/// analytic value passes when it lies within 1.5 times the half-width (about 4.3 standard errors): with fixed
/// seeds the outcome is deterministic, and a correct formula would fail for a new seed only with probability of
/// order 10⁻⁵ per figure. The interval must also be narrow enough to catch a wrong formula, so each check also
/// bounds the half-width: by default 6% of the expected value, so that an error above 9% fails.
/// </summary>
internal static class SimulationAssert
{
    public const double ConfidenceLevel = 0.99;

    public const double Widening = 1.5;

    /// <summary>Asserts that <paramref name="expected"/> lies in the widened interval, and that the interval is tight.</summary>
    /// <param name="estimate">The simulated figure.</param>
    /// <param name="expected">The analytic figure.</param>
    /// <param name="what">What is compared, for the failure message.</param>
    /// <param name="relativePrecision">The largest acceptable half-width relative to <paramref name="expected"/>.</param>
    /// <param name="absolutePrecision">The largest acceptable half-width in absolute terms (for figures near 0); the looser bound applies.</param>
    public static void Agrees(Estimate estimate, double expected, string what, double relativePrecision = 0.06, double absolutePrecision = 0.005)
    {
        Assert.True(
            Math.Abs(estimate.Mean - expected) <= Widening * estimate.HalfWidth,
            $"{what}: analytic {expected:R} lies outside the simulated {estimate} widened ×{Widening} (off by {(estimate.Mean - expected) / expected:P2})");
        double allowed = Math.Max(relativePrecision * Math.Abs(expected), absolutePrecision);
        Assert.True(
            estimate.HalfWidth <= allowed,
            $"{what}: the simulated {estimate} is too imprecise to test the formula (half-width above {allowed:G3}); simulate more jobs");
    }

    /// <summary>Asserts every figure of <paramref name="simulated"/> that <paramref name="expected"/> defines.</summary>
    public static void Agrees(QueueSimulationMetrics simulated, QueueMetrics expected, string what)
    {
        Agrees(simulated.Utilization, expected.Utilization, $"{what} utilization");
        Agrees(simulated.ProbabilityOfWaiting, expected.ProbabilityOfWaiting, $"{what} P(wait)");
        Agrees(simulated.BlockingProbability, expected.BlockingProbability, $"{what} blocking");
        Agrees(simulated.Throughput, expected.EffectiveArrivalRate, $"{what} throughput");
        Agrees(simulated.MeanWaitingTime, expected.MeanWaitingTime, $"{what} Wq");
        Agrees(simulated.MeanResponseTime, expected.MeanResponseTime, $"{what} W");
        Agrees(simulated.MeanQueueLength, expected.MeanQueueLength, $"{what} Lq");
        Agrees(simulated.MeanNumberInSystem, expected.MeanNumberInSystem, $"{what} L");
    }
}
