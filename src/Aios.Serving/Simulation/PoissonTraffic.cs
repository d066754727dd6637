namespace Aios.Serving.Simulation;

/// <summary>Generates Poisson request traffic (exponential interarrival times) with token counts drawn from distributions, for tests and plan checks.</summary>
public static class PoissonTraffic
{
    /// <summary>Generates a trace of Poisson arrivals at a constant rate.</summary>
    /// <param name="rate">Requests per second: finite, &gt; 0.</param>
    /// <param name="durationSeconds">How long the trace lasts: finite, &gt; 0.</param>
    /// <param name="promptTokens">The prompt token distribution.</param>
    /// <param name="outputTokens">The output token distribution.</param>
    /// <param name="seed">The random seed: the same seed gives the same trace.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException">A distribution is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> or <paramref name="durationSeconds"/> is not finite and &gt; 0.</exception>
    public static RequestTrace Generate(double rate, double durationSeconds, TokenDistribution promptTokens, TokenDistribution outputTokens, int seed = 1)
    {
        Guard.FinitePositive(rate);
        Guard.FinitePositive(durationSeconds);
        return GenerateVarying(_ => rate, rate, durationSeconds, promptTokens, outputTokens, seed);
    }

    /// <summary>
    /// Generates a non-homogeneous Poisson trace whose rate follows <paramref name="rateAt"/> (requests per second at a
    /// time in seconds), by thinning (Lewis and Shedler, Naval Research Logistics Quarterly 26, 1979).
    /// </summary>
    /// <param name="rateAt">The rate at each time: finite, between 0 and <paramref name="maximumRate"/>.</param>
    /// <param name="maximumRate">An upper bound of the rate: finite, &gt; 0.</param>
    /// <param name="durationSeconds">How long the trace lasts: finite, &gt; 0.</param>
    /// <param name="promptTokens">The prompt token distribution.</param>
    /// <param name="outputTokens">The output token distribution.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException">A delegate or distribution is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range, or <paramref name="rateAt"/> returns a rate outside [0, <paramref name="maximumRate"/>].</exception>
    public static RequestTrace GenerateVarying(Func<double, double> rateAt, double maximumRate, double durationSeconds, TokenDistribution promptTokens, TokenDistribution outputTokens, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(rateAt);
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(outputTokens);
        Guard.FinitePositive(maximumRate);
        Guard.FinitePositive(durationSeconds);
        var random = new Random(seed);
        var requests = new List<ServingRequest>((int)Math.Min(10_000_000, (maximumRate * durationSeconds) + 16));
        double time = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / maximumRate;
            if (time >= durationSeconds)
            {
                break;
            }

            double rate = rateAt(time);
            if (!(rate >= 0 && rate <= maximumRate * (1 + 1e-12)))
            {
                throw new ArgumentOutOfRangeException(nameof(rateAt), rate, $"{nameof(rateAt)} must be a rate in [0, {nameof(maximumRate)}] at every time (at {time:G6} s).");
            }

            if (random.NextDouble() * maximumRate < rate)
            {
                requests.Add(new ServingRequest(time, promptTokens.Sample(random), outputTokens.Sample(random)));
            }
        }

        return new RequestTrace($"poisson({maximumRate:G4}/s, {durationSeconds:G4} s)", requests);
    }
}
