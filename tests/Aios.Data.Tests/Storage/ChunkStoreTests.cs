using System.Diagnostics.Metrics;
using Aios.Data.Compression;
using Aios.Data.Storage;
using Aios.Data.Synthetic;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Storage;

public sealed class ChunkStoreTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Structured(int seed, int length)
    {
        // Runs, text and noise so that every codec path (constant, raw, lz4, zstd) is exercised.
        var random = new Random(seed);
        ContentKind kind = SyntheticContent.AllKinds[random.Next(SyntheticContent.AllKinds.Count)];
        return SyntheticContent.Generate(kind, length, seed);
    }

    [Property(MaxTest = 1000)]
    public Property WriteThenRead_AnyBytes_SameBytesAndIdIsSha256(byte[] content)
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ChunkWriteResult written = store.Write(content);
        byte[] read = store.Read(written.Id);
        ChunkWriteResult again = store.Write(content);
        return (read.AsSpan().SequenceEqual(content) && written.Id == ContentId.Compute(content) && again.Deduplicated && again.Id == written.Id
            && store.GetLength(written.Id) == content.Length).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property WriteThenRead_StructuredChunks_SameBytesEveryCodec(PositiveInt seed, PositiveInt length)
    {
        byte[] content = Structured(seed.Get, 1 + (length.Get % 300_000));
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ChunkWriteResult written = store.Write(content);
        var destination = new byte[content.Length + 7];
        int read = store.Read(written.Id, destination);
        return (read == content.Length && destination.AsSpan(0, read).SequenceEqual(content)
            && written.StoredLength <= content.Length + 64).ToProperty();
    }

    [Fact]
    public void Write_MixedData_UsesEachCodecAndStoresLess()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        var codecs = new HashSet<CodecId>();
        foreach (ContentKind kind in new[] { ContentKind.Zeros, ContentKind.Random, ContentKind.Text, ContentKind.Float32Tensor })
        {
            ChunkWriteResult result = store.Write(SyntheticContent.Generate(kind, 256 * 1024, 3));
            codecs.Add(result.Decision!.Value.Codec);
        }

        Assert.Equal([CodecId.Raw, CodecId.Constant, CodecId.Zstd], codecs.Order());
    }

    [Property(MaxTest = 2000)]
    public Property Read_AnyFlippedBit_ThrowsNamingTheChunk(PositiveInt seed, PositiveInt bit)
    {
        using var folder = new TemporaryFolder();
        ChunkStore store = ChunkStore.OpenOrCreate(folder.Path);
        byte[] content = Structured(seed.Get, 1 + (seed.Get % 5000));
        ContentId id = store.Write(content).Id;
        string path = store.GetChunkPath(id);
        byte[] file = File.ReadAllBytes(path);
        int position = bit.Get % (file.Length * 8);
        file[position / 8] ^= (byte)(1 << (position % 8));
        File.WriteAllBytes(path, file);
        ChunkCorruptException error = Assert.Throws<ChunkCorruptException>(() => store.Read(id));
        return (error.Id == id && error.Message.Contains(id.ToString(), StringComparison.Ordinal)).ToProperty();
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("lz4")]
    [InlineData("zstd-1")]
    [InlineData("deflate-6")]
    public void Read_EveryFlippedBitOfEachCodecsChunk_ThrowsCorrupt(string codec)
    {
        // Every bit of the file, header included (the level byte, both sums, the length a destination is sized by).
        var options = new ChunkStoreOptions { Selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.Parse(codec) }) };
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path, options);
        byte[] content = SyntheticContent.Generate(ContentKind.Text, 600, 4);
        ChunkWriteResult written = store.Write(content);
        Assert.Equal(codec, written.Decision!.Value.CodecName);
        string path = store.GetChunkPath(written.Id);
        byte[] original = File.ReadAllBytes(path);
        var destination = new byte[content.Length];

        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] file = (byte[])original.Clone();
            file[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(path, file);

            ChunkCorruptException error = Assert.Throws<ChunkCorruptException>(() => store.Read(written.Id, destination));
            Assert.Equal(written.Id, error.Id);
            Assert.Throws<ChunkCorruptException>(() => store.Read(written.Id));
        }

        File.WriteAllBytes(path, original);
        Assert.Equal(content, store.Read(written.Id));
    }

    [Fact]
    public async Task Read_ChunkReplacedBetweenReads_EachReadSeesOneWholeFile()
    {
        // Chunk files are replaced only whole (a new file renamed or linked over the name): a read holds the file it opened.
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        byte[] content = SyntheticContent.Generate(ContentKind.Text, 200_000, 6);
        ContentId id = store.Write(content).Id;
        string path = store.GetChunkPath(id);
        string copy = _folder.Combine("tmp", "copy");
        File.Copy(path, copy);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Task replacer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                File.Copy(path, copy, overwrite: true);
                File.Move(copy, path, overwrite: true);
            }
        }, TestContext.Current.CancellationToken);
        try
        {
            for (int i = 0; i < 200; i++)
            {
                try
                {
                    Assert.Equal(content, store.Read(id));
                }
                catch (ChunkNotFoundException)
                {
                    // Not on Unix (rename replaces atomically), but Windows may briefly show no file.
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await replacer;
        }
    }

    [Fact]
    public void GetChunkPath_FanOutFolderThenHexName()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId id = ContentId.Compute("path"u8);
        string name = id.ToString();

        Assert.Equal(Path.Combine(store.Root, "chunks", name[..2], name), store.GetChunkPath(id));
    }

    [Property(MaxTest = 500)]
    public Property Read_TruncatedOrExtended_Throws(PositiveInt seed, int delta)
    {
        using var folder = new TemporaryFolder();
        ChunkStore store = ChunkStore.OpenOrCreate(folder.Path);
        byte[] content = Structured(seed.Get, 1 + (seed.Get % 5000));
        ContentId id = store.Write(content).Id;
        string path = store.GetChunkPath(id);
        byte[] file = File.ReadAllBytes(path);
        int newLength = Math.Max(0, file.Length + (delta == 0 ? -1 : delta % 64));
        Array.Resize(ref file, newLength);
        File.WriteAllBytes(path, file);
        return (Record.Exception(() => store.Read(id)) is ChunkCorruptException).ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property Read_ArbitraryFileContents_OnlyChunkCorruptException(byte[] garbage, bool withMagic, byte codec, int length)
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId id = ContentId.Compute(garbage);
        byte[] file = garbage;
        if (withMagic)
        {
            // A header that passes every check before decoding (magic, version, lengths, the stored-bytes XXH3) in front
            // of arbitrary bytes, with any codec byte: the decoders themselves get garbage.
            file = [(byte)'A', (byte)'I', (byte)'O', (byte)'C', 2, (byte)(codec % 7), 0, 0, .. BitConverter.GetBytes(length & 0xFFFFF), .. BitConverter.GetBytes(garbage.Length), .. new byte[48], .. garbage];
            id.CopyTo(file.AsSpan(32));
            var hash = new System.IO.Hashing.XxHash3();
            hash.Append(file.AsSpan(0, 16));
            hash.Append(file.AsSpan(32));
            BitConverter.TryWriteBytes(file.AsSpan(16), hash.GetCurrentHashAsUInt64());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(store.GetChunkPath(id))!);
        File.WriteAllBytes(store.GetChunkPath(id), file);
        Exception? error = Record.Exception(() => store.Read(id));
        return (error is ChunkCorruptException corrupt && corrupt.Id == id).ToProperty();
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_SameBytesAsTheSynchronousPath()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        byte[] content = Structured(7, 200_000);

        ChunkWriteResult written = await store.WriteAsync(content, TestContext.Current.CancellationToken);
        ChunkWriteResult again = await store.WriteAsync(content, TestContext.Current.CancellationToken);
        var destination = new byte[content.Length + 10];
        int length = await store.ReadAsync(written.Id, destination, TestContext.Current.CancellationToken);

        Assert.Equal(ContentId.Compute(content), written.Id);
        Assert.False(written.Deduplicated);
        Assert.True(again.Deduplicated);
        Assert.Equal(content.Length, length);
        Assert.True(destination.AsSpan(0, length).SequenceEqual(content));
        Assert.True(store.Read(written.Id).AsSpan().SequenceEqual(content));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "tmp")));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_StoresNothingAndLeavesNoTemporaryFile()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        byte[] content = Structured(8, 100_000);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.WriteAsync(content, new CancellationToken(canceled: true)));

        Assert.False(store.Contains(ContentId.Compute(content)));
        Assert.False(Directory.Exists(Path.Combine(store.Root, "tmp")) && Directory.EnumerateFiles(Path.Combine(store.Root, "tmp")).Any());
    }

    [Fact]
    public async Task ReadAsync_CorruptOrMissingOrShortDestination_SameErrorsAsRead()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        byte[] content = Structured(9, 50_000);
        ContentId id = store.Write(content).Id;
        CancellationToken token = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>("destination", async () => await store.ReadAsync(id, new byte[10], token));
        await Assert.ThrowsAsync<ChunkNotFoundException>(async () => await store.ReadAsync(ContentId.Compute([1]), new byte[10], token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ReadAsync(id, new byte[content.Length], new CancellationToken(canceled: true)));
        string path = store.GetChunkPath(id);
        byte[] file = File.ReadAllBytes(path);
        file[^1] ^= 1;
        File.WriteAllBytes(path, file);
        ChunkCorruptException corrupt = await Assert.ThrowsAsync<ChunkCorruptException>(async () => await store.ReadAsync(id, new byte[content.Length], token));
        Assert.Equal(id, corrupt.Id);
    }

    [Fact]
    public void EnumerateChunks_ListsEveryStoredChunk()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId[] ids = [.. Enumerable.Range(1, 5).Select(i => store.Write(Structured(i, 4096 * i)).Id)];

        Assert.Equal(ids.Order(), store.EnumerateChunks().Order());
    }

    [Fact]
    public void Read_Missing_ThrowsNotFound()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId id = ContentId.Compute("never written"u8);

        ChunkNotFoundException error = Assert.Throws<ChunkNotFoundException>(() => store.Read(id));

        Assert.Equal(id, error.Id);
        Assert.False(store.Contains(id));
    }

    [Fact]
    public void Read_DestinationTooShort_ThrowsArgumentException()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId id = store.Write(new byte[100]).Id;

        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => store.Read(id, new byte[99])).ParamName);
    }

    [Fact]
    public async Task Read_ChunkSwappedForAnotherValidOne_CaughtByVerifyAndOptionalHashCheck()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId a = store.Write("first chunk"u8).Id;
        ContentId b = store.Write("second chunk"u8).Id;
        File.Copy(store.GetChunkPath(b), store.GetChunkPath(a), overwrite: true);
        ChunkStore strict = ChunkStore.OpenOrCreate(_folder.Path, new ChunkStoreOptions { VerifyContentHashOnRead = true });

        Assert.Throws<ChunkCorruptException>(() => strict.Read(a));
        StoreVerification verification = await store.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.Equal([a], verification.CorruptChunks.Select(c => c.Id!.Value));
    }

    [Fact]
    public async Task VerifyAsync_SomeCorrupt_ListsExactlyThose()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        var ids = new List<ContentId>();
        for (int i = 0; i < 20; i++)
        {
            ids.Add(store.Write(Structured(i + 1, 3000 + i)).Id);
        }

        ContentId[] damaged = [ids[2], ids[7], ids[15]];
        File.WriteAllBytes(store.GetChunkPath(damaged[0]), [1, 2, 3]);
        byte[] file = File.ReadAllBytes(store.GetChunkPath(damaged[1]));
        file[^1] ^= 0x80;
        File.WriteAllBytes(store.GetChunkPath(damaged[1]), file);
        File.WriteAllBytes(store.GetChunkPath(damaged[2]), []);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(store.GetChunkPath(ids[0]))!, "stray"), [9]);

        StoreVerification verification = await store.VerifyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(21, verification.Chunks);
        Assert.Equal(damaged.Order(), verification.CorruptChunks.Where(c => c.Id is not null).Select(c => c.Id!.Value).Order());
        Assert.Single(verification.CorruptChunks, c => c.Id is null);
        Assert.False(verification.IsHealthy);
    }

    [Fact]
    public async Task VerifyAsync_ManifestWithDeletedChunk_ReportsMissing()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ChunkWriteResult a = store.Write("alpha"u8), b = store.Write("beta"u8);
        ContentId manifest = store.WriteManifest(new DatasetManifest
        {
            Chunking = "test",
            Files = [new ManifestFile("dir/x.bin", 9, [new ManifestChunk(a.Id, 5), new ManifestChunk(b.Id, 4)])],
        });
        File.Delete(store.GetChunkPath(b.Id));

        StoreVerification verification = await store.VerifyAsync(TestContext.Current.CancellationToken);

        MissingChunk missing = Assert.Single(verification.MissingChunks);
        Assert.Equal((manifest, "dir/x.bin", b.Id), (missing.Manifest, missing.File, missing.Chunk));
    }

    [Fact]
    public void WriteManifest_ChunkNotStored_ThrowsAndWritesNothing()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId absent = ContentId.Compute("absent"u8);

        Assert.Throws<ChunkNotFoundException>(() => store.WriteManifest(new DatasetManifest { Chunking = "test", Files = [new ManifestFile("a", 6, [new ManifestChunk(absent, 6)])] }));
        Assert.Empty(store.GetManifestIds());
    }

    [Fact]
    public void Manifest_SameContent_SameIdAndTamperingDetected()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ChunkWriteResult a = store.Write("alpha"u8);
        DatasetManifest manifest = new() { Chunking = "test", Files = [new ManifestFile("a.txt", 5, [new ManifestChunk(a.Id, 5)])] };

        ContentId first = store.WriteManifest(manifest);
        ContentId second = store.WriteManifest(manifest with { });
        DatasetManifest read = store.ReadManifest(first);
        string path = store.GetManifestPath(first);
        File.WriteAllText(path, File.ReadAllText(path).Replace("a.txt", "b.txt", StringComparison.Ordinal));

        Assert.Equal(first, second);
        Assert.Equal("a.txt", Assert.Single(read.Files).Path);
        Assert.Equal(a.Id, Assert.Single(read.Files[0].Chunks).Id);
        Assert.Throws<ChunkCorruptException>(() => store.ReadManifest(first));
    }

    [Fact]
    public async Task ReadManifestAsync_SameManifestAsRead_TamperedOrMissingRefused()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ChunkWriteResult a = store.Write("alpha"u8);
        ContentId id = store.WriteManifest(new DatasetManifest { Chunking = "test", Files = [new ManifestFile("a.txt", 5, [new ManifestChunk(a.Id, 5)])] });
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        DatasetManifest read = await store.ReadManifestAsync(id, cancellationToken);
        await Assert.ThrowsAsync<ChunkNotFoundException>(async () => await store.ReadManifestAsync(a.Id, cancellationToken));
        string path = store.GetManifestPath(id);
        File.WriteAllText(path, File.ReadAllText(path).Replace("a.txt", "b.txt", StringComparison.Ordinal));

        Assert.Equal("a.txt", Assert.Single(read.Files).Path);
        await Assert.ThrowsAsync<ChunkCorruptException>(async () => await store.ReadManifestAsync(id, cancellationToken));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("./a")]
    [InlineData("")]
    public void Manifest_UnsafePath_Rejected(string path)
    {
        var manifest = new DatasetManifest { Chunking = "test", Files = [new ManifestFile(path, 0, [])] };

        Assert.False(DatasetManifest.IsSafeRelativePath(path));
        Assert.Throws<ArgumentException>(() => manifest.ToUtf8Json());
    }

    [Fact]
    public void Manifest_LengthNotSumOfChunks_Rejected()
    {
        var manifest = new DatasetManifest { Chunking = "test", Files = [new ManifestFile("a", 7, [new ManifestChunk(ContentId.Compute("x"u8), 6)])] };

        Assert.Throws<ArgumentException>(() => manifest.ToUtf8Json());
        Assert.Throws<InvalidDataException>(() => DatasetManifest.FromUtf8Json("{\"format\":\"aios-manifest/1\",\"chunking\":\"x\",\"files\":[{\"path\":\"a\",\"length\":7,\"chunks\":[]}]}"u8));
        Assert.Throws<InvalidDataException>(() => DatasetManifest.FromUtf8Json("not json"u8));
        Assert.Throws<InvalidDataException>(() => DatasetManifest.FromUtf8Json("{\"format\":\"other/9\",\"chunking\":\"x\",\"files\":[]}"u8));
    }

    [Fact]
    public async Task Write_ConcurrentWritersOfTheSameChunks_OneFileEachAllReadable()
    {
        byte[][] chunks = [.. Enumerable.Range(1, 40).Select(i => Structured(i, 20_000 + i))];
        ChunkStore[] stores = [.. Enumerable.Range(0, 8).Select(_ => ChunkStore.OpenOrCreate(_folder.Path))];

        ChunkWriteResult[][] results = await Task.WhenAll(stores.Select((store, w) => Task.Run(() =>
            chunks.Select((_, i) => store.Write(chunks[(i + (w * 5)) % chunks.Length])).ToArray(), TestContext.Current.CancellationToken)));

        foreach (byte[] chunk in chunks)
        {
            ContentId id = ContentId.Compute(chunk);
            Assert.Equal(chunk, stores[0].Read(id));
            Assert.Equal(1, results.SelectMany(r => r).Count(r => r.Id == id && !r.Deduplicated));
        }

        Assert.Equal(chunks.Length, Directory.EnumerateFiles(_folder.Combine("chunks"), "*", SearchOption.AllDirectories).Count());
        Assert.Empty(Directory.EnumerateFiles(_folder.Combine("tmp")));
    }

    [Fact]
    public void Write_FanOutFolderRemovedUnderALiveStore_RecreatedAndWritten()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        ContentId first = store.Write("one"u8).Id;
        Directory.Delete(Path.GetDirectoryName(store.GetChunkPath(first))!, recursive: true);

        ChunkWriteResult again = store.Write("one"u8);

        Assert.False(again.Deduplicated);
        Assert.Equal("one"u8.ToArray(), store.Read(first));
    }

    [Fact]
    public async Task Write_ManyThreadsIntoAFreshStore_EveryChunkPlaced()
    {
        byte[][] chunks = [.. Enumerable.Range(0, 2000).Select(i => BitConverter.GetBytes(i))];
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);

        ChunkWriteResult[] results = await Task.WhenAll(chunks.Select(chunk => Task.Run(() => store.Write(chunk), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.False(r.Deduplicated));
        Assert.All(chunks, c => Assert.Equal(c, store.Read(ContentId.Compute(c))));
    }

    [Fact]
    public void RemoveTemporaryFiles_OnlyOldOnes()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Path);
        Assert.Equal(0, store.RemoveTemporaryFiles(TimeSpan.Zero));
        string old = _folder.Combine("tmp", "dead.tmp"), young = _folder.Combine("tmp", "live.tmp");
        Directory.CreateDirectory(_folder.Combine("tmp"));
        File.WriteAllBytes(old, [1]);
        File.WriteAllBytes(young, [2]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        Assert.Equal(1, store.RemoveTemporaryFiles(TimeSpan.FromHours(1)));
        Assert.True(File.Exists(young));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.RemoveTemporaryFiles(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Metrics_WritesAndDedup_Counted()
    {
        var totals = new Dictionary<string, long>();
        using var factory = new TestMeterFactory();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Aios.Data" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        using var folder = new TemporaryFolder();
        ChunkStore store = ChunkStore.OpenOrCreate(folder.Path, new ChunkStoreOptions { MeterFactory = factory });
        byte[] text = SyntheticContent.Generate(ContentKind.Text, 100_000, 5);

        ContentId id = store.Write(text).Id;
        store.Write(text);
        store.Read(id);
        listener.RecordObservableInstruments();

        Assert.Equal(200_000, totals["aios.data.store.bytes_in"]);
        Assert.Equal(1, totals["aios.data.store.dedup_hits"]);
        Assert.Equal(1, totals["aios.data.store.chunks_written"]);
        Assert.Equal(100_000, totals["aios.data.store.bytes_read"]);
        Assert.Equal(new FileInfo(store.GetChunkPath(id)).Length, totals["aios.data.store.bytes_stored"]);
    }

    [Fact]
    public void Open_Empty_Throws() => Assert.Throws<ArgumentException>(() => ChunkStore.OpenOrCreate(" "));
}
