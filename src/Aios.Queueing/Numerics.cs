namespace Aios.Queueing;

/// <summary>
/// Elementary functions accurate near zero. The BCL's <c>double.ExpM1</c> and <c>double.LogP1</c> are computed as
/// <c>Exp(x) − 1</c> and <c>Log(1 + x)</c>, which lose every digit for tiny x; these use Kahan's corrections
/// (Goldberg, "What Every Computer Scientist Should Know About Floating-Point Arithmetic", 1991, Theorem 4).
/// </summary>
internal static class Numerics
{
    /// <summary>e^x − 1, accurate to a few units in the last place for every x.</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>ln(1 + x), accurate to a few units in the last place for every x &gt; −1.</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1.0);
    }
}
