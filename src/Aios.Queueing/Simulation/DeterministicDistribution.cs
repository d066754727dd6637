using System.Globalization;

namespace Aios.Queueing.Simulation;

/// <summary>A constant duration; it draws nothing from the generator.</summary>
internal sealed class DeterministicDistribution(double value) : ServiceDistribution
{
    public override double Mean => value;

    public override double SquaredCoefficientOfVariation => 0;

    internal override double Draw(Random random) => value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Deterministic({value})");
}
