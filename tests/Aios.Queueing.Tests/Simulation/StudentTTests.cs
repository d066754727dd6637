using Aios.Queueing.Simulation;
using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Simulation;

public sealed class StudentTTests
{
    // Solved with mpmath at 30 digits: findroot of 2∫₀ᵗ f_ν(x) dx − level with the t density f_ν.
    [Theory]
    [InlineData(1, 0.95, 12.706204736174693)]
    [InlineData(2, 0.95, 4.3026527297494618)]
    [InlineData(4, 0.95, 2.7764451051977935)]
    [InlineData(19, 0.95, 2.0930240544083093)]
    [InlineData(19, 0.99, 2.8609346064649788)]
    [InlineData(29, 0.95, 2.0452296421327039)]
    [InlineData(100, 0.9, 1.6602343260853397)]
    [InlineData(1000, 0.999, 3.3002826484239127)]
    public void TwoSidedQuantile_HighPrecisionReference_MatchesToTwelveDigits(int degreesOfFreedom, double level, double expected)
    {
        Tolerance.AssertClose(expected, StudentT.TwoSidedQuantile(degreesOfFreedom, level), relative: 1e-12, what: $"t({degreesOfFreedom}, {level})");
    }

    [Property(MaxTest = 2000)]
    public bool TwoSidedProbability_OfQuantile_ReturnsLevel(byte degreesOfFreedom, ushort levelThousandths)
    {
        int nu = degreesOfFreedom + 1;
        double level = (levelThousandths % 998 + 1) / 1000.0;
        return Math.Abs(StudentT.TwoSidedProbability(nu, StudentT.TwoSidedQuantile(nu, level)) - level) <= 1e-13;
    }

    [Property(MaxTest = 2000)]
    public bool TwoSidedQuantile_MoreDegreesOfFreedom_IsSmaller(byte degreesOfFreedom)
    {
        int nu = degreesOfFreedom + 1;
        return StudentT.TwoSidedQuantile(nu + 1, 0.95) < StudentT.TwoSidedQuantile(nu, 0.95);
    }
}
