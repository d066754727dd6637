using System.Text.Json;

namespace Aios.Cli.Tests;

public sealed class NetworkCommandsTests
{
    [Fact]
    public void Mva_OneCustomer_CyclesThroughDemandPlusThinkTime()
    {
        CliRun run = CliRun.Invoke("queueing", "mva", "--station", "gpu:0.5", "--delay", "think:1.5", "--population", "1", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(0.5, result.GetProperty("throughput").GetDouble(), 14);
        Assert.Equal(0.5, result.GetProperty("responseTime").GetDouble(), 14);
        Assert.False(result.GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public void Mva_Table_ListsEveryStation()
    {
        CliRun run = CliRun.Invoke("queueing", "mva", "--station", "gpu:0.04", "--station", "disk:0.025", "--delay", "think:5", "--population", "100", "--approximate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("approximate MVA", run.Output, StringComparison.Ordinal);
        Assert.Contains("gpu", run.Output, StringComparison.Ordinal);
        Assert.Contains("think", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Jackson_Feedback_SolvesTheTrafficEquations()
    {
        CliRun run = CliRun.Invoke("queueing", "jackson", "--station", "1:10:3", "--station", "2:5:2", "--routing", "0,0.5;0.2,0", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement[] stations = JsonDocument.Parse(run.Output).RootElement.GetProperty("stations").EnumerateArray().ToArray();
        Assert.Equal(3.4 / 0.9, stations[0].GetProperty("arrivalRate").GetDouble(), 12);
        Assert.Equal(2 + 0.5 * 3.4 / 0.9, stations[1].GetProperty("arrivalRate").GetDouble(), 12);
    }

    [Theory]
    [InlineData("queueing", "mva", "--station", "gpu", "--population", "3")]
    [InlineData("queueing", "mva", "--population", "3")]
    [InlineData("queueing", "mva", "--station", "gpu:-1", "--population", "3")]
    [InlineData("queueing", "jackson", "--station", "1:10")]
    [InlineData("queueing", "jackson", "--station", "1:10:3", "--routing", "0,1;0,0")]
    [InlineData("queueing", "jackson", "--station", "1:10:3", "--routing", "1.5")]
    public void Networks_InvalidInput_FailWithAMessage(params string[] args)
    {
        CliRun run = CliRun.Invoke(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error", run.Error, StringComparison.Ordinal);
    }
}
