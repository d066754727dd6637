using System.Globalization;

namespace Aios.Queueing.Simulation;

/// <summary>
/// The gamma distribution with a given mean and shape α (SCV 1/α). An integer shape up to
/// <see cref="RandomVariates.MaximumProductPhases"/> (an Erlang distribution) is drawn as a sum of exponential
/// phases, which is exact and faster than rejection; any other shape uses Marsaglia–Tsang.
/// </summary>
internal sealed class GammaDistribution : ServiceDistribution
{
    private readonly double _mean;
    private readonly double _shape;
    private readonly double _scale;
    private readonly int _phases;

    public GammaDistribution(double mean, double shape)
    {
        _mean = mean;
        _shape = shape;
        _scale = mean / shape;
        double rounded = Math.Round(shape);
        // 1/SCV computed in floating point may miss the integer by an ulp or two.
        bool isInteger = Math.Abs(shape - rounded) <= 1e-12 * shape;
        _phases = isInteger && rounded <= RandomVariates.MaximumProductPhases ? (int)rounded : 0;
    }

    public override double Mean => _mean;

    public override double SquaredCoefficientOfVariation => 1 / _shape;

    internal override double Draw(Random random) => _phases > 0
        ? _scale * RandomVariates.StandardErlang(random, _phases)
        : _scale * RandomVariates.StandardGamma(random, _shape);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Gamma(mean={_mean}, shape={_shape})");
}
