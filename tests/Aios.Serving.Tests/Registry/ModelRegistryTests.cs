using Aios.Data.Storage;
using Aios.Data.Synthetic;
using Aios.Serving.Registry;

namespace Aios.Serving.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Store => _folder.Combine("store");

    /// <summary>A model folder: two shards of a small transformer (BF16 and F32 tensors, several larger than a chunk), config and tokenizer.</summary>
    private string ModelFolder(string name, List<SyntheticTensor> tensors)
    {
        string folder = _folder.Combine(name);
        SyntheticSafetensors.WriteModelFolder(folder, tensors, SyntheticSafetensors.Config(4, 128, 1000, "bfloat16"));
        File.WriteAllBytes(Path.Combine(folder, "model-00002-of-00002.safetensors"), SyntheticSafetensors.Write(
            [SyntheticSafetensors.Random("lm_head.weight", "F32", [1000, 128], 99), SyntheticSafetensors.Random("lm_head.bias", "F32", [1000], 98)]));
        return folder;
    }

    private static List<SyntheticTensor> Base() => SyntheticSafetensors.Transformer(4, 128, 1000, "BF16", 1);

    private static List<SyntheticTensor> Changed(List<SyntheticTensor> tensors, params int[] indices)
    {
        var changed = new List<SyntheticTensor>(tensors);
        foreach (int index in indices)
        {
            SyntheticTensor old = changed[index];
            changed[index] = SyntheticSafetensors.Random(old.Name, old.Dtype, old.Shape, 1_000_000 + index);
        }

        return changed;
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        string[] names = [.. Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(names, Directory.EnumerateFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal));
        foreach (string name in names)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name))), name);
        }
    }

    [Fact]
    public async Task RegisterAsync_ModelFolder_RecordsCountsArchitectureAndExportsByteForByte()
    {
        string source = ModelFolder("base", Base());
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);

        ModelRegistrationResult result = await registry.RegisterAsync(source, new ModelRegistration { Name = "acme/tiny", Labels = { ["team"] = "nlp" } }, Token);
        ModelVersion exported = await registry.ExportAsync("acme/tiny@1", _folder.Combine("out"), cancellationToken: Token);

        ModelVersion version = result.Version;
        Assert.Equal(("acme/tiny", 1, "acme/tiny@1"), (version.Name, version.Version, version.Reference));
        long parameters = Base().Sum(t => t.Data.Length / 2) + (1000 * 128) + 1000;
        Assert.Equal(parameters, version.ParameterCount);
        Assert.Equal(new Dictionary<string, long> { ["BF16"] = Base().Sum(t => (long)t.Data.Length), ["F32"] = ((1000 * 128) + 1000) * 4 }, version.BytesByDtype);
        Assert.Equal(version.BytesByDtype.Values.Sum(), version.WeightBytes);
        Assert.Equal(Directory.EnumerateFiles(source).Sum(f => new FileInfo(f).Length), version.TotalBytes);
        Assert.Equal(["config.json", "model-00002-of-00002.safetensors", "model.safetensors", "tokenizer.json"], version.Files.Select(f => f.Path));
        Assert.Equal(Base().Count + 2, version.Tensors.Count);
        Assert.Equal("nlp", version.Labels["team"]);
        Assert.Equal(new ModelArchitecture("llama", "LlamaForCausalLM", 4, 128, 2, 1, 64, "bfloat16"), version.Architecture);
        Assert.Equal(2L * 4 * 1 * 64 * 2, version.Architecture!.KvCacheBytesPerToken);
        Assert.Equal(result.NewBytes, version.TotalBytes);
        Assert.Equal(version.Id, exported.Id);
        AssertSameFiles(source, _folder.Combine("out"));
        Assert.True((await registry.VerifyAsync("acme/tiny", Token)).IsHealthy);
    }

    [Fact]
    public async Task RegisterAsync_SecondVersionChangingTwoTensors_StoresOnlyThoseTensorsAnew()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        List<SyntheticTensor> tensors = Base();
        await registry.RegisterAsync(ModelFolder("v1", tensors), new ModelRegistration { Name = "m" }, Token);

        ModelRegistrationResult second = await registry.RegisterAsync(ModelFolder("v2", Changed(tensors, 2, 7)), new ModelRegistration { Name = "m", ParentVersion = 1 }, Token);
        ModelDiff diff = await registry.DiffAsync("m@1", "m@2", Token);

        Assert.Equal((2, (int?)1), (second.Version.Version, second.Version.ParentVersion));
        Assert.Equal(tensors[2].Data.Length + tensors[7].Data.Length, second.NewBytes);
        Assert.Equal(new[] { tensors[2].Name, tensors[7].Name }.Order(StringComparer.Ordinal), diff.Changed);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Empty(diff.ChangedFiles);
        Assert.Equal(tensors.Count + 2 - 2, diff.Unchanged);
        Assert.Equal(second.NewBytes, diff.BytesNew);
        Assert.Equal(second.Version.TotalBytes, diff.BytesShared + diff.BytesNew);
        AssertSameFiles(_folder.Combine("v2"), (await ExportTo(registry, "m", "out2")));
        AssertSameFiles(_folder.Combine("v1"), (await ExportTo(registry, "m@1", "out1")));
    }

    private async Task<string> ExportTo(ModelRegistry registry, string reference, string name)
    {
        string output = _folder.Combine(name);
        await registry.ExportAsync(reference, output, cancellationToken: Token);
        return output;
    }

    [Fact]
    public async Task DiffAsync_AddedRemovedAndOtherFiles_Listed()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        List<SyntheticTensor> tensors = Base();
        await registry.RegisterAsync(ModelFolder("v1", tensors), new ModelRegistration { Name = "m" }, Token);
        List<SyntheticTensor> next = [.. tensors.Where(t => t.Name != "model.norm.weight"), SyntheticSafetensors.Random("model.extra.weight", "F16", [64, 64], 5)];
        string folder = ModelFolder("v2", next);
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), "{\"temperature\": 0.7}");

        await registry.RegisterAsync(folder, new ModelRegistration { Name = "m" }, Token);
        ModelDiff diff = await registry.DiffAsync("m@1", "m", Token);

        Assert.Equal(["model.extra.weight"], diff.Added);
        Assert.Equal(["model.norm.weight"], diff.Removed);
        Assert.Empty(diff.Changed);
        Assert.Equal(["generation_config.json"], diff.ChangedFiles);
    }

    [Fact]
    public async Task Aliases_SetMoveRemove_ResolveFollows()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        List<SyntheticTensor> tensors = Base();
        await registry.RegisterAsync(ModelFolder("v1", tensors), new ModelRegistration { Name = "m" }, Token);
        await registry.RegisterAsync(ModelFolder("v2", Changed(tensors, 1)), new ModelRegistration { Name = "m" }, Token);

        ModelVersion set = await registry.SetAliasAsync("m", "production", 1, Token);
        await registry.SetAliasAsync("m", "staging", 2, Token);
        int before = (await registry.ResolveAsync("m@production", Token)).Version;
        await registry.SetAliasAsync("m", "production", 2, Token);
        ModelVersion moved = await registry.ResolveAsync("m@production", Token);
        bool removed = await registry.RemoveAliasAsync("m", "staging", Token);
        bool again = await registry.RemoveAliasAsync("m", "staging", Token);

        Assert.Equal((1, 1), (set.Version, before));
        Assert.Equal(["production"], set.Aliases);
        Assert.Equal(2, moved.Version);
        Assert.Equal(["production", "staging"], moved.Aliases);
        Assert.True(removed);
        Assert.False(again);
        Assert.Empty((await registry.ResolveAsync("m@1", Token)).Aliases);
        Assert.Equal(new Dictionary<string, int> { ["production"] = 2 }, (await registry.ListAsync(Token)).Single().Aliases);
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.ResolveAsync("m@staging", Token));
        Assert.Equal("No model version 'm@staging': 'm' has no alias 'staging' (it has production).", missing.Message);
    }

    [Fact]
    public async Task ResolveAsync_References_LatestNumberAliasAndMisses()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        List<SyntheticTensor> tensors = Base();
        await registry.RegisterAsync(ModelFolder("v1", tensors), new ModelRegistration { Name = "m" }, Token);
        await registry.RegisterAsync(ModelFolder("v2", Changed(tensors, 3)), new ModelRegistration { Name = "m" }, Token);

        Assert.Equal(2, (await registry.ResolveAsync("m", Token)).Version);
        Assert.Equal(2, (await registry.ResolveAsync("m@latest", Token)).Version);
        Assert.Equal(1, (await registry.ResolveAsync("m@1", Token)).Version);
        Assert.Null(await registry.TryResolveAsync("m@3", Token));
        Assert.Null(await registry.TryResolveAsync("other", Token));
        Assert.Null(await registry.TryResolveAsync("m@", Token));
        Assert.Equal("No model version 'm@3': 'm' has versions 1 to 2.", (await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.ResolveAsync("m@3", Token))).Message);
        Assert.Equal("No model version 'x': no model is named 'x'.", (await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.ResolveAsync("x", Token))).Message);
        await Assert.ThrowsAsync<FormatException>(async () => await registry.ResolveAsync("m@0", Token));
        Assert.Equal([1, 2], (await registry.ListVersionsAsync("m", Token)).Select(v => v.Version));
    }

    [Fact]
    public async Task SetAliasAsync_BadAliasOrVersion_Refused()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        await registry.RegisterAsync(ModelFolder("v1", Base()), new ModelRegistration { Name = "m" }, Token);

        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.SetAliasAsync("m", "latest", 1, Token));
        await Assert.ThrowsAsync<ArgumentException>(async () => await registry.SetAliasAsync("m", "9lives", 1, Token));
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.SetAliasAsync("m", "production", 2, Token));
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.SetAliasAsync("n", "production", 1, Token));
        Assert.Empty((await registry.ListAsync(Token)).Single().Aliases);
    }

    [Fact]
    public async Task RegisterAsync_ConcurrentRegistrationsOfOneName_GetDistinctNumbers()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        List<SyntheticTensor> tensors = SyntheticSafetensors.Transformer(1, 64, 100, "F16", 3);
        string[] folders = [.. Enumerable.Range(0, 6).Select(i => ModelFolder($"c{i}", Changed(tensors, i)))];
        ModelRegistry other = ModelRegistry.OpenOrCreate(Store);

        ModelRegistrationResult[] results = await Task.WhenAll(folders.Select((folder, i) =>
            Task.Run(async () => await (i % 2 == 0 ? registry : other).RegisterAsync(folder, new ModelRegistration { Name = "m", Labels = { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }, Token))));

        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.Version.Version).Order());
        IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync("m", Token);
        Assert.Equal(results.Select(r => r.Version.Id).Order(), versions.Select(v => v.Id).Order());
        foreach (ModelRegistrationResult result in results)
        {
            Assert.Equal(result.Version.Labels["i"], versions[result.Version.Version - 1].Labels["i"]);
        }
    }

    [Fact]
    public async Task SetAliasAsync_LockHeldByAnotherWriter_WaitsThenFailsWithoutChange()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store, new ModelRegistryOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        await registry.RegisterAsync(ModelFolder("v1", Base()), new ModelRegistration { Name = "m" }, Token);
        string head = File.ReadAllText(Path.Combine(Store, "models", "HEAD"));

        IOException refused;
        using (new FileStream(Path.Combine(Store, "models", "lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            refused = await Assert.ThrowsAsync<IOException>(async () => await registry.SetAliasAsync("m", "production", 1, Token));
        }

        ModelVersion after = await registry.SetAliasAsync("m", "production", 1, Token);

        Assert.Contains("was held by another writer for more than 0.2 s", refused.Message, StringComparison.Ordinal);
        Assert.NotEqual(head, File.ReadAllText(Path.Combine(Store, "models", "HEAD")));
        Assert.Equal(["production"], after.Aliases);
    }

    [Fact]
    public async Task RegisterAsync_HostileFile_FailsAndChangesNothing()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        await registry.RegisterAsync(ModelFolder("v1", Base()), new ModelRegistration { Name = "m" }, Token);
        SortedDictionary<string, string> before = TemporaryFolder.Snapshot(Store);
        string hostile = ModelFolder("v2", Changed(Base(), 4));
        byte[] bad = SyntheticSafetensors.Write([SyntheticSafetensors.Random("a", "F32", [4], 1), SyntheticSafetensors.Random("b", "F32", [4], 2)]);
        bad[8 + 40] ^= 0x01; // inside the header's JSON: now invalid or inconsistent
        File.WriteAllBytes(Path.Combine(hostile, "zz.safetensors"), bad);

        var exception = await Assert.ThrowsAsync<SafetensorsFormatException>(async () => await registry.RegisterAsync(hostile, new ModelRegistration { Name = "m" }, Token));

        Assert.Equal("zz.safetensors", exception.File);
        Assert.Equal(before, TemporaryFolder.Snapshot(Store));
        Assert.Equal(1, (await registry.ListAsync(Token)).Single().LatestVersion);
    }

    [Fact]
    public async Task RegisterAsync_Cancelled_NoVersionVisible()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await registry.RegisterAsync(ModelFolder("v1", Base()), new ModelRegistration { Name = "m" }, cancellation.Token));

        Assert.Empty(await registry.ListAsync(Token));
        Assert.False(File.Exists(Path.Combine(Store, "models", "HEAD")));
    }

    [Fact]
    public async Task RegisterAsync_CancelledMidway_EitherWholeOrInvisible()
    {
        string folder = ModelFolder("v1", Base());
        for (int attempt = 0; attempt < 4; attempt++)
        {
            ModelRegistry registry = ModelRegistry.OpenOrCreate(_folder.Combine($"store{attempt}"));
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(attempt * 25));
            try
            {
                await registry.RegisterAsync(folder, new ModelRegistration { Name = "m" }, cancellation.Token);
                Assert.True((await registry.VerifyAsync("m@1", Token)).IsHealthy);
            }
            catch (OperationCanceledException)
            {
                Assert.Empty(await registry.ListAsync(Token));
                Assert.Empty(TemporaryFolder.Snapshot(_folder.Combine($"store{attempt}", "models", "tmp")));
                Assert.Empty(TemporaryFolder.Snapshot(_folder.Combine($"store{attempt}", "tmp")));
            }
        }
    }

    [Fact]
    public async Task RegisterAsync_MissingParentOrBadOptions_Refused()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        string folder = ModelFolder("v1", Base());

        var parent = await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.RegisterAsync(folder, new ModelRegistration { Name = "m", ParentVersion = 1 }, Token));
        var name = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.RegisterAsync(folder, new ModelRegistration { Name = "m@2" }, Token));
        var label = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.RegisterAsync(folder, new ModelRegistration { Name = "m", Labels = { ["a=b"] = "c" } }, Token));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(async () => await registry.RegisterAsync(_folder.Combine("nowhere"), new ModelRegistration { Name = "m" }, Token));

        Assert.Contains("the parent version does not exist ('m' has no versions yet)", parent.Message, StringComparison.Ordinal);
        Assert.Equal("Name", name.ParamName);
        Assert.Equal("Labels", label.ParamName);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Store, "chunks"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ExportAsync_ExistingFile_RefusedUnlessOverwrite()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        string source = ModelFolder("v1", Base());
        await registry.RegisterAsync(source, new ModelRegistration { Name = "m" }, Token);
        string output = _folder.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "config.json"), "mine");

        var refused = await Assert.ThrowsAsync<IOException>(async () => await registry.ExportAsync("m", output, cancellationToken: Token));
        string kept = File.ReadAllText(Path.Combine(output, "config.json"));
        await registry.ExportAsync("m", output, overwrite: true, Token);

        Assert.Contains("already exists", refused.Message, StringComparison.Ordinal);
        Assert.Equal("mine", kept);
        AssertSameFiles(source, output);
    }

    [Fact]
    public async Task VerifyAsync_CorruptChunkOrRecord_Reported()
    {
        ModelRegistry registry = ModelRegistry.OpenOrCreate(Store);
        ModelVersion version = (await registry.RegisterAsync(ModelFolder("v1", Base()), new ModelRegistration { Name = "m" }, Token)).Version;
        ModelTensor tensor = version.Tensors[5];
        DatasetManifest manifest = registry.Store.ReadManifest(version.Manifest);
        long offset = 0;
        ManifestChunk target = manifest.Files.Single(f => f.Path == tensor.File).Chunks.First(c => (offset += c.Length) > tensor.Offset);
        string chunkPath = registry.Store.GetChunkPath(target.Id);
        byte[] bytes = File.ReadAllBytes(chunkPath);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(chunkPath, bytes);

        ModelVerification verification = await registry.VerifyAsync("m@1", Token);
        string record = Path.Combine(Store, "models", "records", version.Id + ".json");
        File.WriteAllText(record, File.ReadAllText(record).Replace("\"version\":1", "\"version\":1 ", StringComparison.Ordinal));

        Assert.False(verification.IsHealthy);
        Assert.Contains(verification.Problems, p => p.Contains(target.Id.ToString(), StringComparison.Ordinal));
        var corrupt = await Assert.ThrowsAsync<ModelRegistryCorruptException>(async () => await registry.ResolveAsync("m", Token));
        Assert.Equal("its SHA-256 does not match its name", corrupt.Reason);
    }

    [Fact]
    public async Task ListAsync_EmptyStore_NothingAndNothingWritten()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(Store);
        ModelRegistry registry = ModelRegistry.Open(store);

        Assert.Empty(await registry.ListAsync(Token));
        Assert.False(Directory.Exists(Path.Combine(Store, "models")));
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await registry.ListVersionsAsync("m", Token));
    }

    [Fact]
    public void Options_Invalid_RefusedWithTheirNames()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(Store);

        Assert.Equal("LockTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => ModelRegistry.Open(store, new ModelRegistryOptions { LockTimeout = TimeSpan.Zero })).ParamName);
        Assert.Equal("MaxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => ModelRegistry.Open(store, new ModelRegistryOptions { MaxDegreeOfParallelism = 0 })).ParamName);
        var options = new ModelRegistryOptions { MaxDegreeOfParallelism = 3 };
        ModelRegistry registry = ModelRegistry.Open(store, options);
        options.MaxDegreeOfParallelism = 9;
        Assert.Equal(3, registry.Options.MaxDegreeOfParallelism);
    }
}
