using System.Text.Json;
using Aios.Data.Storage;
using Aios.Data.Synthetic;
using Aios.Serving.Registry;

namespace Aios.Cli.Tests;

public sealed class ModelsCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aios-cli-models-" + Guid.NewGuid().ToString("N"));

    public ModelsCommandsTests() => Directory.CreateDirectory(_root);

    private string Store => Path.Combine(_root, "store");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static List<SyntheticTensor> Tensors() => SyntheticSafetensors.Transformer(2, 128, 1000, "BF16", 1);

    private string Model(string name, List<SyntheticTensor> tensors)
    {
        string folder = Path.Combine(_root, name);
        SyntheticSafetensors.WriteModelFolder(folder, tensors, SyntheticSafetensors.Config(2, 128, 1000, "bfloat16"));
        return folder;
    }

    private CliRun Models(params string[] args) => CliRun.Invoke(["models", .. args, "--store", Store]);

    [Fact]
    public void RegisterAliasShowDiffExport_TwoVersions_FollowTheContracts()
    {
        List<SyntheticTensor> tensors = Tensors();
        string v1 = Model("v1", tensors);
        List<SyntheticTensor> tuned = [.. tensors];
        tuned[3] = SyntheticSafetensors.Random(tensors[3].Name, "BF16", tensors[3].Shape, 77);
        string v2 = Model("v2", tuned);

        CliRun first = Models("register", v1, "--name", "acme/tiny", "--label", "team=nlp", "--json");
        CliRun second = Models("register", v2, "--name", "acme/tiny", "--parent", "1", "--json");
        CliRun alias = Models("alias", "acme/tiny@2", "production");
        CliRun show = Models("show", "acme/tiny@production", "--json");
        CliRun diff = Models("diff", "acme/tiny@1", "acme/tiny@2", "--json");
        CliRun export = Models("export", "acme/tiny@production", Path.Combine(_root, "out"));
        CliRun list = Models("list");

        Assert.Equal((0, 0, 0, 0, 0, 0, 0), (first.ExitCode, second.ExitCode, alias.ExitCode, show.ExitCode, diff.ExitCode, export.ExitCode, list.ExitCode));
        JsonElement registered = JsonDocument.Parse(second.Output).RootElement;
        Assert.Equal(("acme/tiny@2", 2, 1), (registered.GetProperty("reference").GetString(), registered.GetProperty("version").GetInt32(), registered.GetProperty("parent").GetInt32()));
        Assert.Equal(tensors[3].Data.Length, registered.GetProperty("newBytes").GetInt64());
        Assert.Equal("acme/tiny@production -> acme/tiny@2", alias.Output.Trim());
        JsonElement shown = JsonDocument.Parse(show.Output).RootElement;
        Assert.Equal(2, shown.GetProperty("version").GetInt32());
        Assert.Equal(["production"], shown.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(tensors.Sum(t => t.Data.Length / 2L), shown.GetProperty("parameterCount").GetInt64());
        Assert.Equal(2L * 2 * 1 * 64 * 2, shown.GetProperty("architecture").GetProperty("kvCacheBytesPerToken").GetInt64());
        JsonElement changed = JsonDocument.Parse(diff.Output).RootElement;
        Assert.Equal([tensors[3].Name], changed.GetProperty("changed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(tensors.Count - 1, changed.GetProperty("unchanged").GetInt32());
        foreach (string file in Directory.EnumerateFiles(v2))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(_root, "out", Path.GetFileName(file))));
        }

        Assert.Equal(["NAME       LATEST  ALIASES", "acme/tiny       2  production@2"], list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AliasRemove_Existing_RemovedThenRefused()
    {
        Models("register", Model("v1", Tensors()), "--name", "m");
        Models("alias", "m@1", "staging");

        CliRun removed = Models("alias", "m", "staging", "--remove");
        CliRun again = Models("alias", "m", "staging", "--remove");
        CliRun resolve = Models("show", "m@staging");

        Assert.Equal((0, "removed m@staging"), (removed.ExitCode, removed.Output.Trim()));
        Assert.Equal((1, "aios: error: 'm' has no alias 'staging'"), (again.ExitCode, again.Error.Trim()));
        Assert.Equal((1, "aios: error: No model version 'm@staging': 'm' has no aliases."), (resolve.ExitCode, resolve.Error.Trim()));
    }

    [Fact]
    public void Register_HostileSafetensors_ErrorNamesTheFileAndNothingIsRegistered()
    {
        string folder = Model("bad", Tensors());
        byte[] bytes = File.ReadAllBytes(Path.Combine(folder, "model.safetensors"));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, 50_000_000); // under the cap, far beyond the file
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), bytes);

        CliRun run = Models("register", folder, "--name", "m");
        CliRun list = Models("list", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("aios: error: 'model.safetensors' is not a valid safetensors file: the header length 50000000 goes beyond the end of the file", run.Error, StringComparison.Ordinal);
        Assert.Contains("goes beyond the end of the file", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("(nothing was registered)", run.Error.Trim(), StringComparison.Ordinal);
        Assert.Equal("""{"models":[]}""", list.Output.Trim());
    }

    [Theory]
    [InlineData(new[] { "models", "list" }, "aios: error: no store: pass --store DIR or set AIOS_STORE")]
    [InlineData(new[] { "models", "show", "m", "--store", "/nonexistent-aios-store" }, "aios: error: no chunk store at '/nonexistent-aios-store' (expected its chunks/ and manifests/ folders; 'aios models register' creates one)")]
    [InlineData(new[] { "models", "register", "/nonexistent-aios-model", "--name", "m", "--store", "/tmp/x" }, "aios: error: '/nonexistent-aios-model' is not a folder")]
    public void Commands_BadInput_OneErrorLine(string[] args, string expected)
    {
        string? saved = Environment.GetEnvironmentVariable("AIOS_STORE");
        Environment.SetEnvironmentVariable("AIOS_STORE", null);
        try
        {
            CliRun run = CliRun.Invoke(args);

            Assert.Equal((1, expected), (run.ExitCode, run.Error.Trim()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AIOS_STORE", saved);
        }
    }

    [Fact]
    public void Commands_BadReferencesAndOptions_OneErrorLine()
    {
        string folder = Model("v1", Tensors());
        Models("register", folder, "--name", "m");

        Assert.Equal("aios: error: --name: 'a@b' is not a model name: a name has no '@', no control characters and no leading or trailing white space", Models("register", folder, "--name", "a@b").Error.Trim());
        Assert.Equal("aios: error: --label: 'team' is not KEY=VALUE", Models("register", folder, "--name", "m", "--label", "team").Error.Trim());
        Assert.Equal("aios: error: No model version 'm@2': the parent version does not exist ('m' has versions 1 to 1).", Models("register", folder, "--name", "m", "--parent", "2").Error.Trim());
        Assert.Equal("aios: error: No model version 'm@7': 'm' has versions 1 to 1.", Models("show", "m@7").Error.Trim());
        Assert.Equal("aios: error: 'latest' is not an alias: 'latest' always means the highest version and cannot be set", Models("alias", "m@1", "latest").Error.Trim());
        Assert.Equal("aios: error: name the version the alias should point at: m@VERSION (got 'm')", Models("alias", "m", "production").Error.Trim());
        CliRun exists = Models("export", "m", folder);
        Assert.Equal(1, exists.ExitCode);
        Assert.Contains("already exist", exists.Error, StringComparison.Ordinal);
        Assert.Equal(0, Models("export", "m", folder, "--overwrite").ExitCode);
        Assert.Equal(0, Models("verify", "m").ExitCode);
    }
    /// <summary>
    /// Real <c>aios models register</c> processes are killed (SIGKILL) once a growing share of the model's chunks has
    /// reached the store — a gate they pass whatever the machine's speed. After every kill the registry lists no version
    /// or whole ones only, each verifying, and the store verifies clean; a final registration gets the next number and
    /// exports byte for byte.
    /// </summary>
    [Fact]
    public async Task Register_ProcessKilledMidWrite_NoVersionHalfRegistered()
    {
        string source = Model("big", SyntheticSafetensors.Transformer(6, 256, 4000, "BF16", 5));
        string sizing = Path.Combine(_root, "sizing");
        Assert.Equal(0, CliRun.Invoke("models", "register", source, "--name", "m", "--store", sizing).ExitCode);
        int allChunks = ProcessGate.CountFiles(Path.Combine(sizing, "chunks"));
        string chunks = Path.Combine(Store, "chunks");
        string cli = typeof(CliApplication).Assembly.Location;
        int killedWhileRunning = 0;
        foreach (double share in (double[])[0.1, 0.3, 0.6, 0.9, 1.0])
        {
            int target = Math.Max(1, (int)(allChunks * share));
            if (await ProcessGate.RunAndKillWhenAsync([cli, "models", "register", source, "--name", "m", "--store", Store], () => ProcessGate.CountFiles(chunks) >= target, TestContext.Current.CancellationToken))
            {
                killedWhileRunning++;
            }

            ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
            foreach (ModelSummary model in await registry.ListAsync(TestContext.Current.CancellationToken))
            {
                for (int version = 1; version <= model.LatestVersion; version++)
                {
                    Assert.True((await registry.VerifyAsync($"m@{version}", TestContext.Current.CancellationToken)).IsHealthy);
                }
            }

            StoreVerification store = await registry.Store.VerifyAsync(TestContext.Current.CancellationToken);
            Assert.True(store.IsHealthy, $"after a kill at {target} of {allChunks} chunks: {store.CorruptChunks.Count} corrupt, {store.MissingChunks.Count} missing");
        }

        Assert.True(killedWhileRunning >= 2, $"only {killedWhileRunning} runs were killed while running; the model is too small for this machine");
        int registered = (await ModelRegistry.OpenOrCreate(Store).ListAsync(TestContext.Current.CancellationToken)).SingleOrDefault()?.LatestVersion ?? 0;
        CliRun final = Models("register", source, "--name", "m", "--json");
        Assert.Equal(registered + 1, JsonDocument.Parse(final.Output).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(0, Models("export", "m", Path.Combine(_root, "restored")).ExitCode);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_root, "restored", Path.GetFileName(file)))), file);
        }
    }
}
