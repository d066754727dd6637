using System.Text.Json;
using Aios.Data.Synthetic;

namespace Aios.Cli.Tests;

/// <summary><c>aios serve plan --model NAME@ALIAS</c> from the registry, and the plan's manifests written to a file.</summary>
public sealed class ServePlanModelsTests : IDisposable
{
    private static readonly string[] Plan = ["serve", "plan", "--rate", "4", "--prompt-tokens", "500", "--output-tokens", "100", "--objective", "p99-ttft<=2s", "--replay-seconds", "0"];
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-serve-models-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Register()
    {
        string model = Path.Combine(_folder, "model");
        string store = Path.Combine(_folder, "store");
        SyntheticSafetensors.WriteModelFolder(model, SyntheticSafetensors.Transformer(2, 128, 1000, "BF16", 1), SyntheticSafetensors.Config(2, 128, 1000, "bfloat16"));
        Assert.Equal(0, CliRun.Invoke("models", "register", model, "--name", "acme/tiny", "--store", store).ExitCode);
        Assert.Equal(0, CliRun.Invoke("models", "alias", "acme/tiny@1", "production", "--store", store).ExitCode);
        return store;
    }

    [Fact]
    public void Plan_RegisteredModel_SizesByItsHeaderAndConfig()
    {
        string store = Register();
        string show = CliRun.Invoke("models", "show", "acme/tiny@production", "--store", store, "--json").Output;
        long weightBytes = JsonDocument.Parse(show).RootElement.GetProperty("weightBytes").GetInt64();

        CliRun run = CliRun.Invoke([.. Plan, "--model", "acme/tiny@production", "--store", store, "--json"]);

        Assert.Equal(0, run.ExitCode);
        JsonElement plan = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("acme/tiny@1", plan.GetProperty("model").GetString());
        Assert.True(weightBytes > 0);
        Assert.True(plan.GetProperty("predictedSeconds").GetDouble() <= 2);
    }

    [Theory]
    [InlineData("acme/tiny@staging", "no alias")]
    [InlineData("other@1", "other")]
    public void Plan_UnknownModel_SaysWhichAndFails(string reference, string expected)
    {
        string store = Register();

        CliRun run = CliRun.Invoke([.. Plan, "--model", reference, "--store", store]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--model {reference}:", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Plan_ModelAndParameters_Refused()
    {
        CliRun run = CliRun.Invoke([.. Plan, "--model", "m@1", "--parameters", "7e9", "--store", _folder]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not both", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Manifests_WritesTheDeploymentAndServiceOfThePlan()
    {
        string store = Register();
        string file = Path.Combine(_folder, "tiny.json");

        CliRun run = CliRun.Invoke([.. Plan, "--model", "acme/tiny@production", "--store", store, "--json", "--manifests", file, "--image", "example.invalid/server:1", "--scheduler", "aios", "--queue", "serving", "--arg", "--port", "--arg", "8000"]);

        Assert.Equal(0, run.ExitCode);
        JsonElement plan = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("acme-tiny-v1", plan.GetProperty("kubernetes").GetProperty("name").GetString());
        JsonElement list = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal("List", list.GetProperty("kind").GetString());
        JsonElement deployment = list.GetProperty("items")[0];
        Assert.Equal(plan.GetProperty("replicas").GetInt32(), deployment.GetProperty("spec").GetProperty("replicas").GetInt32());
        JsonElement pod = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.Equal("aios", pod.GetProperty("schedulerName").GetString());
        Assert.Equal(
            plan.GetProperty("gpusPerReplica").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            pod.GetProperty("containers")[0].GetProperty("resources").GetProperty("limits").GetProperty("nvidia.com/gpu").GetString());
        Assert.Equal(["--port", "8000"], pod.GetProperty("containers")[0].GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("acme/tiny@1", deployment.GetProperty("metadata").GetProperty("annotations").GetProperty("aios.dev/model").GetString());
        Assert.Equal("Service", list.GetProperty("items")[1].GetProperty("kind").GetString());
    }

    [Fact]
    public void Plan_ManifestsOverAnExistingFile_RefusedUnlessOverwrite()
    {
        string file = Path.Combine(_folder, "mine.json");
        File.WriteAllText(file, "the user's file");

        CliRun refused = CliRun.Invoke([.. Plan, "--manifests", file, "--image", "img"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists; pass --overwrite", refused.Error, StringComparison.Ordinal);
        Assert.Equal("the user's file", File.ReadAllText(file));

        CliRun replaced = CliRun.Invoke([.. Plan, "--manifests", file, "--image", "img", "--overwrite"]);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Equal("List", JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("kind").GetString());
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData(new[] { "--manifests", "m.json" }, "--image is required")]
    [InlineData(new[] { "--apply" }, "--image is required")]
    [InlineData(new[] { "--manifests", "m.json", "--image", "img", "--namespace", "Bad_NS" }, "--namespace")]
    [InlineData(new[] { "--manifests", "m.json", "--image", "img", "--scheduler", "Not Valid" }, "--scheduler")]
    [InlineData(new[] { "--apply", "--image", "img", "--kubeconfig", "/nonexistent/kubeconfig" }, "does not exist")]
    public void Plan_BadKubernetesOptions_OneErrorLineAndNoFile(string[] options, string expected)
    {
        string[] args = [.. Plan, .. options.Select(o => o == "m.json" ? Path.Combine(_folder, o) : o)];

        CliRun run = CliRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
