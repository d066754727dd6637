using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Aios.Data.Chunking;
using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Data.Tests.Storage;

/// <summary>Restores never write outside the output folder, never replace a file unasked, and restore every name that packs.</summary>
public sealed class DatasetUnpackSafetyTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private (ChunkStore Store, ContentId Manifest) PackOneFile(string name, byte[] content)
    {
        string source = _folder.Combine("source-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(source, name.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        ContentId manifest = DatasetPacker.PackAsync(store, source, cancellationToken: Token).AsTask().GetAwaiter().GetResult().Manifest;
        return (store, manifest);
    }

    private static string Real(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo? target = Directory.Exists(current) ? new DirectoryInfo(current).ResolveLinkTarget(true) : new FileInfo(current).ResolveLinkTarget(true);
            if (target is not null)
            {
                current = target.FullName;
            }
        }

        return current;
    }

    [Fact]
    public async Task UnpackAsync_SymlinkAtTheOldTemporaryName_LeavesItsTargetUntouched()
    {
        (ChunkStore store, ContentId manifest) = PackOneFile("x", "restored content"u8.ToArray());
        string output = _folder.Combine("out");
        string victim = _folder.Combine("victim.txt");
        Directory.CreateDirectory(output);
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(Path.Combine(output, "x.aios-partial"), victim);

        await DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal("restored content", File.ReadAllText(Path.Combine(output, "x")));
        Assert.Null(new FileInfo(Path.Combine(output, "x")).LinkTarget);
    }

    [Fact]
    public async Task UnpackAsync_SymlinkedFolderInsideOutput_RefusesNamingItAndWritesNothingOutside()
    {
        (ChunkStore store, ContentId manifest) = PackOneFile("link/x", "payload"u8.ToArray());
        string output = _folder.Combine("out");
        string elsewhere = _folder.Combine("elsewhere");
        Directory.CreateDirectory(output);
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(output, "link"), elsewhere);

        IOException error = await Assert.ThrowsAnyAsync<IOException>(() => DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token).AsTask());

        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.Contains("link", error.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnpackAsync_OutputRootIsASymlink_RestoresIntoItsTarget()
    {
        (ChunkStore store, ContentId manifest) = PackOneFile("a/b.txt", "through the root link"u8.ToArray());
        string real = _folder.Combine("real-out");
        Directory.CreateDirectory(real);
        string link = _folder.Combine("out-link");
        Directory.CreateSymbolicLink(link, real);

        await DatasetPacker.UnpackAsync(store, manifest, link, cancellationToken: Token);

        Assert.Equal("through the root link", File.ReadAllText(Path.Combine(real, "a", "b.txt")));
    }

    [Fact]
    public async Task UnpackAsync_ExistingFile_RefusesNamingItBeforeWritingAnything()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a.txt"), "new a");
        File.WriteAllText(Path.Combine(source, "b.txt"), "new b");
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        ContentId manifest = (await DatasetPacker.PackAsync(store, source, cancellationToken: Token)).Manifest;
        string output = _folder.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "b.txt"), "the user's b");

        IOException error = await Assert.ThrowsAnyAsync<IOException>(() => DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token).AsTask());

        Assert.Contains("b.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("the user's b", File.ReadAllText(Path.Combine(output, "b.txt")));
        Assert.Equal(["b.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UnpackAsync_DanglingSymlinkAtTarget_RefusedAndLinkTargetNotCreated()
    {
        (ChunkStore store, ContentId manifest) = PackOneFile("x", "payload"u8.ToArray());
        string output = _folder.Combine("out");
        Directory.CreateDirectory(output);
        string target = _folder.Combine("would-be-created");
        File.CreateSymbolicLink(Path.Combine(output, "x"), target);

        await Assert.ThrowsAnyAsync<IOException>(() => DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token).AsTask());

        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task PackThenUnpack_255ByteNamesAndDeepPaths_RestoreByteForByte()
    {
        string source = _folder.Combine("source");
        string ascii = new string('n', 251) + ".bin";
        string multiByte = string.Concat(Enumerable.Repeat("é", 127)) + "x";
        string deep = Path.Combine([source, .. Enumerable.Range(0, 30).Select(i => $"{i:D2}" + new string('d', 98))]);
        Assert.Equal(255, Encoding.UTF8.GetByteCount(multiByte));
        Directory.CreateDirectory(deep);
        File.WriteAllBytes(Path.Combine(source, ascii), SyntheticContent.Generate(ContentKind.Text, 100_000, 1));
        File.WriteAllBytes(Path.Combine(source, multiByte), SyntheticContent.Generate(ContentKind.Random, 70_000, 2));
        File.WriteAllBytes(Path.Combine(deep, ascii), SyntheticContent.Generate(ContentKind.Float16Tensor, 90_000, 3));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        ContentId manifest = (await DatasetPacker.PackAsync(store, source, cancellationToken: Token)).Manifest;
        string output = _folder.Combine("out");

        await DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token);

        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string restored = Path.Combine(output, Path.GetRelativePath(source, file));
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(restored)), restored);
        }

        Assert.Equal(3, Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task PackAsync_FolderWithFifoAndSocket_CompletesWithoutOpeningThem()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs and Unix sockets are POSIX");
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "regular.txt"), "packed");
        string fifo = Path.Combine(source, "pipe");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(Token);
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(source, "socket")));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        Task<DatasetPackResult> pack = Task.Run(() => DatasetPacker.PackAsync(store, source, cancellationToken: Token).AsTask(), Token);
        bool finished = await Task.WhenAny(pack, Task.Delay(TimeSpan.FromSeconds(20), Token)) == pack;
        if (!finished)
        {
            // Today's pack blocks in open(2) on the FIFO: be its writer so the thread is released, then fail.
            using (File.OpenHandle(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            await Task.WhenAny(pack, Task.Delay(TimeSpan.FromSeconds(20), Token));
        }

        Assert.True(finished, "the pack blocked on the FIFO");
        DatasetPackResult result = await pack;
        Assert.Equal(1, result.Files);
        Assert.Equal(["regular.txt"], store.ReadManifest(result.Manifest).Files.Select(f => f.Path));
    }

    [Theory]
    [InlineData("a/b/c.txt", true)]
    [InlineData(".hidden", true)]
    [InlineData("...", true)]
    [InlineData("a/../b", false)]
    [InlineData("..", false)]
    [InlineData("./a", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("a//b", false)]
    [InlineData("a/", false)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    [InlineData("a\\b", false)]
    public void IsSafeRelativePath_Cases_AsExpected(string path, bool safe) => Assert.Equal(safe, DatasetManifest.IsSafeRelativePath(path));

    [Fact]
    public void IsSafeRelativePath_LoneSurrogates_Refused()
    {
        Assert.False(DatasetManifest.IsSafeRelativePath("a/\ud800x"));
        Assert.False(DatasetManifest.IsSafeRelativePath("\udc00"));
        Assert.True(DatasetManifest.IsSafeRelativePath("😀"));
    }

    [Fact]
    public void IsSafeRelativePath_SegmentLengths_LimitIs255Utf8Bytes()
    {
        Assert.True(DatasetManifest.IsSafeRelativePath(new string('a', 255)));
        Assert.False(DatasetManifest.IsSafeRelativePath(new string('a', 256)));
        Assert.True(DatasetManifest.IsSafeRelativePath(string.Concat(Enumerable.Repeat("é", 127))));
        Assert.False(DatasetManifest.IsSafeRelativePath(string.Concat(Enumerable.Repeat("é", 128))));
        Assert.False(DatasetManifest.IsSafeRelativePath(string.Join('/', Enumerable.Repeat(new string('d', 200), 21))));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "a/b")]
    public void ToUtf8Json_PathsThatCannotCoexist_ThrowNamingThePath(string first, string second)
    {
        var chunk = new ManifestChunk(ContentId.Compute("x"u8), 1);
        var manifest = new DatasetManifest { Chunking = "fixed(1)", Files = [new ManifestFile(first, 1, [chunk]), new ManifestFile(second, 1, [chunk])] };

        ArgumentException error = Assert.Throws<ArgumentException>(() => manifest.ToUtf8Json());

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnpackAsync_ReadOnlyStore_ItsListingAndTimesStayUnchanged()
    {
        (ChunkStore packed, ContentId manifest) = PackOneFile("data/x.bin", SyntheticContent.Generate(ContentKind.Text, 300_000, 4));
        string tmp = Path.Combine(packed.Root, "tmp");
        if (Directory.Exists(tmp))
        {
            Directory.Delete(tmp, recursive: true);
        }

        string[] before = Listing(packed.Root);
        await Task.Delay(20, Token);
        ChunkStore store = ChunkStore.Open(packed.Root);

        StoreVerification verification = await store.VerifyAsync(Token);
        await DatasetPacker.UnpackAsync(store, manifest, _folder.Combine("out"), cancellationToken: Token);

        Assert.True(verification.IsHealthy);
        Assert.Equal(before, Listing(packed.Root));
        Assert.True(File.Exists(_folder.Combine("out", "data", "x.bin")));
    }

    private static string[] Listing(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(info => $"{Path.GetRelativePath(root, info.FullName)} {(info is FileInfo file ? file.Length : -1)} {info.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Thousands of random and mutated manifest paths, with a symbolic link to a sibling folder planted in the output: each
    /// is refused by validation (an <see cref="ArgumentException"/> on write, a <see cref="ChunkCorruptException"/> on
    /// read, with a message), or unpacks to a path strictly under the output folder's real path, or is refused with an
    /// <see cref="IOException"/> naming the link; nothing is ever written to the sibling folder.
    /// </summary>
    [Fact]
    public async Task UnpackAsync_FuzzedManifestPaths_RefusedOrRestoredStrictlyInside()
    {
        string[] pieces = ["a", "b", "link", "..", ".", "", "/", "\\", "\0", "~", " ", "é", "C:", "%2e%2e", "...", ":", "\n", "\ud800", "\udc00", "😀", new string('L', 255), new string('M', 256), "/..", "../", "./", "//"];
        var random = new Random(20240611);
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        ContentId chunkId = store.Write("z"u8).Id;
        var chunk = new ManifestChunk(chunkId, 1);
        string outside = _folder.Combine("outside");
        Directory.CreateDirectory(outside);
        int accepted = 0, refused = 0, refusedAtUnpack = 0;
        for (int i = 0; i < 3000; i++)
        {
            var path = new StringBuilder(i % 3 == 0 ? "dir/sub/file.bin" : string.Empty);
            int edits = 1 + random.Next(5);
            for (int edit = 0; edit < edits; edit++)
            {
                string piece = pieces[random.Next(pieces.Length)];
                int at = random.Next(path.Length + 1);
                if (random.Next(4) == 0 && path.Length > 0)
                {
                    path.Remove(at == path.Length ? at - 1 : at, 1);
                }
                else
                {
                    path.Insert(at, random.Next(3) == 0 ? piece : "/" + piece);
                }
            }

            string candidate = (i % 4 == 1 ? "link/" : string.Empty) + path.ToString();
            var manifest = new DatasetManifest { Chunking = "fixed(1)", Files = [new ManifestFile(candidate, 1, [chunk])] };
            if (!DatasetManifest.IsSafeRelativePath(candidate))
            {
                refused++;
                ArgumentException error = Assert.Throws<ArgumentException>(() => store.WriteManifest(manifest));
                Assert.Contains("not a safe relative path", error.Message, StringComparison.Ordinal);
                if (TryWriteRawManifest(store, candidate, chunkId, out ContentId raw))
                {
                    await Assert.ThrowsAsync<ChunkCorruptException>(() => DatasetPacker.UnpackAsync(store, raw, _folder.Combine("never"), cancellationToken: Token).AsTask());
                }

                continue;
            }

            accepted++;
            ContentId id = store.WriteManifest(manifest);
            string output = _folder.Combine("out" + i);
            Directory.CreateDirectory(output);
            Directory.CreateSymbolicLink(Path.Combine(output, "link"), outside);
            try
            {
                await DatasetPacker.UnpackAsync(store, id, output, cancellationToken: Token);
            }
            catch (IOException exception) when (exception is not ChunkCorruptException)
            {
                refusedAtUnpack++;
                Assert.False(string.IsNullOrWhiteSpace(exception.Message));
                continue;
            }

            string restored = Path.Combine(output, candidate.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(restored), candidate);
            Assert.StartsWith(Real(output) + Path.DirectorySeparatorChar, Real(restored), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(Directory.Exists(_folder.Combine("never")) && Directory.EnumerateFileSystemEntries(_folder.Combine("never")).Any());
        Assert.True(accepted > 300 && refused > 300, $"accepted {accepted}, refused {refused}: the generator should exercise both");
        Assert.True(refusedAtUnpack > 10, $"only {refusedAtUnpack} paths went through the planted link");
    }

    /// <summary>Stores a manifest naming <paramref name="path"/> without the writer's validation, as a hostile or buggy writer could.</summary>
    private static bool TryWriteRawManifest(ChunkStore store, string path, ContentId chunk, out ContentId id)
    {
        id = default;
        var buffer = new MemoryStream();
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WriteString("format", DatasetManifest.CurrentFormat);
            writer.WriteString("chunking", "fixed(1)");
            writer.WriteStartArray("files");
            writer.WriteStartObject();
            writer.WriteString("path", path);
            writer.WriteNumber("length", 1);
            writer.WriteStartArray("chunks");
            writer.WriteStartObject();
            writer.WriteString("id", chunk.ToString());
            writer.WriteNumber("length", 1);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        catch (ArgumentException)
        {
            return false;
        }

        byte[] json = buffer.ToArray();
        using (JsonDocument document = JsonDocument.Parse(json))
        {
            if (document.RootElement.GetProperty("files")[0].GetProperty("path").GetString() != path)
            {
                return false; // the writer replaced an invalid character: not the path under test
            }
        }

        id = ContentId.Compute(json);
        File.WriteAllBytes(store.GetManifestPath(id), json);
        return true;
    }
}
