using System.Text;
using System.Text.Json;
using Aios.Testing;

namespace Aios.Cli.Tests;

public sealed class ServeCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Plan_Json_NamesTheCheapestPlanAndItsReplay()
    {
        CliRun run = CliRun.Invoke("serve", "plan", "--parameters", "7e9", "--rate", "12", "--prompt-tokens", "1000", "--output-tokens", "200", "--objective", "p99-ttft<=2s", "--replay-seconds", "300", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement plan = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(plan.GetProperty("replicas").GetInt32() >= 1);
        Assert.True(plan.GetProperty("predictedSeconds").GetDouble() <= 2);
        Assert.True(plan.GetProperty("replayAttainment").GetDouble() > 0.9);
        Assert.Contains(plan.GetProperty("deviceType").GetString(), new[] { "a100", "h100", "l4", "a10g" });
        Assert.Equal("p99-ttft<=2s", plan.GetProperty("objective").GetString());
    }

    [Fact]
    public void Plan_Cluster_PlacesReplicasOnIt()
    {
        string cluster = Path.Combine(_folder, "cluster.json");
        File.WriteAllText(cluster, """{"cluster": {"nodes": 4, "node": {"gpus": [{"model": "l4", "count": 8}]}}}""");

        CliRun run = CliRun.Invoke("serve", "plan", "--rate", "6", "--prompt-tokens", "800", "--output-tokens", "150", "--objective", "p99-ttft<=3s", "--cluster", cluster, "--replay-seconds", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(" l4, batch limit", run.Output, StringComparison.Ordinal);
        Assert.Contains("placed:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MeasuredProfiles_AreTheCandidates()
    {
        string profiles = Path.Combine(_folder, "profiles.json");
        File.WriteAllText(profiles, """[{"deviceType": "mi300x", "gpusPerReplica": 1, "prefillTokensPerSecond": 20000, "decodeStepBaseSeconds": 0.008, "decodeStepPerSequenceSeconds": 0.0002, "maxBatchSize": 128, "kvCacheTokens": 1000000, "coldStartSeconds": 40, "costPerHour": 4}]""");

        CliRun run = CliRun.Invoke("serve", "plan", "--rate", "10", "--prompt-tokens", "1000", "--output-tokens", "200", "--objective", "p99-ttft<=1s", "--profiles", profiles, "--replay-seconds", "0", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("mi300x", JsonDocument.Parse(run.Output).RootElement.GetProperty("deviceType").GetString());
    }

    [Fact]
    public void Plan_BadProfile_NamesTheFileAndEntry()
    {
        string profiles = Path.Combine(_folder, "profiles.json");
        File.WriteAllText(profiles, """[{"deviceType": "x", "prefillTokensPerSecond": 0, "decodeStepBaseSeconds": 0.01, "kvCacheTokens": 100, "costPerHour": 1}]""");

        CliRun run = CliRun.Invoke("serve", "plan", "--rate", "1", "--prompt-tokens", "10", "--output-tokens", "10", "--objective", "p99-ttft<=1s", "--profiles", profiles);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("profile [0]", run.Error, StringComparison.Ordinal);
        Assert.Contains("prefillTokensPerSecond", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Trace_UsesItsPeakAndReplaysIt()
    {
        string trace = WriteTrace(400);

        CliRun run = CliRun.Invoke("serve", "plan", "--trace", trace, "--objective", "p99-ttft<=3s", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement plan = JsonDocument.Parse(run.Output).RootElement;
        Assert.InRange(plan.GetProperty("rate").GetDouble(), 1, 10);
        Assert.True(plan.TryGetProperty("replayAttainment", out _));
    }

    [Theory]
    [InlineData("--objective", "p99-ttfx<=2s", "not a latency")]
    [InlineData("--rate", "-3", "--rate must be")]
    [InlineData("--parameters", "seven", "--parameters must be")]
    [InlineData("--model", "llama", "--model llama: no model registry")]
    [InlineData("--model", "llama@production", "pass --store DIR or set AIOS_STORE")]
    public void Plan_BadInput_OneErrorLineAndExitOne(string option, string value, string expected)
    {
        var args = new List<string> { "serve", "plan", "--rate", "5", "--prompt-tokens", "100", "--output-tokens", "10", "--objective", "p99-ttft<=2s" };
        int index = args.IndexOf(option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        CliRun run = CliRun.Invoke([.. args]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error:", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Infeasible_SaysWhy()
    {
        CliRun run = CliRun.Invoke("serve", "plan", "--rate", "5", "--prompt-tokens", "100000", "--output-tokens", "10", "--objective", "p99-ttft<=100ms", "--replay-seconds", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no replica profile meets p99-ttft<=100ms", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_Json_ReportsEveryPolicy()
    {
        string trace = WriteTrace(600);

        CliRun run = CliRun.Invoke("serve", "replay", "--trace", trace, "--autoscaler", "static,hpa,kpa,aios", "--objective", "p99-ttft<=2s", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement result = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(600, result.GetProperty("requests").GetInt32());
        Assert.Equal(["static", "hpa", "kpa", "aios"], result.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policy").GetString()));
        Assert.All(result.GetProperty("policies").EnumerateArray(), p => Assert.InRange(p.GetProperty("attainment").GetDouble(), 0, 1));
        Assert.All(result.GetProperty("policies").EnumerateArray(), p => Assert.True(p.GetProperty("gpuHours").GetDouble() > 0));
    }

    [Fact]
    public void Replay_PlotPng_IsAValidPng()
    {
        string trace = WriteTrace(300);
        string plot = Path.Combine(_folder, "replay.png");

        CliRun run = CliRun.Invoke("serve", "replay", "--trace", trace, "--autoscaler", "aios,hpa", "--objective", "p99-ttft<=2s", "--plot", plot);

        Assert.Equal(0, run.ExitCode);
        byte[] bytes = File.ReadAllBytes(plot);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 10_000);
    }

    [Fact]
    public void Replay_PlotOverAnExistingFile_RefusedUnlessOverwrite()
    {
        string trace = WriteTrace(120);
        string plot = Path.Combine(_folder, "mine.png");
        File.WriteAllText(plot, "the user's file");

        CliRun refused = CliRun.Invoke("serve", "replay", "--trace", trace, "--autoscaler", "static", "--objective", "p99-ttft<=2s", "--plot", plot);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists; pass --overwrite", refused.Error, StringComparison.Ordinal);
        Assert.Equal("the user's file", File.ReadAllText(plot));

        CliRun replaced = CliRun.Invoke("serve", "replay", "--trace", trace, "--autoscaler", "static", "--objective", "p99-ttft<=2s", "--plot", plot, "--overwrite");
        Assert.Equal(0, replaced.ExitCode);
        Assert.Equal(0x89, File.ReadAllBytes(plot)[0]);
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.Contains(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_PlotSvg_IsValidXml()
    {
        string trace = WriteTrace(300);
        string plot = Path.Combine(_folder, "replay.svg");

        CliRun run = CliRun.Invoke("serve", "replay", "--trace", trace, "--autoscaler", "kpa", "--objective", "p99-ttft<=2s", "--plot", plot);

        Assert.Equal(0, run.ExitCode);
        var document = System.Xml.Linq.XDocument.Load(plot);
        Assert.Equal("svg", document.Root!.Name.LocalName);
    }

    [Fact]
    public void Replay_ConversationTrace_TenMinutes()
    {
        string trace = SharedData.RequireFile("traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv");

        CliRun run = CliRun.Invoke("serve", "replay", "--trace", trace, "--objective", "p99-ttft<=2s", "--minutes", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("AzureLLMInferenceTrace_conv.csv", run.Output, StringComparison.Ordinal);
        Assert.Equal(4, run.OutputLines.Count(line => line.StartsWith("static", StringComparison.Ordinal) || line.StartsWith("hpa", StringComparison.Ordinal) || line.StartsWith("kpa", StringComparison.Ordinal) || line.StartsWith("aios", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--autoscaler", "vpa", "'vpa' is not one")]
    [InlineData("--plot", "out.jpg", ".png or .svg")]
    [InlineData("--device", "tpu", "--device must be one of")]
    [InlineData("--minutes", "0", "--minutes must be")]
    [InlineData("--trace", "/nonexistent/trace.csv", "does not exist")]
    public void Replay_BadInput_OneErrorLineAndExitOne(string option, string value, string expected)
    {
        string trace = WriteTrace(10);
        var args = new List<string> { "serve", "replay", "--trace", trace, "--objective", "p99-ttft<=2s", option, value };
        if (option == "--trace")
        {
            args.RemoveRange(2, 2);
        }

        CliRun run = CliRun.Invoke([.. args]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_MalformedTrace_NamesTheLine()
    {
        string trace = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,10,5\n2023-11-16 18:00:01,ten,5\n");

        CliRun run = CliRun.Invoke("serve", "replay", "--trace", trace, "--objective", "p99-ttft<=2s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.csv, line 3, column 'ContextTokens'", run.Error, StringComparison.Ordinal);
    }

    private string WriteTrace(int requests)
    {
        var random = new Random(requests);
        var text = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        var start = new DateTime(2023, 11, 16, 18, 0, 0, DateTimeKind.Utc);
        double time = 0;
        for (int i = 0; i < requests; i++)
        {
            time += -Math.Log(1 - random.NextDouble()) / 2;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{start.AddSeconds(time):yyyy-MM-dd HH:mm:ss.fffffff},{random.Next(50, 2000)},{random.Next(1, 300)}\n");
        }

        string path = Path.Combine(_folder, $"trace-{requests}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
