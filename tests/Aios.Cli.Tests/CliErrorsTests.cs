namespace Aios.Cli.Tests;

/// <summary>Every bad invocation, whatever the command, is one line <c>aios: error: …</c> on standard error naming the option, exit code 1.</summary>
public sealed class CliErrorsTests
{
    public static TheoryData<string, string[]> BadInvocations() => new()
    {
        { "--arrival-rate", ["queueing", "mmc", "--arrival-rate", "abc", "--service-rate", "2", "--servers", "1"] },
        { "--arrival-rate", ["queueing", "mmc", "--arrival-rate", "-1", "--service-rate", "2", "--servers", "1"] },
        { "--arrival-rate", ["queueing", "mmc", "--arrival-rate", "1e400", "--service-rate", "2", "--servers", "1"] },
        { "--service-rate", ["queueing", "mm1", "--arrival-rate", "1", "--service-rate", "0"] },
        { "--service-rate", ["queueing", "md1", "--arrival-rate", "1", "--service-rate", "NaN"] },
        { "--servers", ["queueing", "mmc", "--arrival-rate", "1", "--service-rate", "2", "--servers", "1.5"] },
        { "--servers", ["queueing", "mmc", "--arrival-rate", "1", "--service-rate", "2", "--servers", "99999999999"] },
        { "--servers", ["queueing", "mmc", "--arrival-rate", "1", "--service-rate", "2", "--servers", "0"] },
        { "--capacity", ["queueing", "mmck", "--arrival-rate", "1", "--service-rate", "2", "--servers", "3", "--capacity", "1"] },
        { "--arrival-scv", ["queueing", "ggc", "-l", "1", "-m", "1", "-c", "1", "--arrival-scv", "-1"] },
        { "--service-scv", ["queueing", "mg1", "-l", "1", "-m", "1", "--service-scv", "x"] },
        { "--wait-target", ["queueing", "mmc", "-l", "1", "-m", "2", "-c", "1", "--wait-target", "-1"] },
        { "--service-level-target", ["queueing", "mmc", "-l", "1", "-m", "1", "--solve", "servers", "--service-level-target", "2", "--wait-target", "1"] },
        { "--solve", ["queueing", "mmc", "-l", "1", "-m", "1", "--solve", "capacity"] },
        { "--blocking-target", ["queueing", "erlang-b", "-l", "1", "--solve", "servers", "--blocking-target", "0"] },
        { "--arrival-rate", ["queueing", "erlang-b", "-l", "1e15", "--solve", "servers", "--blocking-target", "0.01"] },
        { "--class", ["queueing", "priority", "--class", "-1:1"] },
        { "--class", ["queueing", "priority", "--class", "0.1:x"] },
        { "--servers", ["queueing", "priority", "--class", "0.1:1", "-c", "0"] },
        { "--population", ["queueing", "mva", "--station", "a:1", "--population", "-1"] },
        { "--population", ["queueing", "mva", "--station", "a:1", "--population", "many"] },
        { "--station", ["queueing", "mva", "--station", "a:-1", "-n", "2"] },
        { "--delay", ["queueing", "mva", "--delay", "d:-1", "-n", "2"] },
        { "--station", ["queueing", "jackson", "--station", "1:1:-1"] },
        { "--routing", ["queueing", "jackson", "--station", "1:1:0.5", "--routing", "2"] },
        { "--input", ["queueing", "eval"] },
        { "--arrival-rate", ["queueing", "mmc", "--service-rate", "2", "--servers", "1"] },
        { "--bogus", ["queueing", "mmc", "--bogus"] },
        { "--trace-format", ["simulate", "--trace", "t.csv", "--trace-format", "bogus", "--gpus", "v100=1"] },
        { "--limit", ["simulate", "--trace", "t.csv", "--trace-format", "csv", "--gpus", "v100=1", "--limit", "abc"] },
        { "--gpus-per-node", ["simulate", "--trace", "t.csv", "--trace-format", "csv", "--gpus", "v100=1", "--gpus-per-node", "1e3"] },
        { "--restart-overhead", ["simulate", "--trace", "t.csv", "--trace-format", "csv", "--gpus", "v100=1", "--restart-overhead", "soon"] },
        { "--policy", ["simulate", "--trace", "{trace}", "--trace-format", "csv", "--gpus", "v100=1", "--policy", "bogus"] },
        { "--starvation-factor", ["simulate", "--trace", "{trace}", "--trace-format", "csv", "--gpus", "v100=1", "--starvation-factor", "-1"] },
        { "--las-thresholds", ["simulate", "--trace", "{trace}", "--trace-format", "csv", "--gpus", "v100=1", "--las-thresholds", "5,1"] },
        { "--gpus", ["simulate", "--trace", "{trace}", "--trace-format", "csv", "--gpus", "v100=x"] },
        { "--seed", ["simulate", "--trace", "{trace}", "--trace-format", "csv", "--gpus", "v100=1", "--seed", "1.5"] },
        { "--count", ["devices", "watch", "--count", "abc"] },
        { "--interval", ["devices", "watch", "--interval", "0"] },
        { "--dataset-chunks", ["data", "cache-sim", "--dataset-chunks", "abc", "--cache-fraction", "0.5", "--epochs", "1", "--policy", "lru"] },
        { "--cache-fraction", ["data", "cache-sim", "--dataset-chunks", "10", "--cache-fraction", "2", "--epochs", "1", "--policy", "lru"] },
        { "--epochs", ["data", "cache-sim", "--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "0", "--policy", "lru"] },
        { "--jobs", ["data", "cache-sim", "--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "1", "--policy", "lru", "--jobs", "1e9"] },
        { "--prefetch", ["data", "read", "m", "--store", "/nonexistent", "--epochs", "1", "--prefetch", "x"] },
        { "--bogus", ["demo", "--bogus"] },
        { "command", [] },
        { "nope", ["nope"] },
    };

    [Theory]
    [MemberData(nameof(BadInvocations))]
    public void Run_BadInvocation_OneErrorLineNamingTheOption(string option, string[] args)
    {
        string trace = Path.Combine(Path.GetTempPath(), "aios-cli-errors.csv");
        File.WriteAllText(trace, "id,submit,gpus,duration\na,0,1,60\n");
        string[] resolved = args.Select(arg => arg == "{trace}" ? trace : arg).ToArray();

        CliRun run = CliRun.Invoke(resolved);

        string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{run.Error}");
        Assert.StartsWith("aios: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter '", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("queueing", "mmc", "--arrival-rate", "-1", "--service-rate", "2", "--servers", "1")]
    [InlineData("queueing", "mmck", "--arrival-rate", "1", "--service-rate", "2", "--servers", "3", "--capacity", "1")]
    public void Run_OutOfRangeValue_NamesTheValidRange(params string[] args)
    {
        CliRun run = CliRun.Invoke(args);

        Assert.Matches(@"must be .*(>=|>|\[|greater than or equal to '\d+')", run.Error);
    }
}
