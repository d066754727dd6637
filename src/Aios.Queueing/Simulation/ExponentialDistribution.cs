using System.Globalization;

namespace Aios.Queueing.Simulation;

/// <summary>The exponential distribution, sampled by inversion.</summary>
internal sealed class ExponentialDistribution(double mean) : ServiceDistribution
{
    public override double Mean => mean;

    public override double SquaredCoefficientOfVariation => 1;

    internal override double Draw(Random random) => mean * RandomVariates.StandardExponential(random);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Exponential(mean={mean})");
}
