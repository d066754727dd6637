using Aios.Data.Chunking;
using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Data.Tests.Storage;

public sealed class DatasetPackerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string MakeDataset(string name, int seed)
    {
        string root = _folder.Combine(name);
        Directory.CreateDirectory(Path.Combine(root, "shards", "deep"));
        File.WriteAllBytes(Path.Combine(root, "shards", "text.txt"), SyntheticContent.Generate(ContentKind.Text, 700_000, seed));
        File.WriteAllBytes(Path.Combine(root, "shards", "deep", "tokens.bin"), SyntheticContent.Generate(ContentKind.UInt16Tokens, 500_000, seed));
        File.WriteAllBytes(Path.Combine(root, "weights.f16"), SyntheticContent.Generate(ContentKind.Float16Tensor, 300_001, seed));
        File.WriteAllBytes(Path.Combine(root, "zeros.bin"), new byte[600_000]);
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
        File.WriteAllBytes(Path.Combine(root, ".hidden"), "hidden but part of the dataset"u8.ToArray());
        return root;
    }

    private static void AssertSameTree(string expected, string actual)
    {
        string[] files = [.. Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal)];
        string[] restored = [.. Directory.EnumerateFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(files, restored);
        foreach (string file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), file);
        }
    }

    [Theory]
    [InlineData("cdc")]
    [InlineData("fixed")]
    public async Task PackThenUnpack_Folder_RestoresEveryFileByteForByte(string chunking)
    {
        string source = MakeDataset("v1", 1);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        Chunker chunker = chunking == "cdc" ? Chunker.CreateContentDefined() : Chunker.CreateFixed(64 * 1024);

        DatasetPackResult packed = await DatasetPacker.PackAsync(store, source, chunker, cancellationToken: TestContext.Current.CancellationToken);
        DatasetManifest manifest = await DatasetPacker.UnpackAsync(store, packed.Manifest, _folder.Combine("out"), cancellationToken: TestContext.Current.CancellationToken);

        AssertSameTree(source, _folder.Combine("out"));
        Assert.Equal(6, packed.Files);
        Assert.Equal(2_100_001 + 30, packed.Bytes);
        Assert.Equal(packed.Bytes, manifest.TotalLength);
        Assert.True(packed.UniqueChunks < packed.Chunks, "the zero file's chunks are identical");
        Assert.True(packed.StoredBytes < packed.Bytes * 0.8, $"stored {packed.StoredBytes} of {packed.Bytes}");
        Assert.Equal([".hidden", "empty", "shards/deep/tokens.bin", "shards/text.txt", "weights.f16", "zeros.bin"], manifest.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Pack_SameDatasetTwice_SameManifestNothingNew()
    {
        string source = MakeDataset("v1", 2);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        DatasetPackResult first = await DatasetPacker.PackAsync(store, source, cancellationToken: TestContext.Current.CancellationToken);
        DatasetPackResult second = await DatasetPacker.PackAsync(store, source, maxDegreeOfParallelism: 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Manifest, second.Manifest);
        Assert.Equal(0, second.NewChunks);
        Assert.Equal(first.StoredBytes, second.StoredBytes);
        Assert.Equal(first.NewStoredBytes, first.StoredBytes);
    }

    [Fact]
    public async Task Pack_NewVersionWithAnInsertion_StoresOnlyNearbyChunks()
    {
        string v1 = MakeDataset("v1", 3);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        DatasetPackResult first = await DatasetPacker.PackAsync(store, v1, cancellationToken: TestContext.Current.CancellationToken);
        string text = Path.Combine(v1, "shards", "text.txt");
        byte[] original = File.ReadAllBytes(text);
        File.WriteAllBytes(text, [.. original.AsSpan(0, 300_000), .. "an edit in the middle"u8, .. original.AsSpan(300_000)]);

        DatasetPackResult second = await DatasetPacker.PackAsync(store, v1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(first.Manifest, second.Manifest);
        Assert.InRange(second.NewChunks, 1, 3);
        Assert.True(second.NewStoredBytes < first.StoredBytes / 5);
        await DatasetPacker.UnpackAsync(store, first.Manifest, _folder.Combine("old"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(original, File.ReadAllBytes(_folder.Combine("old", "shards", "text.txt")));
    }

    [Fact]
    public async Task Pack_SingleFile_ManifestNamesTheFile()
    {
        string file = _folder.Combine("one.bin");
        File.WriteAllBytes(file, SyntheticContent.Generate(ContentKind.JsonLines, 90_000, 4));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        DatasetPackResult packed = await DatasetPacker.PackAsync(store, file, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("one.bin", Assert.Single(store.ReadManifest(packed.Manifest).Files).Path);
    }

    [Fact]
    public async Task Pack_Cancelled_NoManifestAndStoreHealthy()
    {
        string source = MakeDataset("v1", 5);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetPacker.PackAsync(store, source, cancellationToken: cancellation.Token).AsTask());

        Assert.Empty(store.GetManifestIds());
        Assert.True((await store.VerifyAsync(TestContext.Current.CancellationToken)).IsHealthy);
    }

    [Fact]
    public async Task Unpack_CorruptChunk_ThrowsNamingItAndLeavesNoPartialFile()
    {
        string source = MakeDataset("v1", 6);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        DatasetPackResult packed = await DatasetPacker.PackAsync(store, source, cancellationToken: TestContext.Current.CancellationToken);
        ManifestChunk victim = store.ReadManifest(packed.Manifest).Files.Single(f => f.Path == "shards/text.txt").Chunks[3];
        string path = store.GetChunkPath(victim.Id);
        byte[] file = File.ReadAllBytes(path);
        file[100] ^= 1;
        File.WriteAllBytes(path, file);

        ChunkCorruptException error = await Assert.ThrowsAsync<ChunkCorruptException>(() => DatasetPacker.UnpackAsync(store, packed.Manifest, _folder.Combine("out"), cancellationToken: TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(victim.Id, error.Id);
        Assert.False(File.Exists(_folder.Combine("out", "shards", "text.txt")));
        Assert.DoesNotContain(Directory.EnumerateFiles(_folder.Combine("out"), "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".aios-partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unpack_MissingManifest_ThrowsNotFound()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        await Assert.ThrowsAsync<ChunkNotFoundException>(() => DatasetPacker.UnpackAsync(store, ContentId.Compute("x"u8), _folder.Combine("out"), cancellationToken: TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task Pack_BadArguments_Throw()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        await Assert.ThrowsAsync<FileNotFoundException>(() => DatasetPacker.PackAsync(store, _folder.Combine("absent"), cancellationToken: TestContext.Current.CancellationToken).AsTask());
        ArgumentOutOfRangeException range = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DatasetPacker.PackAsync(store, _folder.Path, maxDegreeOfParallelism: 0, cancellationToken: TestContext.Current.CancellationToken).AsTask());
        Assert.Equal("maxDegreeOfParallelism", range.ParamName);
    }
}
