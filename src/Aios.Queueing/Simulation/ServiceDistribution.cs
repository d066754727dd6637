namespace Aios.Queueing.Simulation;

/// <summary>
/// A non-negative random duration for <see cref="QueueSimulator"/>: a service requirement or the time between
/// two arrivals. Created by the static factories, which fit a distribution to a mean and a squared coefficient
/// of variation (SCV, variance / mean²).
/// </summary>
/// <remarks>
/// <para>The family is closed: only the factories below create instances, so every distribution knows its exact
/// mean and SCV, which the analytic models need.</para>
/// <para><see cref="Sample"/> draws from the generator it is given and keeps no state, so a seeded
/// <see cref="Random"/> gives the same sequence every time, and one instance may be shared across threads as long
/// as each thread uses its own generator.</para>
/// </remarks>
public abstract class ServiceDistribution
{
    private protected ServiceDistribution()
    {
    }

    /// <summary>The mean E[S].</summary>
    public abstract double Mean { get; }

    /// <summary>The squared coefficient of variation Var[S] / E[S]²: 0 for a constant, 1 for the exponential.</summary>
    public abstract double SquaredCoefficientOfVariation { get; }

    /// <summary>The variance Var[S] = SCV · E[S]².</summary>
    public double Variance => SquaredCoefficientOfVariation * Mean * Mean;

    /// <summary>The second moment E[S²] = (1 + SCV) · E[S]², the quantity in the Pollaczek–Khinchine and Cobham formulas.</summary>
    public double SecondMoment => (1 + SquaredCoefficientOfVariation) * Mean * Mean;

    /// <summary>Draws one value.</summary>
    /// <param name="random">The generator to draw from; seeded generators give reproducible values.</param>
    /// <returns>A finite value ≥ 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Draw(random);
    }

    /// <summary>Draws one value without checking the generator (the simulator's hot path).</summary>
    internal abstract double Draw(Random random);

    /// <summary>The exponential distribution with rate <paramref name="rate"/> (mean 1/rate, SCV 1).</summary>
    /// <param name="rate">The rate: finite, &gt; 0.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not a finite number &gt; 0.</exception>
    public static ServiceDistribution Exponential(double rate)
    {
        Guard.FinitePositive(rate);
        return new ExponentialDistribution(1 / rate);
    }

    /// <summary>The constant <paramref name="value"/> (SCV 0).</summary>
    /// <param name="value">The value: finite, &gt; 0.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a finite number &gt; 0.</exception>
    public static ServiceDistribution Deterministic(double value)
    {
        Guard.FinitePositive(value);
        return new DeterministicDistribution(value);
    }

    /// <summary>The Erlang distribution: the sum of <paramref name="phases"/> exponential phases, with SCV 1/phases.</summary>
    /// <param name="phases">The number of phases k: ≥ 1.</param>
    /// <param name="mean">The mean of the whole sum: finite, &gt; 0.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static ServiceDistribution Erlang(int phases, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phases, 1);
        Guard.FinitePositive(mean);
        return phases == 1 ? new ExponentialDistribution(mean) : new GammaDistribution(mean, phases);
    }

    /// <summary>The gamma distribution with the given mean and SCV: shape 1/SCV, scale mean·SCV.</summary>
    /// <param name="mean">The mean: finite, &gt; 0.</param>
    /// <param name="squaredCoefficientOfVariation">The SCV: finite, &gt; 0 (an integer 1/SCV gives an Erlang distribution; an SCV so small that 1/SCV overflows gives the constant <paramref name="mean"/>).</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static ServiceDistribution Gamma(double mean, double squaredCoefficientOfVariation)
    {
        Guard.FinitePositive(mean);
        Guard.FinitePositive(squaredCoefficientOfVariation);
        return FitGamma(mean, squaredCoefficientOfVariation);
    }

    /// <summary>Gamma with shape 1/SCV; a subnormal SCV whose reciprocal overflows is a constant for every purpose.</summary>
    private static ServiceDistribution FitGamma(double mean, double squaredCoefficientOfVariation)
    {
        double shape = 1 / squaredCoefficientOfVariation;
        return double.IsPositiveInfinity(shape) ? new DeterministicDistribution(mean) : new GammaDistribution(mean, shape);
    }

    /// <summary>
    /// The two-phase hyperexponential distribution with balanced means fitted to a mean and an SCV ≥ 1: with
    /// probability pᵢ an exponential with rate μᵢ = 2pᵢ/mean, where p₁ = (1 + √((SCV − 1)/(SCV + 1)))/2, so that
    /// p₁/μ₁ = p₂/μ₂ (Whitt, "Approximating a point process by a renewal process, I", Operations Research 30(1), 1982).
    /// </summary>
    /// <param name="mean">The mean: finite, &gt; 0.</param>
    /// <param name="squaredCoefficientOfVariation">The SCV: finite, ≥ 1 (1 gives the exponential distribution).</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static ServiceDistribution Hyperexponential(double mean, double squaredCoefficientOfVariation)
    {
        Guard.FinitePositive(mean);
        if (!(squaredCoefficientOfVariation >= 1) || double.IsPositiveInfinity(squaredCoefficientOfVariation))
        {
            Guard.ThrowOutOfRange(nameof(squaredCoefficientOfVariation), squaredCoefficientOfVariation, "a finite number >= 1");
        }

        return squaredCoefficientOfVariation == 1
            ? new ExponentialDistribution(mean)
            : new HyperexponentialDistribution(mean, squaredCoefficientOfVariation);
    }

    /// <summary>
    /// A distribution with the given mean and SCV, chosen by the SCV: constant for 0, Erlang when 1/SCV is an
    /// integer and gamma otherwise below 1, exponential at 1, balanced-means hyperexponential above 1.
    /// </summary>
    /// <param name="mean">The mean: finite, &gt; 0.</param>
    /// <param name="squaredCoefficientOfVariation">The SCV: finite, ≥ 0.</param>
    /// <returns>The distribution; its <see cref="Mean"/> and <see cref="SquaredCoefficientOfVariation"/> equal the arguments up to rounding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public static ServiceDistribution FromMeanAndScv(double mean, double squaredCoefficientOfVariation)
    {
        Guard.FinitePositive(mean);
        Guard.FiniteNonNegative(squaredCoefficientOfVariation);
        if (squaredCoefficientOfVariation == 0)
        {
            return new DeterministicDistribution(mean);
        }

        if (squaredCoefficientOfVariation == 1)
        {
            return new ExponentialDistribution(mean);
        }

        return squaredCoefficientOfVariation < 1
            ? FitGamma(mean, squaredCoefficientOfVariation)
            : new HyperexponentialDistribution(mean, squaredCoefficientOfVariation);
    }
}
