namespace Aios.Queueing.Simulation;

/// <summary>
/// A simulation estimate: a point estimate and the half-width of its confidence interval
/// [<see cref="Lower"/>, <see cref="Upper"/>] at <see cref="ConfidenceLevel"/>.
/// </summary>
/// <remarks>
/// A figure without data (for example the waiting time of a class none of whose jobs completed) has a NaN
/// <see cref="Mean"/> and an infinite <see cref="HalfWidth"/>; it contains no value.
/// </remarks>
public readonly record struct Estimate
{
    /// <summary>Creates an estimate.</summary>
    /// <param name="mean">The point estimate; NaN when there is no data.</param>
    /// <param name="halfWidth">The half-width of the confidence interval: ≥ 0, +∞ when unknown.</param>
    /// <param name="confidenceLevel">The confidence level of the interval, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="halfWidth"/> is negative or NaN, or <paramref name="confidenceLevel"/> is outside (0, 1).</exception>
    public Estimate(double mean, double halfWidth, double confidenceLevel)
    {
        if (!(halfWidth >= 0))
        {
            Guard.ThrowOutOfRange(nameof(halfWidth), halfWidth, "a number >= 0 or +infinity");
        }

        Guard.OpenProbability(confidenceLevel);
        Mean = mean;
        HalfWidth = halfWidth;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The point estimate.</summary>
    public double Mean { get; }

    /// <summary>The half-width of the confidence interval around <see cref="Mean"/>.</summary>
    public double HalfWidth { get; }

    /// <summary>The confidence level of the interval, for example 0.95.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The lower end of the interval, <see cref="Mean"/> − <see cref="HalfWidth"/>.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>The upper end of the interval, <see cref="Mean"/> + <see cref="HalfWidth"/>.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>The half-width relative to the mean, |<see cref="HalfWidth"/> / <see cref="Mean"/>|: the estimate's relative precision.</summary>
    public double RelativeHalfWidth => Math.Abs(HalfWidth / Mean);

    /// <summary>Whether <paramref name="value"/> lies in the confidence interval (ends included).</summary>
    /// <param name="value">The value to test, for example an analytic result.</param>
    /// <returns>True when |value − <see cref="Mean"/>| ≤ <see cref="HalfWidth"/>; false for NaN or when the estimate has no data.</returns>
    public bool Contains(double value) => Math.Abs(value - Mean) <= HalfWidth;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mean:G6} ± {HalfWidth:G3} ({ConfidenceLevel:P0})");
}
