using System.Globalization;

namespace Aios.Queueing.Simulation;

/// <summary>
/// The two-phase hyperexponential distribution with balanced means (Whitt 1982): phase i, chosen with
/// probability pᵢ, is exponential with mean mean/(2pᵢ), so each phase contributes half the mean.
/// </summary>
internal sealed class HyperexponentialDistribution : ServiceDistribution
{
    private readonly double _mean;
    private readonly double _squaredCoefficientOfVariation;
    private readonly double _firstProbability;
    private readonly double _firstMean;
    private readonly double _secondMean;

    public HyperexponentialDistribution(double mean, double squaredCoefficientOfVariation)
    {
        _mean = mean;
        _squaredCoefficientOfVariation = squaredCoefficientOfVariation;
        // p₁ = (1 + √((c² − 1)/(c² + 1)))/2 and p₂ = 1 − p₁ = (1 − √…)/2, formed as 1/(2(c² + 1)p₁) since
        // p₁p₂ = 1/(2(c² + 1)), so p₂ keeps full precision when it is tiny (large SCV).
        double root = Math.Sqrt((squaredCoefficientOfVariation - 1) / (squaredCoefficientOfVariation + 1));
        double first = 0.5 * (1 + root);
        double second = 1 / (2 * (squaredCoefficientOfVariation + 1) * first);
        _firstProbability = first;
        _firstMean = mean / (2 * first);
        _secondMean = mean / (2 * second);
    }

    public override double Mean => _mean;

    public override double SquaredCoefficientOfVariation => _squaredCoefficientOfVariation;

    internal override double Draw(Random random)
    {
        double phaseMean = random.NextDouble() < _firstProbability ? _firstMean : _secondMean;
        return phaseMean * RandomVariates.StandardExponential(random);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Hyperexponential(mean={_mean}, scv={_squaredCoefficientOfVariation})");
}
