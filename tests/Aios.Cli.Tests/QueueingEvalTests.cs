using System.Text.Json;
using Aios.Testing;

namespace Aios.Cli.Tests;

public sealed class QueueingEvalTests
{
    private const string ValidLine = "{\"id\": \"last\", \"model\": \"mm1\", \"arrivalRate\": 0.5, \"serviceRate\": 1}";

    [Fact]
    public void Eval_ReferenceFile_MatchesEveryExpectedFigure()
    {
        string path = SharedData.RequireFile("queueing/reference.jsonl");
        string[] inputs = File.ReadAllLines(path).Where(line => line.Length > 0).ToArray();

        CliRun run = CliRun.Invoke("queueing", "eval", "--input", path);

        Assert.Equal(0, run.ExitCode);
        string[] outputs = run.OutputLines;
        Assert.Equal(inputs.Length, outputs.Length);
        var failures = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
        {
            using var input = JsonDocument.Parse(inputs[i]);
            using var output = JsonDocument.Parse(outputs[i]);
            string id = input.RootElement.GetProperty("id").GetString()!;
            Assert.Equal(id, output.RootElement.GetProperty("id").GetString());
            CompareExpected(id, input.RootElement.GetProperty("expected"), output.RootElement, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    [Fact]
    public void Eval_InvalidLines_AreAnsweredWithErrorsAndTheBatchGoesOn()
    {
        string input = string.Join('\n',
            "{\"id\": 1, \"model\": \"mmc\", \"arrivalRate\": 9, \"serviceRate\": 5, \"servers\": 4}",
            "not json at all",
            "{\"id\": \"neg\", \"model\": \"mmc\", \"arrivalRate\": -1, \"serviceRate\": 5, \"servers\": 4}",
            "{\"id\": \"unknown\", \"model\": \"mm9\"}",
            "{\"id\": \"missing\", \"model\": \"mmck\", \"arrivalRate\": 1, \"serviceRate\": 2, \"servers\": 1}",
            "{\"id\": \"fraction\", \"model\": \"mmc\", \"arrivalRate\": 1, \"serviceRate\": 2, \"servers\": 1.5}",
            "{\"id\": \"type\", \"model\": \"mmc\", \"arrivalRate\": \"fast\", \"serviceRate\": 2, \"servers\": 1}",
            string.Empty,
            "{\"id\": 8, \"model\": \"mm1\", \"arrivalRate\": 0.5, \"serviceRate\": 1, \"extra\": {\"ignored\": true}}");

        CliRun run = CliRun.InvokeWithInput(input, "queueing", "eval", "--input", "-");

        Assert.Equal(1, run.ExitCode);
        string[] lines = run.OutputLines;
        Assert.Equal(8, lines.Length);
        JsonElement[] results = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(1, results[0].GetProperty("id").GetInt32());
        Assert.False(results[0].TryGetProperty("error", out _));
        Assert.Contains("invalid input", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("arrivalRate", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("neg", results[2].GetProperty("id").GetString());
        Assert.Contains("unknown model", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("capacity is required", results[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("whole number", results[5].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("type", results[6].GetProperty("id").GetString());
        Assert.True(results[6].TryGetProperty("error", out _));
        Assert.Equal(8, results[7].GetProperty("id").GetInt32());
        Assert.Equal(1.0, results[7].GetProperty("meanWaitingTime").GetDouble());
        Assert.Contains("6 of 9 lines", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": \"inf\", \"model\": \"md1\", \"arrivalRate\": 1, \"serviceRate\": 5e-324}")]
    [InlineData("{\"id\": \"inf\", \"model\": \"mm1\", \"arrivalRate\": 1e308, \"serviceRate\": 1e-308}")]
    [InlineData("{\"id\": \"inf\", \"model\": \"priority\", \"classes\": [{\"arrivalRate\": 1e308, \"serviceRate\": 1e-308}]}")]
    public void Eval_InfiniteFigure_IsOmittedAndLaterLinesAreAnswered(string line)
    {
        CliRun run = CliRun.InvokeWithInput(line + "\n" + ValidLine, "queueing", "eval", "--input", "-");

        string[] lines = run.OutputLines;
        Assert.Equal(2, lines.Length);
        JsonElement first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("inf", first.GetProperty("id").GetString());
        Assert.False(first.TryGetProperty("error", out _), lines[0]);
        Assert.False(first.GetProperty("stable").GetBoolean());
        Assert.False(first.TryGetProperty("meanWaitingTime", out _));
        Assert.Equal("last", JsonDocument.Parse(lines[1]).RootElement.GetProperty("id").GetString());
        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData("{\"id\": \"bad\", \"model\": \"priority\", \"classes\": [null]}", "classes[0]")]
    [InlineData("{\"id\": \"bad\", \"model\": \"priority\", \"classes\": [{\"arrivalRate\": 0.1, \"serviceRate\": 1}, null]}", "classes[1]")]
    [InlineData("{\"id\": \"bad\", \"model\": \"erlang-b\", \"arrivalRate\": 1e15, \"solve\": \"servers\", \"blockingTarget\": 0.01}", "arrivalRate")]
    [InlineData("{\"id\": \"bad\", \"model\": \"erlang-b\", \"arrivalRate\": 1e300, \"serviceRate\": 1e-300, \"solve\": \"servers\", \"blockingTarget\": 0.5}", "arrivalRate / serviceRate")]
    [InlineData("{\"id\": \"bad\", \"model\": \"erlang-b\", \"arrivalRate\": 1e308, \"serviceRate\": 1e-308, \"servers\": 1}", "arrivalRate / serviceRate")]
    [InlineData("{\"id\": \"bad\", \"model\": \"mmc\", \"arrivalRate\": 1e15, \"serviceRate\": 1, \"solve\": \"servers\", \"meanWaitTarget\": 1}", "arrivalRate")]
    public void Eval_LineThatThrows_IsAnsweredWithAnErrorAndTheBatchGoesOn(string line, string named)
    {
        CliRun run = CliRun.InvokeWithInput(line + "\n" + ValidLine, "queueing", "eval", "--input", "-");

        string[] lines = run.OutputLines;
        Assert.Equal(2, lines.Length);
        JsonElement first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("bad", first.GetProperty("id").GetString());
        Assert.Contains(named, first.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("last", JsonDocument.Parse(lines[1]).RootElement.GetProperty("id").GetString());
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_UnstableModel_HasNoWaitingOrQueueFigures()
    {
        CliRun run = CliRun.InvokeWithInput("{\"id\": \"u\", \"model\": \"mmc\", \"arrivalRate\": 6, \"serviceRate\": 3, \"servers\": 2, \"waitTarget\": 1}", "queueing", "eval", "--input", "-");

        JsonElement result = JsonDocument.Parse(run.OutputLines.Single()).RootElement;
        Assert.False(result.GetProperty("stable").GetBoolean());
        Assert.Equal(1.0, result.GetProperty("utilization").GetDouble());
        foreach (string field in new[] { "meanWaitingTime", "meanResponseTime", "meanQueueLength", "meanNumberInSystem", "serviceLevel" })
        {
            Assert.False(result.TryGetProperty(field, out _), $"{field} must be omitted for an unstable model");
        }
    }

    [Fact]
    public void Eval_MissingFile_FailsWithAClearMessage()
    {
        CliRun run = CliRun.Invoke("queueing", "eval", "--input", "/nonexistent/models.jsonl");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    private static void CompareExpected(string id, JsonElement expected, JsonElement actual, List<string> failures)
    {
        foreach (JsonProperty property in expected.EnumerateObject())
        {
            if (property.Name == "classes")
            {
                JsonElement[] want = property.Value.EnumerateArray().ToArray();
                JsonElement[] got = actual.GetProperty("classes").EnumerateArray().ToArray();
                Assert.Equal(want.Length, got.Length);
                for (int i = 0; i < want.Length; i++)
                {
                    foreach (JsonProperty field in want[i].EnumerateObject())
                    {
                        Compare($"{id} classes[{i}].{field.Name}", field.Value.GetDouble(), got[i].GetProperty(field.Name).GetDouble(), failures);
                    }
                }
            }
            else if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                Assert.Equal(property.Value.GetBoolean(), actual.GetProperty(property.Name).GetBoolean());
            }
            else if (!actual.TryGetProperty(property.Name, out JsonElement value))
            {
                failures.Add($"{id} {property.Name}: missing");
            }
            else
            {
                Compare($"{id} {property.Name}", property.Value.GetDouble(), value.GetDouble(), failures);
            }
        }
    }

    private static void Compare(string what, double expected, double actual, List<string> failures)
    {
        if (!(Math.Abs(actual - expected) <= Math.Max(1e-9 * Math.Abs(expected), 1e-12)))
        {
            failures.Add($"{what}: expected {expected:R}, got {actual:R}");
        }
    }
}
