using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aios.Cli.Tests;

/// <summary>
/// <c>aios queueing eval</c> on thousands of seeded random and mutated lines: every non-blank line is answered by
/// exactly one JSON object, in order, with a result or an error, and the exit code is 1 exactly when a line failed.
/// </summary>
public sealed class QueueingEvalFuzzTests
{
    private const int LinesPerBatch = 2500;

    private static readonly string[] ValidLines =
    [
        """{"id": "mmc", "model": "mmc", "arrivalRate": 9, "serviceRate": 5, "servers": 4, "waitTarget": 0.1}""",
        """{"id": "mmc-solve", "model": "mmc", "arrivalRate": 9, "serviceRate": 5, "solve": "servers", "serviceLevelTarget": 0.8, "waitTarget": 0.1}""",
        """{"id": "mmc-mean", "model": "mmc", "arrivalRate": 9, "serviceRate": 5, "solve": "servers", "meanWaitTarget": 0.05}""",
        """{"id": "mm1", "model": "mm1", "arrivalRate": 0.5, "serviceRate": 1, "waitTarget": 1}""",
        """{"id": "mmck", "model": "mmck", "arrivalRate": 3, "serviceRate": 2, "servers": 2, "capacity": 5}""",
        """{"id": "mminf", "model": "mminf", "arrivalRate": 3, "serviceRate": 2}""",
        """{"id": "mg1", "model": "mg1", "arrivalRate": 0.5, "serviceRate": 1, "serviceScv": 0.5}""",
        """{"id": "md1", "model": "md1", "arrivalRate": 0.5, "serviceRate": 1}""",
        """{"id": "ggc", "model": "ggc", "arrivalRate": 3, "serviceRate": 1, "servers": 4, "arrivalScv": 0.7, "serviceScv": 1.5}""",
        """{"id": "erlang-b", "model": "erlang-b", "arrivalRate": 10, "serviceRate": 1, "servers": 12}""",
        """{"id": "erlang-b-solve", "model": "erlang-b", "arrivalRate": 10, "solve": "servers", "blockingTarget": 0.01}""",
        """{"id": "priority", "model": "priority", "servers": 2, "preemptive": true, "classes": [{"arrivalRate": 0.3, "serviceRate": 1}, {"arrivalRate": 0.5, "serviceRate": 1, "serviceScv": 2}]}""",
    ];

    private static readonly string[] Fields =
        ["id", "model", "arrivalRate", "serviceRate", "servers", "capacity", "arrivalScv", "serviceScv", "waitTarget", "classes", "preemptive", "solve", "serviceLevelTarget", "meanWaitTarget", "blockingTarget"];

    private static readonly string[] ExtremeNumbers =
        ["0", "-0", "-1", "1e308", "-1e308", "5e-324", "-5e-324", "1e15", "1e-300", "2147483647", "2147483648", "-2147483649", "1.5", "0.999999999999", "1e400", "-1e400", "123456789012345678901234567890", "1E+2", "0.0000001"];

    private static readonly string[] OtherValues =
        ["null", "true", "false", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1\"", "\"fast\"", "[]", "[null]", "[1]", "{}", "[{}]", "[{\"arrivalRate\": 1e308, \"serviceRate\": 5e-324}]", "\"servers\"", "\"mmc\"", "\"erlang-b\"", "\"priority\"", "\"\"", "{\"a\": [[[[[]]]]]}"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Eval_RandomAndMutatedLines_EveryLineAnsweredInOrder(int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>(LinesPerBatch);
        for (int i = 0; i < LinesPerBatch; i++)
        {
            lines.Add(Mutate(random, ValidLines[random.Next(ValidLines.Length)], i));
        }

        CliRun run = CliRun.InvokeWithInput(string.Join('\n', lines), "queueing", "eval", "--input", "-");

        string[] answered = lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToArray();
        string[] outputs = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(answered.Length == outputs.Length, $"{outputs.Length} answers for {answered.Length} lines; the first unanswered: '{answered.ElementAtOrDefault(outputs.Length)}'; error stream: {run.Error}");
        int errors = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            JsonElement output = ParseObject(outputs[i], answered[i]);
            bool hasError = output.TryGetProperty("error", out JsonElement error);
            bool hasResult = output.TryGetProperty("stable", out JsonElement stable);
            Assert.True(hasError != hasResult, $"line {i + 1} '{answered[i]}' got neither or both a result and an error: {outputs[i]}");
            if (hasError)
            {
                errors++;
                string message = error.GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(message), outputs[i]);
                Assert.DoesNotContain("\n", message, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
                Assert.DoesNotContain("Parameter '", message, StringComparison.Ordinal);
                Assert.DoesNotContain("could not be evaluated", message, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(stable.ValueKind is JsonValueKind.True or JsonValueKind.False, outputs[i]);
            }

            if (TryReadId(answered[i], out JsonElement id) && !(hasError && error.GetString()!.Contains("could not be written as JSON", StringComparison.Ordinal)))
            {
                Assert.True(output.TryGetProperty("id", out JsonElement echoed) && JsonElement.DeepEquals(id, echoed), $"line {i + 1} '{answered[i]}' lost its id: {outputs[i]}");
            }
        }

        Assert.Equal(errors == 0 ? 0 : 1, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        if (errors > 0)
        {
            Assert.Contains($"aios: {errors} of ", run.Error, StringComparison.Ordinal);
        }
    }

    private static JsonElement ParseObject(string output, string input)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"the answer to '{input}' is not JSON ({exception.Message}): {output}");
            throw;
        }
    }

    /// <summary>The id of an input line that is a JSON object with one id.</summary>
    private static bool TryReadId(string line, out JsonElement id)
    {
        id = default;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            int found = 0;
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "id")
                {
                    found++;
                    id = property.Value.Clone();
                }
            }

            return found == 1 && id.ValueKind != JsonValueKind.Null;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return false;
        }
    }

    private static string Mutate(Random random, string valid, int index)
    {
        int kind = random.Next(10);
        if (kind == 0)
        {
            return RandomText(random);
        }

        if (kind == 1)
        {
            return valid[..random.Next(valid.Length)];
        }

        JsonObject node = JsonNode.Parse(valid)!.AsObject();
        node["id"] = index;
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            string field = Fields[random.Next(Fields.Length)];
            switch (random.Next(4))
            {
                case 0:
                    node.Remove(field);
                    break;
                case 1:
                    node[field] = JsonNode.Parse(ExtremeNumbers[random.Next(ExtremeNumbers.Length)] is var number && number.Contains("e400", StringComparison.Ordinal) ? "1" : number);
                    break;
                default:
                    node[field] = JsonNode.Parse(OtherValues[random.Next(OtherValues.Length)]);
                    break;
            }
        }

        string text = node.ToJsonString();
        return random.Next(4) switch
        {
            // Numbers JsonNode cannot hold (1e400), and a field given twice, are spliced into the text.
            0 => text[..^1] + $", \"{Fields[random.Next(Fields.Length)]}\": {ExtremeNumbers[random.Next(ExtremeNumbers.Length)]}}}",
            1 => text.Insert(random.Next(text.Length), RandomText(random)[..1]),
            2 when random.Next(4) == 0 => text[..^1] + $", \"{Fields[random.Next(Fields.Length)]}\": \"\\ud800\"}}",
            _ => text,
        };
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        int length = random.Next(1, 60);
        for (int i = 0; i < length; i++)
        {
            char c = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => "{}[]\":,0123456789.-eE"[random.Next(21)],
                2 => (char)random.Next(0xA0, 0xD800),
                _ => random.Next(8) == 0 ? (char)random.Next(0xD800, 0xE000) : (char)random.Next(1, 0x20),
            };
            builder.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return builder.ToString();
    }
}
