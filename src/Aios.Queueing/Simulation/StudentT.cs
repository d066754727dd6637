namespace Aios.Queueing.Simulation;

/// <summary>Quantiles of Student's t distribution with an integer number of degrees of freedom.</summary>
internal static class StudentT
{
    /// <summary>
    /// The t with P(|T| ≤ t) = <paramref name="confidenceLevel"/> for T ~ t(ν): the factor that turns a standard
    /// error into the half-width of a two-sided confidence interval (for ν = 19 and 0.95, 2.0930).
    /// </summary>
    /// <remarks>
    /// Solves A(t | ν) = level by bisection on the closed-form A of Abramowitz and Stegun, Handbook of
    /// Mathematical Functions (1964), 26.7.3 (odd ν) and 26.7.4 (even ν): with θ = atan(t/√ν),
    /// A = (2/π)[θ + sin θ cos θ (1 + (2/3)cos²θ + … + (2·4⋯(ν−3))/(1·3⋯(ν−2)) cos^(ν−3)θ)] for odd ν ≥ 3,
    /// A = 2θ/π for ν = 1, and A = sin θ [1 + (1/2)cos²θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2)) cos^(ν−2)θ] for even ν.
    /// Every term is positive, so the sum is accurate; the cost is O(ν) per step, and it runs once per simulation.
    /// </remarks>
    public static double TwoSidedQuantile(int degreesOfFreedom, double confidenceLevel)
    {
        double low = 0;
        double high = 1;
        while (TwoSidedProbability(degreesOfFreedom, high) < confidenceLevel)
        {
            low = high;
            high *= 2;
        }

        for (int i = 0; i < 200; i++)
        {
            double middle = 0.5 * (low + high);
            if (middle <= low || middle >= high)
            {
                break;
            }

            if (TwoSidedProbability(degreesOfFreedom, middle) < confidenceLevel)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>A(t | ν) = P(|T| ≤ t).</summary>
    public static double TwoSidedProbability(int degreesOfFreedom, double t)
    {
        double theta = Math.Atan(t / Math.Sqrt(degreesOfFreedom));
        double sine = Math.Sin(theta);
        double cosine = Math.Cos(theta);
        double cosineSquared = cosine * cosine;
        double sum = 1;
        double term = 1;
        if (degreesOfFreedom % 2 == 0)
        {
            for (int j = 1; 2 * j <= degreesOfFreedom - 2; j++)
            {
                term *= cosineSquared * (2 * j - 1) / (2 * j);
                sum += term;
            }

            return sine * sum;
        }

        if (degreesOfFreedom == 1)
        {
            return 2 * theta / Math.PI;
        }

        for (int j = 1; 2 * j <= degreesOfFreedom - 3; j++)
        {
            term *= cosineSquared * (2 * j) / (2 * j + 1);
            sum += term;
        }

        return 2 / Math.PI * (theta + sine * cosine * sum);
    }
}
