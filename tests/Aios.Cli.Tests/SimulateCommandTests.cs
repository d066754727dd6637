using System.Globalization;
using System.Text;
using System.Text.Json;
using Aios.Testing;

namespace Aios.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Simulate_Json_WritesOneObjectWithEveryField()
    {
        string trace = WriteCsvTrace(40);

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=16", "--gpus-per-node", "8", "--policy", "las", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        string[] fields = ["policy", "jobs", "completed", "makespan", "meanJct", "medianJct", "p95Jct", "p99Jct", "meanQueueingDelay", "utilization", "preemptions"];
        Assert.Equal(fields, result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("las", result.GetProperty("policy").GetString());
        Assert.Equal(40, result.GetProperty("jobs").GetInt32());
        Assert.Equal(40, result.GetProperty("completed").GetInt32());
        Assert.InRange(result.GetProperty("utilization").GetDouble(), 0.01, 1);
        Assert.True(result.GetProperty("p99Jct").GetDouble() >= result.GetProperty("medianJct").GetDouble());
    }

    [Fact]
    public void Simulate_Events_WritesValidJsonLinesWithPlacementOnStarts()
    {
        string trace = WriteCsvTrace(30);
        string events = Path.Combine(_folder, "events.jsonl");

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=16", "--gpus-per-node", "8", "--policy", "srtf", "--events", events);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mean JCT", run.Output, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(events);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            JsonElement e = JsonDocument.Parse(line).RootElement;
            string type = e.GetProperty("type").GetString()!;
            Assert.Contains(type, new[] { "arrive", "start", "preempt", "finish" });
            Assert.True(e.GetProperty("time").GetDouble() >= 0);
            Assert.Equal(type == "start", e.TryGetProperty("placement", out JsonElement placement));
            if (type == "start")
            {
                Assert.All(placement.EnumerateArray(), p => Assert.True(p.GetProperty("count").GetInt32() > 0 && p.GetProperty("node").GetString()!.StartsWith("v100-", StringComparison.Ordinal)));
            }

            if (type == "finish")
            {
                Assert.True(finished.Add(e.GetProperty("job").GetString()!));
            }
        }

        Assert.Equal(30, finished.Count);
    }

    [Fact]
    public void Simulate_ClusterFileInStaticHardwareJson_GivesTheSameResultAsTheSameGpus()
    {
        string trace = WriteCsvTrace(40);
        string cluster = Path.Combine(_folder, "cluster.json");
        File.WriteAllText(cluster, """{ "cluster": { "nodes": 2, "namePrefix": "v100", "node": { "cores": 32, "memoryBytes": "256Gi", "gpus": [ { "model": "v100", "count": 8 } ] } } }""");

        CliRun fromFile = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--cluster", cluster, "--policy", "las", "--json");
        CliRun fromGpus = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=16", "--gpus-per-node", "8", "--policy", "las", "--json");

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(fromGpus.Output, fromFile.Output);
    }

    [Theory]
    [InlineData("""{ "nodes": [ { "name": "n0", "devices": { "v100": 8 } } ] }""", "nodes: unknown property")]
    [InlineData("""{ "cluster": { "nodes": 1, "node": { "gpus": [ { "model": "v100", "count": 0 } ] } } }""", "cluster.node.gpus[0].count")]
    public void Simulate_BadClusterFile_FailsNamingTheJsonPath(string json, string message)
    {
        string trace = WriteCsvTrace(3);
        string cluster = Path.Combine(_folder, "bad-cluster.json");
        File.WriteAllText(cluster, json);

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--cluster", cluster);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Limit_TakesTheFirstJobsOfTheFile()
    {
        string trace = WriteCsvTrace(50);

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8", "--limit", "7", "--json");

        Assert.Equal(7, JsonDocument.Parse(run.Output).RootElement.GetProperty("jobs").GetInt32());
    }

    [Theory]
    [InlineData("both", "exactly one of --cluster")]
    [InlineData("neither", "exactly one of --cluster")]
    [InlineData("gavel-no-throughputs", "--throughputs")]
    [InlineData("bad-policy", "Unknown policy 'lottery'")]
    [InlineData("bad-gpus", "--gpus must be TYPE=COUNT")]
    [InlineData("missing-trace", "does not exist")]
    [InlineData("bad-limit", "--limit must be at least 1")]
    public void Simulate_BadArguments_FailsWithAClearMessage(string scenario, string message)
    {
        string trace = WriteCsvTrace(3);
        string[] args = scenario switch
        {
            "both" => ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8", "--cluster", trace],
            "neither" => ["simulate", "--trace", trace, "--trace-format", "csv"],
            "gavel-no-throughputs" => ["simulate", "--trace", trace, "--trace-format", "gavel", "--gpus", "v100=8"],
            "bad-policy" => ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8", "--policy", "lottery"],
            "bad-gpus" => ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100"],
            "missing-trace" => ["simulate", "--trace", Path.Combine(_folder, "nope.csv"), "--trace-format", "csv", "--gpus", "v100=8"],
            _ => ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8", "--limit", "0"],
        };

        CliRun run = CliRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Simulate_MalformedTrace_FailsNamingTheLine()
    {
        string trace = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(trace, "id,submit,gpus\na,0,1\nb,zero,1\n");

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("3", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_GavelSmallTrace_CompletesEveryJob()
    {
        string trace = SharedData.RequireFile("traces/gavel/small_test.trace");
        string throughputs = SharedData.RequireFile("traces/gavel/simulation_throughputs.json");

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "gavel", "--throughputs", throughputs, "--gpus", "v100=4,p100=4,k80=4", "--policy", "hetero", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(result.GetProperty("jobs").GetInt32(), result.GetProperty("completed").GetInt32());
    }

    [Fact]
    public void Demo_Run_ComparesEveryPolicy()
    {
        var output = new StringWriter();

        DemoCommand.RunSchedulingComparison(output);

        string text = output.ToString();
        foreach (string policy in new[] { "fifo", "priority", "drf", "las", "srtf", "ftf", "hetero" })
        {
            Assert.Contains($"  {policy} ", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("id,submit,gpus,duration\na,0,1,60\nb,1700000000000,1,60\n", "line 3", "'submit'")]
    [InlineData("id,submit,gpus,duration\na,1700000000000,1,60\n", "line 2", "'submit'")]
    [InlineData("id,submit,gpus,duration\na,0,1,1e12\n", "line 2", "'duration'")]
    [InlineData("id,submit,gpus,duration\na,0,3000000000,60\n", "line 2", "'gpus'")]
    [InlineData("id,submit,gpus,duration\na,NaN,1,60\n", "line 2", "'submit'")]
    public void Simulate_CsvValueThatCannotBeRepresented_FailsNamingLineAndColumn(string csv, string line, string column)
    {
        string trace = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(trace, csv);

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: bad.csv, " + line, run.Error, StringComparison.Ordinal);
        Assert.Contains(column, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("csv", "id,submit,gpus,duration\n")]
    [InlineData("csv", "id,submit,gpus,duration\n\n\n")]
    [InlineData("philly", "timestamp,duration,num_gpus,gpu_time,cluster\n")]
    public void Simulate_TraceWithNoJobs_Fails(string format, string text)
    {
        string trace = Path.Combine(_folder, "empty.trace");
        File.WriteAllText(trace, text);

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", format, "--gpus", "v100=8");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("no job", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_PhillyTimestampsFarApart_FailsNamingLineAndColumn()
    {
        string trace = Path.Combine(_folder, "philly.csv");
        File.WriteAllText(trace, "timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,60,1,60,vc1\n9999-12-31 23:59:59,60,1,60,vc1\n");

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "philly", "--gpus", "v100=8");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: philly.csv, line 3, column 'timestamp'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_PhillyTimestampsInTheFarFuture_CountFromTheEarliest()
    {
        string trace = Path.Combine(_folder, "philly.csv");
        File.WriteAllText(trace, "timestamp,duration,num_gpus,gpu_time,cluster\n9000-10-09 07:02:55,60,1,60,vc1\n9000-10-09 07:01:55,60,1,60,vc1\n");

        CliRun run = CliRun.Invoke("simulate", "--trace", trace, "--trace-format", "philly", "--gpus", "v100=8", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(2, result.GetProperty("completed").GetInt32());
        Assert.Equal(120, result.GetProperty("makespan").GetDouble());
    }

    private string WriteCsvTrace(int jobs)
    {
        var random = new Random(jobs);
        var text = new StringBuilder("id,submit,gpus,duration,queue\n");
        for (int i = 0; i < jobs; i++)
        {
            int gpus = new[] { 1, 2, 4, 8, 16 }[random.Next(5)];
            text.Append(CultureInfo.InvariantCulture, $"j{i},{i * 30},{gpus},{60 + random.Next(3000)},q{random.Next(2)}\n");
        }

        string path = Path.Combine(_folder, $"trace{jobs}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
