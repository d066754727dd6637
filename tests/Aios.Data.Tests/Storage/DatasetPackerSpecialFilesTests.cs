using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Data.Tests.Storage;

/// <summary>Special files, links, sparse files on pack; overwrite, cancellation and leftovers on unpack.</summary>
public sealed class DatasetPackerSpecialFilesTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using Process process = Process.Start(program, arguments);
        await process.WaitForExitAsync(Token);
        Assert.Equal(0, process.ExitCode);
    }

    private async Task<(ChunkStore Store, ContentId Manifest)> PackAsync(string source)
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        return (store, (await DatasetPacker.PackAsync(store, source, cancellationToken: Token)).Manifest);
    }

    [Fact]
    public async Task PackAsync_SpecialFilesAndLinks_SkippedAndReported()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs, Unix sockets and symbolic links are POSIX here");
        string source = _folder.Combine("source");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "regular.txt"), "packed");
        await RunAsync("mkfifo", Path.Combine(source, "sub", "pipe"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(source, "socket")));
        File.CreateSymbolicLink(Path.Combine(source, "file-link"), Path.Combine(source, "regular.txt"));
        Directory.CreateSymbolicLink(Path.Combine(source, "sub", "loop"), source);
        File.CreateSymbolicLink(Path.Combine(source, "dangling"), _folder.Combine("nowhere"));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        DatasetPackResult result = await DatasetPacker.PackAsync(store, source, cancellationToken: Token);

        Assert.Equal(1, result.Files);
        Assert.Equal(["dangling", "file-link", "socket", "sub/loop", "sub/pipe"], result.Skipped.Select(s => s.Path));
        Assert.Equal("a socket", result.Skipped[2].Reason);
        Assert.Equal("a FIFO (named pipe)", result.Skipped[4].Reason);
        Assert.All(result.Skipped.Where(s => s.Path is "dangling" or "file-link" or "sub/loop"), s => Assert.StartsWith("a symbolic link", s.Reason, StringComparison.Ordinal));
        Assert.Equal(["regular.txt"], store.ReadManifest(result.Manifest).Files.Select(f => f.Path));
    }

    [Fact]
    public async Task PackAsync_CharacterDeviceAsTheSource_SkippedNotRead()
    {
        Assert.SkipWhen(!File.Exists("/dev/zero"), "no /dev/zero");
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        DatasetPackResult result = await DatasetPacker.PackAsync(store, "/dev/zero", cancellationToken: Token);

        Assert.Equal(0, result.Files);
        Assert.Equal("a character device", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task PackAsync_HardLinkedFile_PackedUnderEachNameAndStoredOnce()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "uses ln");
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "one.bin"), SyntheticContent.Generate(ContentKind.Random, 500_000, 1));
        await RunAsync("ln", Path.Combine(source, "one.bin"), Path.Combine(source, "two.bin"));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));

        DatasetPackResult result = await DatasetPacker.PackAsync(store, source, cancellationToken: Token);
        await DatasetPacker.UnpackAsync(store, result.Manifest, _folder.Combine("out"), cancellationToken: Token);

        Assert.Equal(2, result.Files);
        Assert.Equal(result.Chunks, 2 * result.UniqueChunks);
        File.WriteAllText(_folder.Combine("out", "one.bin"), "changed");
        Assert.Equal(500_000, new FileInfo(_folder.Combine("out", "two.bin")).Length);
    }

    [Fact]
    public async Task PackThenUnpack_SparseFile_FullContentSmallStoreSparseRestore()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        string sparse = Path.Combine(source, "sparse.bin");
        using (FileStream stream = File.Create(sparse))
        {
            stream.SetLength(64L << 20);
            stream.Position = 32L << 20;
            stream.Write("in the middle"u8);
        }

        (ChunkStore store, ContentId manifest) = await PackAsync(source);
        DatasetPackResult again = await DatasetPacker.PackAsync(store, source, cancellationToken: Token);
        string output = _folder.Combine("out");
        await DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token);

        Assert.Equal(64L << 20, again.Bytes);
        Assert.True(again.StoredBytes < 1 << 20, $"stored {again.StoredBytes} bytes for 64 MiB of mostly holes");
        Assert.True(File.ReadAllBytes(sparse).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, "sparse.bin"))));
    }

    [Fact]
    public async Task UnpackAsync_OverwriteOption_ReplacesExistingFileAndLinkNotItsTarget()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a.txt"), "new a");
        File.WriteAllText(Path.Combine(source, "b.txt"), "new b");
        (ChunkStore store, ContentId manifest) = await PackAsync(source);
        string output = _folder.Combine("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "a.txt"), "old a");
        string victim = _folder.Combine("victim.txt");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(Path.Combine(output, "b.txt"), victim);

        await DatasetPacker.UnpackAsync(store, manifest, output, new DatasetUnpackOptions { Overwrite = true }, Token);

        Assert.Equal("new a", File.ReadAllText(Path.Combine(output, "a.txt")));
        Assert.Equal("new b", File.ReadAllText(Path.Combine(output, "b.txt")));
        Assert.Null(new FileInfo(Path.Combine(output, "b.txt")).LinkTarget);
        Assert.Equal("precious", File.ReadAllText(victim));
    }

    [Fact]
    public async Task UnpackAsync_FolderWhereAFileGoes_RefusedEvenWithOverwrite()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a"), "file");
        (ChunkStore store, ContentId manifest) = await PackAsync(source);
        string output = _folder.Combine("out");
        Directory.CreateDirectory(Path.Combine(output, "a"));

        IOException error = await Assert.ThrowsAnyAsync<IOException>(() => DatasetPacker.UnpackAsync(store, manifest, output, new DatasetUnpackOptions { Overwrite = true }, Token).AsTask());

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnpackAsync_Cancelled_LeavesNoTemporaryOrPartialFile()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        for (int i = 0; i < 8; i++)
        {
            File.WriteAllBytes(Path.Combine(source, $"f{i}.bin"), SyntheticContent.Generate(ContentKind.Random, 2_000_000, i));
        }

        (ChunkStore packed, ContentId manifest) = await PackAsync(source);
        using var meters = new OwnMeterFactory();
        ChunkStore store = ChunkStore.Open(packed.Root, new ChunkStoreOptions { MeterFactory = meters });
        string output = _folder.Combine("out");
        using var cancellation = new CancellationTokenSource();
        int chunksRead = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "aios.data.store.bytes_read")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            if (Interlocked.Increment(ref chunksRead) == 20)
            {
                cancellation.Cancel();
            }
        });
        listener.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetPacker.UnpackAsync(store, manifest, output, new DatasetUnpackOptions { MaxDegreeOfParallelism = 2 }, cancellation.Token).AsTask());

        string[] left = [.. Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)];
        Assert.DoesNotContain(left, f => Path.GetFileName(f).StartsWith(".aios-", StringComparison.Ordinal));
        Assert.True(left.Length < 8, "cancelled before the end");
        foreach (string file in left)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(source, Path.GetFileName(file))).AsSpan().SequenceEqual(File.ReadAllBytes(file)), file);
        }
    }

    [Fact]
    public async Task UnpackAsync_LeftoverTemporaryFilesOfAKilledRun_RemovedByTheNextRun()
    {
        string source = _folder.Combine("source");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "sub", "a.txt"), "a");
        (ChunkStore store, ContentId manifest) = await PackAsync(source);
        string output = _folder.Combine("out");
        Directory.CreateDirectory(Path.Combine(output, "sub"));
        string leftover = Path.Combine(output, "sub", ".aios-0123456789abcdef.tmp");
        string lookalike = Path.Combine(output, "sub", ".aios-not-ours.tmp");
        File.WriteAllText(leftover, "partial");
        File.WriteAllText(lookalike, "user file");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(lookalike, DateTime.UtcNow.AddMinutes(-5));

        await DatasetPacker.UnpackAsync(store, manifest, output, cancellationToken: Token);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(lookalike));
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task DatasetUnpackOptions_ParallelismOutOfRange_UnpackThrowsNamingIt()
    {
        using var folder = new TemporaryFolder();
        ChunkStore store = ChunkStore.OpenOrCreate(folder.Combine("store"));
        ContentId manifest = ContentId.Compute([1]);

        foreach (int parallelism in new[] { 0, 257 })
        {
            var options = new DatasetUnpackOptions { MaxDegreeOfParallelism = parallelism };
            var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DatasetPacker.UnpackAsync(store, manifest, folder.Combine("out"), options, TestContext.Current.CancellationToken).AsTask());
            Assert.Equal(nameof(DatasetUnpackOptions.MaxDegreeOfParallelism), exception.ParamName);
        }
    }
}
