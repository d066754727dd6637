using Aios.Serving.Planning;

namespace Aios.Serving.Tests.Planning;

public sealed class LatencyObjectiveTests
{
    [Theory]
    [InlineData("p99-ttft<=2s", LatencyMetric.TimeToFirstToken, 0.99, 2)]
    [InlineData("p95-ttft<=500ms", LatencyMetric.TimeToFirstToken, 0.95, 0.5)]
    [InlineData("mean-ttft<=1s", LatencyMetric.TimeToFirstToken, null, 1)]
    [InlineData("p99-wait<=250ms", LatencyMetric.Wait, 0.99, 0.25)]
    [InlineData("mean-e2e<=1.5m", LatencyMetric.EndToEnd, null, 90)]
    [InlineData(" P99.9 - TTFT <= 3s ", LatencyMetric.TimeToFirstToken, 0.999, 3)]
    public void Parse_ValidForms_ReadEachPart(string text, LatencyMetric metric, double? percentile, double seconds)
    {
        LatencyObjective objective = LatencyObjective.Parse(text);

        Assert.Equal(metric, objective.Metric);
        Assert.Equal(percentile ?? -1, objective.Percentile ?? -1, 12);
        Assert.Equal(seconds, objective.ThresholdSeconds, 12);
        Assert.Equal(objective, LatencyObjective.Parse(objective.ToString()));
    }

    [Theory]
    [InlineData("", "not an objective")]
    [InlineData("p99-ttft<2s", "not an objective")]
    [InlineData("p100-ttft<=2s", "not a statistic")]
    [InlineData("max-ttft<=2s", "not a statistic")]
    [InlineData("p99-tpot<=2s", "not a latency")]
    [InlineData("p99-ttft<=2", "no unit")]
    [InlineData("p99-ttft<=-2s", "not a positive duration")]
    [InlineData("p99-ttft<=0ms", "not a positive duration")]
    public void TryParse_Invalid_SaysWhichPart(string text, string expected)
    {
        Assert.False(LatencyObjective.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => LatencyObjective.Parse(text));
    }

    [Fact]
    public void ToString_WritesTheShortForm()
    {
        Assert.Equal("p99-ttft<=2s", new LatencyObjective(LatencyMetric.TimeToFirstToken, 0.99, 2).ToString());
        Assert.Equal("mean-wait<=500ms", new LatencyObjective(LatencyMetric.Wait, null, 0.5).ToString());
    }
}
