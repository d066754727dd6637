using System.Globalization;

namespace Aios.Serving.Simulation;

/// <summary>
/// The distribution of a request's prompt or output tokens: a fixed count, a geometric-like (exponential, rounded up)
/// count with a given mean, or the empirical distribution of observed counts (a trace's column).
/// </summary>
public sealed class TokenDistribution
{
    private readonly int[]? _values;
    private readonly double _exponentialMean;
    private int[]? _sorted;

    private TokenDistribution(int[]? values, double exponentialMean, string description)
    {
        _values = values;
        _exponentialMean = exponentialMean;
        Description = description;
        if (values is not null)
        {
            double sum = 0, sumSquares = 0;
            int max = 0;
            foreach (int value in values)
            {
                sum += value;
                sumSquares += (double)value * value;
                max = Math.Max(max, value);
            }

            Mean = sum / values.Length;
            double variance = Math.Max(0, (sumSquares / values.Length) - (Mean * Mean));
            SquaredCoefficientOfVariation = variance / (Mean * Mean);
            Maximum = max;
        }
        else
        {
            // ⌈X⌉ for X exponential with rate 1/m is geometric on {1, 2, …} with p = 1 − e^(−1/m).
            double p = 1 - Math.Exp(-1 / exponentialMean);
            Mean = 1 / p;
            SquaredCoefficientOfVariation = 1 - p;
            Maximum = int.MaxValue;
        }
    }

    /// <summary>Gets the mean token count.</summary>
    public double Mean { get; }

    /// <summary>Gets the squared coefficient of variation (variance / mean²).</summary>
    public double SquaredCoefficientOfVariation { get; }

    /// <summary>Gets the largest possible count (<see cref="int.MaxValue"/> when unbounded).</summary>
    public int Maximum { get; }

    /// <summary>Gets a short description (<c>fixed(512)</c>, <c>exponential(mean 200)</c>, <c>empirical(19366 values)</c>).</summary>
    public string Description { get; }

    /// <summary>A distribution that is always <paramref name="tokens"/>.</summary>
    /// <param name="tokens">The count: ≥ 1.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is below 1.</exception>
    public static TokenDistribution Fixed(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        return new TokenDistribution([tokens], 0, $"fixed({tokens})");
    }

    /// <summary>An exponential count with mean about <paramref name="mean"/>, rounded up (so at least 1): geometric on 1, 2, ….</summary>
    /// <param name="mean">The mean of the exponential before rounding: finite, &gt; 0.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not finite and &gt; 0.</exception>
    public static TokenDistribution Exponential(double mean)
    {
        Guard.FinitePositive(mean);
        return new TokenDistribution(null, mean, string.Create(CultureInfo.InvariantCulture, $"exponential(mean {mean:G4})"));
    }

    /// <summary>The empirical distribution of observed counts: each draw is one of them, uniformly.</summary>
    /// <param name="tokens">The observed counts: at least one, each ≥ 1.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tokens"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tokens"/> is empty or holds a count below 1.</exception>
    public static TokenDistribution Empirical(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int[] values = [.. tokens];
        if (values.Length == 0)
        {
            throw new ArgumentException("tokens must hold at least one count.", nameof(tokens));
        }

        foreach (int value in values)
        {
            if (value < 1)
            {
                throw new ArgumentException($"tokens must be counts >= 1 (found {value}).", nameof(tokens));
            }
        }

        return new TokenDistribution(values, 0, $"empirical({values.Length} values)");
    }

    /// <summary>The prompt tokens of a trace's requests as an empirical distribution.</summary>
    /// <param name="trace">The trace: at least one request.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is null.</exception>
    /// <exception cref="ArgumentException">The trace is empty.</exception>
    public static TokenDistribution PromptsOf(RequestTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Empirical(trace.Requests.Select(request => request.PromptTokens));
    }

    /// <summary>The output tokens of a trace's requests as an empirical distribution.</summary>
    /// <param name="trace">The trace: at least one request.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is null.</exception>
    /// <exception cref="ArgumentException">The trace is empty.</exception>
    public static TokenDistribution OutputsOf(RequestTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Empirical(trace.Requests.Select(request => request.OutputTokens));
    }

    /// <summary>Draws one count.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <returns>A count ≥ 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_values is not null)
        {
            return _values.Length == 1 ? _values[0] : _values[random.Next(_values.Length)];
        }

        double draw = -_exponentialMean * Math.Log(1 - random.NextDouble());
        return (int)Math.Min(int.MaxValue / 2, Math.Max(1, Math.Ceiling(draw)));
    }

    /// <summary>The count at quantile <paramref name="probability"/> (the empirical quantile, or the geometric one).</summary>
    /// <param name="probability">A probability in [0, 1].</param>
    /// <returns>The quantile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is not in [0, 1].</exception>
    public double Quantile(double probability)
    {
        Guard.Probability(probability);
        if (_values is not null)
        {
            int[] sorted = _sorted ??= Sort(_values);
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(probability * sorted.Length) - (probability > 0 ? 1 : 0))];
        }

        return probability >= 1 ? double.PositiveInfinity : Math.Max(1, Math.Ceiling(-_exponentialMean * Math.Log(1 - probability)));
    }

    private static int[] Sort(int[] values)
    {
        int[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Returns <see cref="Description"/>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Description;
}
