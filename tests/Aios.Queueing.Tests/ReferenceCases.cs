using System.Text.Json;
using Aios.Testing;

namespace Aios.Queueing.Tests;

/// <summary>
/// The reference models of <c>shared/data/queueing/reference.jsonl</c> (computed with mpmath at 50 digits),
/// one JSON object per line in the <c>aios queueing eval</c> input contract with an <c>expected</c> object.
/// </summary>
internal static class ReferenceCases
{
    public const string File = "queueing/reference.jsonl";

    /// <summary>The reference tolerance: 1e-9 relative, 1e-12 absolute near zero (as the contract checker).</summary>
    public const double Relative = 1e-9;

    public static IReadOnlyList<JsonElement> Load(string model)
    {
        string path = SharedData.RequireFile(File);
        var cases = new List<JsonElement>();
        foreach (string line in System.IO.File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement element = JsonDocument.Parse(line).RootElement.Clone();
            if (element.GetProperty("model").GetString() == model)
            {
                cases.Add(element);
            }
        }

        Assert.NotEmpty(cases);
        return cases;
    }

    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();

    public static int Integer(this JsonElement element, string name) => element.GetProperty(name).GetInt32();

    public static bool Has(this JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Asserts a figure against the case's expected value, when the case states one.</summary>
    public static void Check(this JsonElement testCase, string field, double actual, List<string> failures, double relative = Relative)
    {
        JsonElement expected = testCase.GetProperty("expected");
        if (!expected.TryGetProperty(field, out JsonElement value) || value.ValueKind != JsonValueKind.Number)
        {
            return;
        }

        double want = value.GetDouble();
        // An expected 0 is a value below double range at 50 digits: the result must underflow too.
        double allowed = want == 0 ? 1e-300 : relative * Math.Abs(want);
        if (!(Math.Abs(actual - want) <= allowed))
        {
            failures.Add($"{testCase.GetProperty("id").GetString()} {field}: expected {want:R}, got {actual:R} (relative error {Tolerance.RelativeError(want, actual):E2})");
        }
    }
}
