using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aios.Cli.Data;
using Aios.Data.Storage;
using Aios.Serving.Registry;

namespace Aios.Cli.Serving;

/// <summary>
/// <c>aios models register|list|show|diff|alias|export|verify</c>: the model registry of Aios.Serving on a chunk store
/// (the same store <c>aios data</c> uses: <c>--store DIR</c>, or the <c>AIOS_STORE</c> environment variable).
/// </summary>
internal static class ModelsCommands
{
    /// <summary>The environment variable naming the store when <c>--store</c> is not given.</summary>
    public const string StoreVariable = "AIOS_STORE";

    private const string Interrupted = "interrupted; nothing was registered or changed (chunks already stored stay, unreferenced)";

    public static Command Create(CliConsole console)
    {
        var command = new Command("models", "A model registry on the chunk store: safetensors versions deduplicated tensor by tensor, numbered per name, with aliases (production, staging), diffs and byte-for-byte export.");
        command.Subcommands.Add(CreateRegister(console));
        command.Subcommands.Add(CreateList(console));
        command.Subcommands.Add(CreateShow(console));
        command.Subcommands.Add(CreateDiff(console));
        command.Subcommands.Add(CreateAlias(console));
        command.Subcommands.Add(CreateExport(console));
        command.Subcommands.Add(CreateVerify(console));
        return command;
    }

    private static Option<string> StoreOption() =>
        new("--store") { Description = $"The chunk store's folder (as in 'aios data'); defaults to ${StoreVariable}." };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON object." };

    private static Command CreateRegister(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = "The model's folder: safetensors files, config.json, tokenizer files." };
        var name = new Option<string>("--name") { Description = "The model's name (e.g. acme/llama-8b).", Required = true };
        var parent = new Option<int?>("--parent") { Description = "The version this one derives from (e.g. the base of a fine-tune)." };
        var labels = new Option<string[]>("--label") { Description = "A label KEY=VALUE; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("register", "Register the files of DIR as the next version of --name; prints name@version. Every safetensors header is checked before anything is stored; a failure registers nothing.")
        {
            directory, name, parent, labels, store, json,
        };
        command.SetAction((result, cancellationToken) => Run(console, token => RegisterAsync(
            console, result.GetValue(directory)!, result.GetValue(name)!, result.GetValue(parent), result.GetValue(labels) ?? [], result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("list", "List the registered models: name, latest version, aliases.") { store, json };
        command.SetAction((result, cancellationToken) => Run(console, token => ListAsync(console, result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateShow(CliConsole console)
    {
        var reference = new Argument<string>("MODEL") { Description = "name, name@VERSION or name@ALIAS (name alone: the latest version)." };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("show", "Show a version: parameters, bytes per dtype, architecture (KV cache bytes per token), labels, aliases, files.") { reference, store, json };
        command.SetAction((result, cancellationToken) => Run(console, token => ShowAsync(console, result.GetValue(reference)!, result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateDiff(CliConsole console)
    {
        var from = new Argument<string>("FROM") { Description = "The older version (name@1)." };
        var to = new Argument<string>("TO") { Description = "The newer version (name@2)." };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("diff", "Tensors added, removed, changed and unchanged between two versions, and the bytes they share.") { from, to, store, json };
        command.SetAction((result, cancellationToken) => Run(console, token => DiffAsync(console, result.GetValue(from)!, result.GetValue(to)!, result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateAlias(CliConsole console)
    {
        var reference = new Argument<string>("MODEL") { Description = "The version the alias should point at (name@3, or name@staging to promote what staging points at); with --remove, the name." };
        var alias = new Argument<string>("ALIAS") { Description = "The alias (production, staging, …)." };
        var remove = new Option<bool>("--remove") { Description = "Remove the alias instead." };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("alias", "Point an alias at a version (moving it atomically from the version it pointed at), or remove it.") { reference, alias, remove, store, json };
        command.SetAction((result, cancellationToken) => Run(console, token => AliasAsync(
            console, result.GetValue(reference)!, result.GetValue(alias)!, result.GetValue(remove), result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateExport(CliConsole console)
    {
        var reference = new Argument<string>("MODEL") { Description = "The version (name@VERSION, name@ALIAS, name)." };
        var output = new Argument<string>("OUT") { Description = "The folder to restore into (created when absent)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing files (atomically)." };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("export", "Restore a version's files byte for byte, every chunk verified. Never writes outside OUT (symbolic links inside it are refused) and never replaces an existing file unless --overwrite.")
        {
            reference, output, overwrite, store, json,
        };
        command.SetAction((result, cancellationToken) => Run(console, token => ExportAsync(
            console, result.GetValue(reference)!, result.GetValue(output)!, result.GetValue(overwrite), result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    private static Command CreateVerify(CliConsole console)
    {
        var reference = new Argument<string>("MODEL") { Description = "The version." };
        var store = StoreOption();
        var json = JsonOption();
        var command = new Command("verify", $"Read back every chunk of a version and check it, its headers and tensors against the record; exit code {DataCommands.CorruptExitCode} when something is wrong.") { reference, store, json };
        command.SetAction((result, cancellationToken) => Run(console, token => VerifyAsync(console, result.GetValue(reference)!, result.GetValue(store), result.GetValue(json), token), cancellationToken));
        return command;
    }

    /// <summary>Runs a command under Ctrl+C/SIGTERM handling, turning the registry's expected failures into one error line.</summary>
    private static Task<int> Run(CliConsole console, Func<CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        DataCommands.GuardedWithSignalsAsync(console, async token =>
        {
            try
            {
                return await action(token).ConfigureAwait(false);
            }
            catch (ModelRegistryCorruptException exception)
            {
                console.Fail(exception.Message);
                return DataCommands.CorruptExitCode;
            }
            catch (Exception exception) when (exception is ModelNotFoundException or FormatException or ArgumentException)
            {
                return console.Fail(CliConsole.Describe(exception));
            }
        }, Interrupted, cancellationToken);

    /// <summary>The store folder: the <c>--store</c> option, else <c>$AIOS_STORE</c>; null when neither is set.</summary>
    public static string? StorePath(string? option)
    {
        string? path = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(StoreVariable) : option;
        return string.IsNullOrWhiteSpace(path) ? null : path;
    }

    /// <summary>Whether <paramref name="path"/> holds a chunk store (its chunks/ and manifests/ folders), checked before
    /// opening one so that a wrong path is reported as such.</summary>
    public static bool IsStore(string path) =>
        Directory.Exists(Path.Combine(path, "chunks")) && Directory.Exists(Path.Combine(path, "manifests"));

    private static bool TryOpen(CliConsole console, string? storePath, bool create, out ModelRegistry? registry, out int failure)
    {
        registry = null;
        failure = 0;
        string? path = StorePath(storePath);
        if (path is null)
        {
            failure = console.Fail($"no store: pass --store DIR or set {StoreVariable}");
            return false;
        }

        if (create)
        {
            registry = ModelRegistry.OpenOrCreate(path);
            return true;
        }

        if (!IsStore(path))
        {
            failure = console.Fail($"no chunk store at '{path}' (expected its chunks/ and manifests/ folders; 'aios models register' creates one)");
            return false;
        }

        registry = ModelRegistry.Open(ChunkStore.Open(path));
        return true;
    }

    private static async Task<int> RegisterAsync(CliConsole console, string directory, string name, int? parent, string[] labels, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return console.Fail($"'{directory}' is not a folder");
        }

        if (ModelRegistry.GetNameProblem(name) is { } nameProblem)
        {
            return console.Fail($"--name: '{name}' is not a model name: {nameProblem}");
        }

        if (parent is < 1)
        {
            return console.Fail($"--parent must be a version number >= 1 (got {parent})");
        }

        var registration = new ModelRegistration { Name = name, ParentVersion = parent };
        foreach (string label in labels)
        {
            int equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return console.Fail($"--label: '{label}' is not KEY=VALUE");
            }

            registration.Labels[label[..equals]] = label[(equals + 1)..];
        }

        if (!TryOpen(console, storePath, create: true, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        ModelRegistrationResult result;
        try
        {
            result = await registry!.RegisterAsync(directory, registration, cancellationToken).ConfigureAwait(false);
        }
        catch (SafetensorsFormatException exception)
        {
            return console.Fail(exception.Message + " (nothing was registered)");
        }

        foreach (SkippedFile skipped in result.Skipped)
        {
            console.Error.WriteLine($"aios: warning: skipped '{skipped.Path}': {skipped.Reason}");
        }

        ModelVersion version = result.Version;
        if (json)
        {
            var output = new ModelsRegisterOutput(
                version.Reference, version.Name, version.Version, version.ParentVersion, version.Id.ToString(), version.Manifest.ToString(), version.Files.Count, version.Tensors.Count,
                version.ParameterCount, version.WeightBytes, version.TotalBytes, result.Chunks, result.NewChunks, result.NewBytes, result.NewStoredBytes, Math.Round(result.NewShare, 6),
                [.. result.Skipped.Select(s => new ModelsSkipped(s.Path, s.Reason))]);
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.ModelsRegisterOutput));
            return 0;
        }

        console.Out.WriteLine(version.Reference);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{version.Files.Count} files, {version.Tensors.Count} tensors, {version.ParameterCount:N0} parameters, {ByteSize.Format(version.TotalBytes)} in {result.Chunks:N0} chunks ({result.NewChunks:N0} new): this version added {ByteSize.Format(result.NewBytes)} ({result.NewShare:P1})."));
        return 0;
    }

    private static async Task<int> ListAsync(CliConsole console, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        IReadOnlyList<ModelSummary> models = await registry!.ListAsync(cancellationToken).ConfigureAwait(false);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new ModelsListOutput([.. models.Select(m => new ModelsListEntry(m.Name, m.LatestVersion, m.Aliases))]), CliJsonContext.Default.ModelsListOutput));
            return 0;
        }

        if (models.Count == 0)
        {
            console.Out.WriteLine("no models registered");
            return 0;
        }

        int width = Math.Max(4, models.Max(m => m.Name.Length));
        console.Out.WriteLine($"{"NAME".PadRight(width)}  LATEST  ALIASES");
        foreach (ModelSummary model in models)
        {
            string aliases = string.Join(", ", model.Aliases.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key}@{a.Value}")));
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name.PadRight(width)}  {model.LatestVersion,6}  {aliases}"));
        }

        return 0;
    }

    private static async Task<int> ShowAsync(CliConsole console, string reference, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        ModelVersion version = await registry!.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        ModelArchitecture? architecture = version.Architecture;
        if (json)
        {
            var output = new ModelsShowOutput(
                version.Reference, version.Name, version.Version, version.ParentVersion, version.RegisteredAt, version.Id.ToString(), version.Manifest.ToString(), version.ParameterCount,
                version.WeightBytes, version.TotalBytes, version.BytesByDtype, version.Labels, version.Aliases,
                architecture is null ? null : new ModelsArchitectureOutput(architecture.ModelType, architecture.Architecture, architecture.HiddenLayers, architecture.HiddenSize,
                    architecture.AttentionHeads, architecture.KeyValueHeads, architecture.HeadDimension, architecture.TorchDtype, architecture.KvCacheBytesPerToken),
                [.. version.Files.Select(f => new ModelsFileOutput(f.Path, f.Length, f.IsSafetensors))], version.Tensors.Count);
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.ModelsShowOutput));
            return 0;
        }

        TextWriter o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{version.Reference}{(version.Aliases.Count > 0 ? $" ({string.Join(", ", version.Aliases)})" : "")}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  registered   {version.RegisteredAt:u}{(version.ParentVersion is { } p ? $", parent {version.Name}@{p}" : "")}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  parameters   {version.ParameterCount:N0} in {version.Tensors.Count} tensors"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  weights      {ByteSize.Format(version.WeightBytes)} ({string.Join(", ", version.BytesByDtype.Select(b => $"{b.Key} {ByteSize.Format(b.Value)}"))})"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  files        {version.Files.Count}, {ByteSize.Format(version.TotalBytes)}"));
        if (architecture is not null)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  architecture {architecture.Architecture ?? architecture.ModelType ?? "transformer"}: {architecture.HiddenLayers} layers, hidden {architecture.HiddenSize}, {architecture.AttentionHeads} heads ({architecture.KeyValueHeads} KV) of {architecture.HeadDimension}, {architecture.TorchDtype ?? "dtype unknown"}; KV cache {ByteSize.Format(architecture.KvCacheBytesPerToken)} per token"));
        }

        if (version.Labels.Count > 0)
        {
            o.WriteLine($"  labels       {string.Join(", ", version.Labels.Select(l => $"{l.Key}={l.Value}"))}");
        }

        o.WriteLine($"  record       {version.Id}");
        return 0;
    }

    private static async Task<int> DiffAsync(CliConsole console, string from, string to, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        ModelDiff diff = await registry!.DiffAsync(from, to, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            var output = new ModelsDiffOutput(diff.From, diff.To, diff.Added, diff.Removed, diff.Changed, diff.Unchanged, diff.ChangedFiles, diff.BytesShared, diff.BytesNew);
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.ModelsDiffOutput));
            return 0;
        }

        TextWriter o = console.Out;
        long total = diff.BytesShared + diff.BytesNew;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{diff.From} -> {diff.To}: {diff.Added.Count} tensors added, {diff.Removed.Count} removed, {diff.Changed.Count} changed, {diff.Unchanged} unchanged; {ByteSize.Format(diff.BytesShared)} shared, {ByteSize.Format(diff.BytesNew)} new ({(total == 0 ? 0 : (double)diff.BytesNew / total):P1})"));
        foreach ((string mark, IReadOnlyList<string> names) in new[] { ("+", diff.Added), ("-", diff.Removed), ("~", diff.Changed), ("file ~", diff.ChangedFiles) })
        {
            foreach (string name in names)
            {
                o.WriteLine($"  {mark} {name}");
            }
        }

        return 0;
    }

    private static async Task<int> AliasAsync(CliConsole console, string reference, string alias, bool remove, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (ModelRegistry.GetAliasProblem(alias) is { } problem)
        {
            return console.Fail($"'{alias}' is not an alias: {problem}");
        }

        if (!ModelReference.TryParse(reference, out ModelReference parsed))
        {
            return console.Fail(CliConsole.Describe(new FormatException(ModelReferenceProblem(reference))));
        }

        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        if (remove)
        {
            if (!parsed.IsLatest)
            {
                return console.Fail($"--remove takes the model's name alone (got '{reference}')");
            }

            bool removed = await registry!.RemoveAliasAsync(parsed.Name, alias, cancellationToken).ConfigureAwait(false);
            if (!removed)
            {
                return console.Fail($"'{parsed.Name}' has no alias '{alias}'");
            }

            Write(console, json, new ModelsAliasOutput(parsed.Name, alias, null), $"removed {parsed.Name}@{alias}");
            return 0;
        }

        if (parsed.IsLatest)
        {
            return console.Fail($"name the version the alias should point at: {parsed.Name}@VERSION (got '{reference}')");
        }

        ModelVersion target = await registry!.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        ModelVersion version = await registry.SetAliasAsync(target.Name, alias, target.Version, cancellationToken).ConfigureAwait(false);
        Write(console, json, new ModelsAliasOutput(version.Name, alias, version.Version), $"{version.Name}@{alias} -> {version.Reference}");
        return 0;
    }

    private static string ModelReferenceProblem(string reference)
    {
        try
        {
            ModelReference.Parse(reference);
            return $"'{reference}' is not a model reference";
        }
        catch (FormatException exception)
        {
            return exception.Message;
        }
    }

    private static void Write(CliConsole console, bool json, ModelsAliasOutput output, string text) =>
        console.Out.WriteLine(json ? JsonSerializer.Serialize(output, CliJsonContext.Default.ModelsAliasOutput) : text);

    private static async Task<int> ExportAsync(CliConsole console, string reference, string outputPath, bool overwrite, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        ModelVersion version;
        try
        {
            version = await registry!.ExportAsync(reference, outputPath, overwrite, cancellationToken).ConfigureAwait(false);
        }
        catch (ChunkCorruptException exception)
        {
            console.Fail(exception.Message);
            return DataCommands.CorruptExitCode;
        }

        var output = new ModelsExportOutput(version.Reference, version.Files.Count, version.TotalBytes, Path.GetFullPath(outputPath));
        console.Out.WriteLine(json
            ? JsonSerializer.Serialize(output, CliJsonContext.Default.ModelsExportOutput)
            : $"restored {version.Reference}: {version.Files.Count} files, {ByteSize.Format(version.TotalBytes)}, to {output.Output} (every chunk verified)");
        return 0;
    }

    private static async Task<int> VerifyAsync(CliConsole console, string reference, string? storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpen(console, storePath, create: false, out ModelRegistry? registry, out int failure))
        {
            return failure;
        }

        ModelVerification verification = await registry!.VerifyAsync(reference, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new ModelsVerifyOutput(verification.Reference, verification.Files, verification.Chunks, verification.Problems), CliJsonContext.Default.ModelsVerifyOutput));
        }
        else
        {
            console.Out.WriteLine($"{verification.Reference}: {verification.Files} files, {verification.Chunks} chunks checked, {verification.Problems.Count} problems");
            foreach (string problem in verification.Problems)
            {
                console.Out.WriteLine($"   {problem}");
            }
        }

        return verification.IsHealthy ? 0 : DataCommands.CorruptExitCode;
    }
}
