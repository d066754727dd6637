namespace Aios.Queueing.Simulation;

/// <summary>Standard random variates drawn from a <see cref="Random"/>; every method is deterministic in the generator's state.</summary>
internal static class RandomVariates
{
    /// <summary>A uniform number in (0, 1]: never 0, so its logarithm is finite.</summary>
    public static double OpenUniform(Random random) => 1.0 - random.NextDouble();

    /// <summary>An exponential variate with mean 1, by inversion: −ln U.</summary>
    public static double StandardExponential(Random random) => -Math.Log(OpenUniform(random));

    /// <summary>
    /// A standard normal variate by Marsaglia's polar method (Marsaglia and Bray, "A convenient method for
    /// generating normal variables", SIAM Review 6(3), 1964). The second variate of each pair is discarded so
    /// that no state is kept between calls.
    /// </summary>
    public static double StandardNormal(Random random)
    {
        while (true)
        {
            double u = 2.0 * random.NextDouble() - 1.0;
            double v = 2.0 * random.NextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>
    /// A gamma variate with the given shape and scale 1. Shape ≥ 1 uses Marsaglia and Tsang, "A simple method
    /// for generating gamma variables", ACM TOMS 26(3), 2000; shape &lt; 1 draws shape + 1 and multiplies by
    /// U^(1/shape) (their section 6).
    /// </summary>
    public static double StandardGamma(Random random, double shape)
    {
        if (shape < 1)
        {
            double boosted = StandardGamma(random, shape + 1);
            return boosted * Math.Pow(OpenUniform(random), 1.0 / shape);
        }

        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = StandardNormal(random);
                v = 1.0 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            double u = OpenUniform(random);
            double xSquared = x * x;
            // The squeeze accepts about 98% of candidates without a logarithm.
            if (u < 1.0 - 0.0331 * xSquared * xSquared)
            {
                return d * v;
            }

            if (Math.Log(u) < 0.5 * xSquared + d * (1.0 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// The sum of <paramref name="phases"/> exponential variates with mean 1, as −ln of a product of uniforms.
    /// With at most <see cref="MaximumProductPhases"/> factors, each &gt; 2^−53, the product stays above the
    /// smallest double, so its logarithm is finite.
    /// </summary>
    public static double StandardErlang(Random random, int phases)
    {
        double product = 1.0;
        for (int i = 0; i < phases; i++)
        {
            product *= OpenUniform(random);
        }

        return -Math.Log(product);
    }

    /// <summary>The most phases <see cref="StandardErlang"/> multiplies; larger shapes use <see cref="StandardGamma"/>.</summary>
    public const int MaximumProductPhases = 16;
}
