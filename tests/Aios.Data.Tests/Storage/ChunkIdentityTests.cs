using System.Buffers.Binary;
using System.IO.Hashing;
using Aios.Data.Caching;
using Aios.Data.Compression;
using Aios.Data.Storage;
using Aios.Data.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Storage;

/// <summary>Every read proves that the bytes it returns belong to the name asked for: a valid chunk file under another chunk's name is refused.</summary>
public sealed class ChunkIdentityTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Codecs => ["raw", "constant", "lz4", "zstd-1", "zstd-19", "deflate-6", "brotli-5"];

    private static ChunkStore StoreWith(string path, string codec) =>
        codec == "constant"
            ? ChunkStore.OpenOrCreate(path) // constant chunks are found whatever the codec
            : ChunkStore.OpenOrCreate(path, new ChunkStoreOptions { Selector = new CodecSelector(new CodecSelectorOptions { FixedCodec = Codec.Parse(codec) }) });

    private static (byte[] A, byte[] B) TwoChunks(string codec)
    {
        // Same length, different content; constant chunks must be two different constants.
        const int length = 64 * 1024;
        if (codec == "constant")
        {
            byte[] a = new byte[length], b = new byte[length];
            b.AsSpan().Fill(7);
            return (a, b);
        }

        return (SyntheticContent.Generate(ContentKind.Text, length, 1), SyntheticContent.Generate(ContentKind.Text, length, 2));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Read_ChunkFileCopiedOverAnotherOfTheSameLength_EveryReadPathRefusesIt(string codec)
    {
        ChunkStore store = StoreWith(_folder.Combine("store"), codec);
        (byte[] a, byte[] b) = TwoChunks(codec);
        ChunkWriteResult writtenA = store.Write(a);
        ContentId idA = writtenA.Id, idB = store.Write(b).Id;
        Assert.Equal(codec, writtenA.Decision!.Value.CodecName);
        File.Copy(store.GetChunkPath(idA), store.GetChunkPath(idB), overwrite: true);
        var destination = new byte[b.Length];

        ChunkCorruptException error = Assert.Throws<ChunkCorruptException>(() => store.Read(idB));
        Assert.Equal(idB, error.Id);
        Assert.Contains(idA.ToString(), error.Reason, StringComparison.Ordinal);
        Assert.Throws<ChunkCorruptException>(() => store.Read(idB, destination));
        Assert.Throws<ChunkCorruptException>(() => store.GetLength(idB));
        await Assert.ThrowsAsync<ChunkCorruptException>(async () => await store.ReadAsync(idB, destination, Token));
        Assert.Throws<ChunkCorruptException>(() => ChunkFile.Decode(idB, store.TryReadImage(idB), "image"));
        Assert.NotNull(ChunkFile.Check(idB, store.TryReadImage(idB)));
        Assert.Null(ChunkFile.Check(idA, store.TryReadImage(idB)));
        StoreVerification verification = await store.VerifyAsync(Token);
        Assert.Equal([idB], verification.CorruptChunks.Select(c => c.Id));
        Assert.Equal(a, store.Read(idA));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Tiers_SwappedChunkFile_NeverServedAndCountedCorrupt(string codec)
    {
        ChunkStore origin = StoreWith(_folder.Combine("origin"), codec);
        ChunkStore local = StoreWith(_folder.Combine("local"), codec);
        (byte[] a, byte[] b) = TwoChunks(codec);
        ContentId idA = origin.Write(a).Id, idB = origin.Write(b).Id;
        local.Write(a);
        local.Write(b);
        File.Copy(local.GetChunkPath(idA), local.GetChunkPath(idB), overwrite: true);

        var localTier = new ChunkStoreTier(local, "local");
        var originTier = new ChunkStoreTier(origin, "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true });
        using (var cache = new DatasetCache([localTier, originTier], new DatasetCacheOptions { MemoryBytes = 0 }))
        {
            var destination = new byte[b.Length];
            Assert.Equal(b.Length, await cache.ReadAsync(idB, destination, cancellationToken: Token));
            Assert.Equal(b, destination);
            Assert.Equal(1, cache.GetStatistics()[1].Corrupt);
            Assert.Equal(b, local.Read(idB));
        }

        // A swapped file in the last tier (the origin) has nothing below it: the read fails and is counted, both ways.
        File.Copy(origin.GetChunkPath(idA), origin.GetChunkPath(idB), overwrite: true);
        using (var cache = new DatasetCache([new ChunkStoreTier(origin, "origin", new ChunkStoreTierOptions { ReadOnly = true })], new DatasetCacheOptions { MemoryBytes = 0 }))
        {
            await Assert.ThrowsAsync<ChunkCorruptException>(async () => await cache.ReadAsync(idB, new byte[b.Length], cancellationToken: Token));
            await Assert.ThrowsAsync<ChunkCorruptException>(async () => await cache.GetAsync(idB, cancellationToken: Token));
            Assert.Equal(2, cache.GetStatistics()[^1].Corrupt);
        }
    }

    [Fact]
    public void WriteImage_ImageOfAnotherChunk_RefusedAndNothingWritten()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        (byte[] a, byte[] b) = TwoChunks("lz4");
        byte[] imageOfA = ChunkFile.Encode(a);
        ContentId idB = ContentId.Compute(b);

        Assert.Throws<ChunkCorruptException>(() => store.WriteImage(idB, imageOfA));

        Assert.False(store.Contains(idB));
        Assert.Equal(a, ChunkFile.Decode(ContentId.Compute(a), imageOfA, "image"));
    }

    [Fact]
    public void Read_VersionOneFile_RefusedWithAMessageToRepack()
    {
        ChunkStore store = ChunkStore.OpenOrCreate(_folder.Combine("store"));
        byte[] content = SyntheticContent.Generate(ContentKind.Text, 1000, 3);
        ContentId id = store.Write(content).Id;
        string path = store.GetChunkPath(id);
        byte[] file = File.ReadAllBytes(path);
        file[4] = 1;
        File.WriteAllBytes(path, file);

        ChunkCorruptException error = Assert.Throws<ChunkCorruptException>(() => store.Read(id));

        Assert.Contains("re-pack", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Chunk files fuzzed the ways a store goes wrong — another chunk's file (any codec, any length), truncated, extended,
    /// a byte edited, a header field edited and re-summed so only the id and content checks can catch it: a read returns the
    /// right content or throws <see cref="ChunkCorruptException"/> naming the chunk, never wrong bytes or another exception.
    /// </summary>
    [Property(MaxTest = 3000)]
    public Property Read_MutatedChunkFile_RightBytesOrCorruptNeverWrongBytes(PositiveInt seed, byte mutation, int position, byte value)
    {
        string root = _folder.Combine("fuzz");
        ChunkStore store = ChunkStore.OpenOrCreate(root);
        var random = new Random(seed.Get);
        string[] codecs = ["raw", "lz4", "zstd-1", "deflate-6"];
        ChunkStore writer = StoreWith(root, codecs[random.Next(codecs.Length)]);
        byte[] content = SyntheticContent.Generate(SyntheticContent.AllKinds[random.Next(SyntheticContent.AllKinds.Count)], 1 + random.Next(5000), seed.Get);
        byte[] other = SyntheticContent.Generate(ContentKind.Text, random.Next(2) == 0 ? content.Length : 1 + random.Next(5000), seed.Get + 1);
        ContentId id = ContentId.Compute(content);
        string path = store.GetChunkPath(id);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        writer.Write(content);
        byte[] file = File.ReadAllBytes(path);
        byte[] otherFile = ChunkFile.Encode(other);
        int at = (int)((uint)position % (uint)file.Length);
        byte[] mutated = (mutation % 6) switch
        {
            0 => otherFile,
            1 => file[..at],
            2 => [.. file, value],
            3 => Edit(file, at, value),
            4 => Resummed(Edit(file, at % 64, value)),
            _ => Resummed(WithId(otherFile, id)),
        };
        File.WriteAllBytes(path, mutated);

        int kind = mutation % 6;
        if (kind == 5)
        {
            // Another chunk relabelled with this id and re-summed is a forgery, not an accident: only the content's SHA-256
            // catches it, which VerifyContentHashOnRead (and Verify) computes.
            var verifying = ChunkStore.Open(root, new ChunkStoreOptions { VerifyContentHashOnRead = true });
            Exception? forged = Record.Exception(() => verifying.Read(id));
            return (forged is ChunkCorruptException { Id: var forgedId } && forgedId == id).ToProperty().Label("forged file");
        }

        Exception? error = Record.Exception(() => store.Read(id));
        bool answered = error is null ? store.Read(id).AsSpan().SequenceEqual(content) : error is ChunkCorruptException corrupt && corrupt.Id == id;
        bool mustFail = kind is 0 or 1 or 2;
        return (answered && (!mustFail || error is not null)).ToProperty().Label($"mutation {kind} at {at}: {error?.GetType().Name ?? "read"}");
    }

    private static byte[] Edit(byte[] file, int at, byte value)
    {
        byte[] copy = (byte[])file.Clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] WithId(byte[] file, ContentId id)
    {
        byte[] copy = (byte[])file.Clone();
        id.CopyTo(copy.AsSpan(32));
        return copy;
    }

    /// <summary>Recomputes the stored bytes' sum over the (edited) header fields, id and stored bytes, as a careful forger would.</summary>
    private static byte[] Resummed(byte[] file)
    {
        if (file.Length < 64)
        {
            return file;
        }

        var hash = new XxHash3();
        hash.Append(file.AsSpan(0, 16));
        hash.Append(file.AsSpan(32));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), hash.GetCurrentHashAsUInt64());
        return file;
    }
}
