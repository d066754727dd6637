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
        foreach (string policy in new[] { "fifo", "priority", "drf", "las", "srtf", "ftf", "hetero", "gavel-las", "gavel-las-agnostic" })
        {
            Assert.Contains($"  {policy} ", text, StringComparison.Ordinal);
        }

        // The round-based rows complete the same jobs: their mean JCT is a finite number of hours.
        double Mean(string policy) => text.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length > 1 && cells[0] == policy && double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(cells => double.Parse(cells[1], CultureInfo.InvariantCulture))
            .Single();
        Assert.InRange(Mean("gavel-las"), 0.01, 100);
        Assert.True(Mean("gavel-las") < Mean("gavel-las-agnostic"), text);
    }

    [Fact]
    public void Demo_SharingWithoutSharedData_ComparesTheFourStrategiesOnASyntheticMix()
    {
        var output = new StringWriter();

        DemoCommand.RunSharingComparison(output, sharedData: null);

        string[] lines = output.ToString().Split('\n');
        Assert.Contains("synthetic cluster", output.ToString(), StringComparison.Ordinal);
        double Unallocated(string strategy) => double.Parse(lines.Single(line => line.StartsWith($"   {strategy} ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);
        foreach (string strategy in new[] { "BestFit", "DotProduct", "Random", "Fgd" })
        {
            Assert.InRange(Unallocated(strategy), 0, 100);
        }

        Assert.True(Unallocated("Fgd") <= Unallocated("DotProduct") && Unallocated("Fgd") <= Unallocated("Random"), output.ToString());
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

    [Fact]
    public void Simulate_SeveralPolicies_JsonHoldsEachPolicysSingleRunObject()
    {
        string[] gavel = GavelArguments();

        CliRun all = CliRun.Invoke([.. gavel, "--policy", "las,srtf,fifo", "--json"]);

        Assert.True(all.ExitCode == 0, all.Error);
        JsonElement root = JsonDocument.Parse(all.Output).RootElement;
        Assert.Equal(["policies"], root.EnumerateObject().Select(p => p.Name));
        JsonElement[] items = [.. root.GetProperty("policies").EnumerateArray()];
        Assert.Equal(3, items.Length);
        string[] policies = ["las", "srtf", "fifo"];
        for (int i = 0; i < policies.Length; i++)
        {
            CliRun single = CliRun.Invoke([.. gavel, "--policy", policies[i], "--json"]);
            Assert.Equal(single.Output.Trim(), items[i].GetRawText());
        }
    }

    [Fact]
    public void Simulate_SeveralPolicies_TextHasOneRowPerPolicyWithTheSingleRunsFigures()
    {
        string[] gavel = GavelArguments();

        CliRun all = CliRun.Invoke([.. gavel, "--policy", "las, srtf,fifo", "--backfill"]);

        Assert.True(all.ExitCode == 0, all.Error);
        string[] lines = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Simulation: 3 policies on 12 GPUs (3 nodes), ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  policy ", lines[1], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        string[] policies = ["las+backfill", "srtf+backfill", "fifo+backfill"];
        for (int i = 0; i < policies.Length; i++)
        {
            string[] cells = lines[2 + i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            JsonElement single = JsonDocument.Parse(CliRun.Invoke([.. gavel, "--policy", policies[i].Split('+')[0], "--backfill", "--json"]).Output).RootElement;
            Assert.Equal(policies[i], cells[0]);
            Assert.Equal($"{single.GetProperty("completed").GetInt32()}/{single.GetProperty("jobs").GetInt32()}", cells[1]);
            Assert.Equal(single.GetProperty("makespan").GetDouble().ToString("N0", CultureInfo.InvariantCulture), cells[2]);
            Assert.Equal(single.GetProperty("meanJct").GetDouble().ToString("N0", CultureInfo.InvariantCulture), cells[3]);
            Assert.Equal(single.GetProperty("p99Jct").GetDouble().ToString("N0", CultureInfo.InvariantCulture), cells[6]);
            Assert.Equal(single.GetProperty("preemptions").GetInt64().ToString(CultureInfo.InvariantCulture), cells[10]);
        }
    }

    [Fact]
    public void Simulate_RoundBasedPolicies_RunBesideTheEnginesInOneComparison()
    {
        string[] gavel =
        [
            "simulate",
            "--trace", SharedData.RequireFile("traces/gavel/max_min_fairness.trace"),
            "--trace-format", "gavel",
            "--throughputs", SharedData.RequireFile("traces/gavel/simulation_throughputs.json"),
            "--gpus", "v100=4,p100=4,k80=4",
        ];

        CliRun all = CliRun.Invoke([.. gavel, "--policy", "las,gavel-las,gavel-las-agnostic,gavel-las-ss,srtf-packed,round-srtf", "--json"]);

        Assert.True(all.ExitCode == 0, all.Error);
        JsonElement[] items = [.. JsonDocument.Parse(all.Output).RootElement.GetProperty("policies").EnumerateArray()];
        Assert.Equal(["las", "gavel-las", "gavel-las-agnostic", "gavel-las-ss", "srtf-packed", "round-srtf"], items.Select(i => i.GetProperty("policy").GetString()));
        Assert.All(items, item => Assert.Equal(96, item.GetProperty("completed").GetInt32()));
        Assert.All(items, item => Assert.InRange(item.GetProperty("utilization").GetDouble(), 0.05, 1));
        double Mean(string policy) => items.Single(i => i.GetProperty("policy").GetString() == policy).GetProperty("meanJct").GetDouble();

        // Gavel's claim on its own trace: the heterogeneity-aware max-min allocation finishes jobs sooner than the same
        // program with the throughputs hidden, and sharing GPUs (pairs the matrix knows) sooner still.
        Assert.True(Mean("gavel-las") < Mean("gavel-las-agnostic"), $"gavel-las {Mean("gavel-las"):N0} s vs agnostic {Mean("gavel-las-agnostic"):N0} s");
        Assert.True(Mean("gavel-las-ss") < Mean("gavel-las"), $"gavel-las-ss {Mean("gavel-las-ss"):N0} s vs gavel-las {Mean("gavel-las"):N0} s");
        CliRun single = CliRun.Invoke([.. gavel, "--policy", "gavel-las", "--json"]);
        Assert.Equal(single.Output.Trim(), items[1].GetRawText());
    }

    [Theory]
    [InlineData("csv-ss", "needs --trace-format gavel")]
    [InlineData("csv-rounds", "has no steps and throughputs")]
    [InlineData("events", "--events logs the engine's events")]
    [InlineData("round-fifo", "Unknown policy 'round-fifo'")]
    [InlineData("round-gavel", "Unknown policy 'round-gavel-las'")]
    [InlineData("round-seconds", "--round-seconds must be a finite number of seconds > 0")]
    public void Simulate_RoundBasedPolicyMisused_FailsWithAClearMessage(string scenario, string message)
    {
        string trace = WriteCsvTrace(3);
        string[] csv = ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8"];
        string[] args = scenario switch
        {
            "csv-ss" => [.. csv, "--policy", "las,gavel-las-ss"],
            "csv-rounds" => [.. csv, "--policy", "gavel-las"],
            "events" => [.. GavelArguments(), "--policy", "gavel-las", "--events", Path.Combine(_folder, "e.jsonl")],
            "round-fifo" => [.. csv, "--policy", "round-fifo"],
            "round-gavel" => [.. csv, "--policy", "round-gavel-las"],
            _ => [.. GavelArguments(), "--policy", "gavel-las", "--round-seconds", "0"],
        };

        CliRun run = CliRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "e.jsonl")));
    }

    [Fact]
    public void Simulate_PlotPng_WritesAPngAndLeavesTheFiguresAsTheyWere()
    {
        string[] gavel = GavelArguments();
        string png = Path.Combine(_folder, "sim.png");

        CliRun plotted = CliRun.Invoke([.. gavel, "--policy", "las", "--json", "--plot", png]);
        CliRun plain = CliRun.Invoke([.. gavel, "--policy", "las", "--json"]);

        Assert.True(plotted.ExitCode == 0, plotted.Error);
        Assert.Equal(plain.Output, plotted.Output);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.InRange(bytes.Length, 10_000, 5_000_000);
        Assert.Equal(["sim.png"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Simulate_PlotSvgOfSeveralPolicies_WritesOneSvgWithThreePanels()
    {
        string svg = Path.Combine(_folder, "sim.svg");

        CliRun run = CliRun.Invoke([.. GavelArguments(), "--policy", "las,srtf,fifo", "--plot", svg]);

        Assert.True(run.ExitCode == 0, run.Error);
        var document = System.Xml.Linq.XDocument.Load(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Equal(3, document.Root.Elements().Count(e => e.Name.LocalName == "svg"));
        string text = File.ReadAllText(svg);
        Assert.Contains("JCT CDF", text, StringComparison.Ordinal);
        Assert.Contains("srtf", text, StringComparison.Ordinal);
        string[] ids = [.. document.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>()];
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Simulate_PlotOverAnExistingFile_IsRefusedWithoutOverwrite()
    {
        string trace = WriteCsvTrace(20);
        string png = Path.Combine(_folder, "exists.png");
        File.WriteAllText(png, "keep");
        string[] args = ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=16", "--gpus-per-node", "8", "--policy", "las,fifo", "--plot", png];

        CliRun refused = CliRun.Invoke(args);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists; pass --overwrite", refused.Error, StringComparison.Ordinal);
        Assert.Empty(refused.Output);
        Assert.Equal("keep", File.ReadAllText(png));

        CliRun replaced = CliRun.Invoke([.. args, "--overwrite"]);

        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.Equal((byte)0x89, File.ReadAllBytes(png)[0]);
    }

    [Theory]
    [InlineData("las,nope", null, "Unknown policy 'nope'")]
    [InlineData("las,,srtf", null, "empty entry")]
    [InlineData("las,srtf,LAS", null, "'LAS' is listed twice")]
    [InlineData("las,srtf", "events", "--events takes one policy")]
    [InlineData("las", "plot.pdf", "must end in .png or .svg")]
    [InlineData("las", "no-such-folder/plot.png", "does not exist")]
    public void Simulate_BadPolicyListOrPlot_FailsNamingTheProblem(string policy, string? extra, string message)
    {
        string trace = WriteCsvTrace(5);
        List<string> args = ["simulate", "--trace", trace, "--trace-format", "csv", "--gpus", "v100=8", "--policy", policy];
        if (extra == "events")
        {
            args.AddRange(["--events", Path.Combine(_folder, "events.jsonl")]);
        }
        else if (extra is not null)
        {
            args.AddRange(["--plot", Path.Combine(_folder, extra)]);
        }

        CliRun run = CliRun.Invoke([.. args]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.False(File.Exists(Path.Combine(_folder, "events.jsonl")));
    }

    private static string[] GavelArguments() =>
    [
        "simulate",
        "--trace", SharedData.RequireFile("traces/gavel/small_test.trace"),
        "--trace-format", "gavel",
        "--throughputs", SharedData.RequireFile("traces/gavel/simulation_throughputs.json"),
        "--gpus", "v100=4,p100=4,k80=4",
    ];

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
