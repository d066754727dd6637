using System.Globalization;
using System.Text.RegularExpressions;
using Aios.Cli.Serving;

namespace Aios.Cli.Tests;

public sealed partial class ServingDemoTests
{
    [Fact]
    public async Task Demo_ServingSection_RegistersPlansAndReplaysWithoutSharedData()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        await ServingDemo.RunAsync(output, sharedData: null, TestContext.Current.CancellationToken);

        string text = output.ToString();
        Assert.Contains("demo/llama-mini@2 (fine-tune of @1): 2 of 38 tensors changed", text, StringComparison.Ordinal);
        double share = double.Parse(NewShare().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(share, 0.1, 6);
        Assert.Contains("alias production -> demo/llama-mini@2; exported byte for byte: yes", text, StringComparison.Ordinal);
        Assert.Contains("meets the objective", text, StringComparison.Ordinal);
        Assert.Contains("Poisson traffic at the Azure conversation service's rate", text, StringComparison.Ordinal);
        foreach (string policy in new[] { "static", "hpa", "kpa", "aios" })
        {
            Assert.Matches($@"\n   {policy} +\d+\.\d\d %", text);
        }
    }

    [Fact]
    public async Task Demo_ServingSection_ReplaysTheAzureTraceWhenPresent()
    {
        string? shared = Aios.Testing.SharedData.Directory;
        if (shared is null || !File.Exists(Path.Combine(shared, "traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv")))
        {
            Assert.Skip("the Azure LLM trace is not in ../shared/data (or $AIOS_SHARED_DATA)");
        }

        using var output = new StringWriter(CultureInfo.InvariantCulture);

        await ServingDemo.RunAsync(output, shared, TestContext.Current.CancellationToken);

        Assert.Contains("Ten minutes of the Azure LLM conversation trace (2023-11-16, 2,867 requests)", output.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"stored anew [\d,]+ KiB = (\d+\.\d) % of the version")]
    private static partial Regex NewShare();
}
