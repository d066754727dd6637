namespace Aios.Testing;

/// <summary>Assertions on floating-point results with a stated relative tolerance.</summary>
public static class Tolerance
{
    /// <summary>
    /// Asserts |actual − expected| ≤ max(relative·|expected|, absolute). Infinities must match exactly.
    /// </summary>
    public static void AssertClose(double expected, double actual, double relative = 1e-12, double absolute = 0, string? what = null)
    {
        if (double.IsInfinity(expected) || double.IsNaN(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        double error = Math.Abs(actual - expected);
        double allowed = Math.Max(relative * Math.Abs(expected), absolute);
        Assert.True(error <= allowed, $"{what}: expected {expected:R}, got {actual:R}, relative error {RelativeError(expected, actual):E3} (allowed {relative:E1}, absolute {absolute:E1})");
    }

    /// <summary>|actual − expected| / |expected|, or the absolute error when expected is 0.</summary>
    public static double RelativeError(double expected, double actual) =>
        expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
}
