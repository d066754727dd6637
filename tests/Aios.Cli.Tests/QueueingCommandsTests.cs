using System.Text.Json;

namespace Aios.Cli.Tests;

public sealed class QueueingCommandsTests
{
    [Fact]
    public void Mmc_WithWaitTarget_PrintsATableWithTheServiceLevel()
    {
        CliRun run = CliRun.Invoke("queueing", "mmc", "--arrival-rate", "9", "--service-rate", "5", "--servers", "4", "--wait-target", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("M/M/4", run.Output, StringComparison.Ordinal);
        Assert.Contains("utilization", run.Output, StringComparison.Ordinal);
        Assert.Contains("45 %", run.Output, StringComparison.Ordinal);
        Assert.Contains("P(Wq <= 1)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Mmc_Json_WritesTheEvalContract()
    {
        CliRun run = CliRun.Invoke("queueing", "mmc", "--arrival-rate", "9", "--service-rate", "5", "--servers", "4", "--json");

        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(result.GetProperty("stable").GetBoolean());
        Assert.Equal(0.45, result.GetProperty("utilization").GetDouble(), 12);
        Assert.Equal(4, result.GetProperty("servers").GetInt32());
        Assert.Equal(MeanWaitOfReferenceS077, result.GetProperty("meanWaitingTime").GetDouble(), 12);
    }

    [Fact]
    public void Mmc_SolveServers_FindsTheFewestServersForTheServiceLevel()
    {
        CliRun run = CliRun.Invoke("queueing", "mmc", "--arrival-rate", "3.3333333333333335", "--service-rate", "0.3333333333333333", "--solve", "servers", "--wait-target", "0.3333333333333333", "--service-level-target", "0.8", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(14, JsonDocument.Parse(run.Output).RootElement.GetProperty("servers").GetInt32());
    }

    [Fact]
    public void ErlangB_SolveServers_FindsTheFewestServersForTheBlockingTarget()
    {
        CliRun run = CliRun.Invoke("queueing", "erlang-b", "--arrival-rate", "10", "--solve", "servers", "--blocking-target", "0.02", "--json");

        Assert.Equal(17, JsonDocument.Parse(run.Output).RootElement.GetProperty("servers").GetInt32());
    }

    [Theory]
    [InlineData("queueing", "mmc", "--arrival-rate", "-1", "--service-rate", "5", "--servers", "4")]
    [InlineData("queueing", "mmc", "--arrival-rate", "NaN", "--service-rate", "5", "--servers", "4")]
    [InlineData("queueing", "mmck", "--arrival-rate", "1", "--service-rate", "5", "--servers", "4", "--capacity", "2")]
    [InlineData("queueing", "priority", "--class", "0.3")]
    [InlineData("queueing", "mmc", "--arrival-rate", "1", "--service-rate", "5")]
    public void Commands_InvalidInput_FailWithAMessageAndNonZeroExit(params string[] args)
    {
        CliRun run = CliRun.Invoke(args);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("aios: error:", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Commands_ParseError_ReportsItAndFails()
    {
        CliRun run = CliRun.Invoke("queueing", "mmc", "--arrival-rate", "fast", "--service-rate", "5", "--servers", "4");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("fast", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mm1", "--arrival-rate", "0.5", "--service-rate", "1")]
    [InlineData("mminf", "--arrival-rate", "6", "--service-rate", "2")]
    [InlineData("mmck", "--arrival-rate", "40", "--service-rate", "30", "--servers", "3", "--capacity", "7")]
    [InlineData("mg1", "--arrival-rate", "0.5", "--service-rate", "1", "--service-scv", "2")]
    [InlineData("md1", "--arrival-rate", "0.5", "--service-rate", "1")]
    [InlineData("ggc", "--arrival-rate", "9", "--service-rate", "5", "--servers", "4", "--arrival-scv", "0.5", "--service-scv", "2")]
    [InlineData("priority", "--class", "0.3:1", "--class", "0.5:1", "--preemptive")]
    public void Commands_EveryModel_PrintsAStableResult(params string[] args)
    {
        CliRun run = CliRun.Invoke(["queueing", .. args, "--json"]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(JsonDocument.Parse(run.Output).RootElement.GetProperty("stable").GetBoolean());
    }

    [Fact]
    public void Demo_Runs_AndWalksThroughEveryModelFamily()
    {
        CliRun run = CliRun.Invoke("demo");

        Assert.Equal(0, run.ExitCode);
        foreach (string section in new[] { "M/M/c", "Staffing", "G/G/c", "M/M/c/K", "Priorities" })
        {
            Assert.Contains(section, run.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("NaN", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", run.Output, StringComparison.Ordinal);
    }

    /// <summary>λ 9, μ 5, c 4: reference.jsonl line s0-77 (mpmath, 50 digits).</summary>
    private const double MeanWaitOfReferenceS077 = 0.011684876980204633;
}
