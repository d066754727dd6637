using Aios.Serving.Simulation;

namespace Aios.Serving.Tests.Simulation;

public sealed class PoissonTrafficTests
{
    [Fact]
    public void Generate_ConstantRate_HasThatRateAndExponentialGaps()
    {
        RequestTrace trace = PoissonTraffic.Generate(10, 2000, TokenDistribution.Fixed(100), TokenDistribution.Exponential(50), seed: 3);

        Assert.InRange(trace.Count, 19_400, 20_600);
        double[] gaps = [.. trace.Requests.Zip(trace.Requests.Skip(1), (a, b) => b.ArrivalTime - a.ArrivalTime)];
        double mean = gaps.Average();
        double scv = gaps.Select(g => (g - mean) * (g - mean)).Average() / (mean * mean);
        Assert.InRange(scv, 0.95, 1.05);
        Assert.All(trace.Requests, r => Assert.Equal(100, r.PromptTokens));
    }

    [Fact]
    public void Generate_SameSeed_SameTrace()
    {
        RequestTrace first = PoissonTraffic.Generate(5, 100, TokenDistribution.Exponential(300), TokenDistribution.Exponential(50), seed: 9);
        RequestTrace second = PoissonTraffic.Generate(5, 100, TokenDistribution.Exponential(300), TokenDistribution.Exponential(50), seed: 9);

        Assert.Equal(first.Requests, second.Requests);
    }

    [Fact]
    public void GenerateVarying_Step_FollowsTheRate()
    {
        RequestTrace trace = PoissonTraffic.GenerateVarying(t => t < 500 ? 2 : 8, 8, 1000, TokenDistribution.Fixed(1), TokenDistribution.Fixed(1), seed: 4);

        int early = trace.Requests.Count(r => r.ArrivalTime < 500);
        Assert.InRange(early, 900, 1100);
        Assert.InRange(trace.Count - early, 3700, 4300);
        Assert.InRange(trace.PeakRate(60), 8, 11);
    }

    [Fact]
    public void Exponential_MeanAndScv_MatchTheGeometric()
    {
        TokenDistribution distribution = TokenDistribution.Exponential(200);
        var random = new Random(1);
        double[] draws = [.. Enumerable.Range(0, 200_000).Select(_ => (double)distribution.Sample(random))];
        double mean = draws.Average();

        Assert.Equal(distribution.Mean, mean, distribution.Mean * 0.01);
        Assert.Equal(distribution.SquaredCoefficientOfVariation, draws.Select(d => (d - mean) * (d - mean)).Average() / (mean * mean), 0.02);
    }
}
