using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Aios.Data.Chunking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Aios.Data.Tests.Chunking.ChunkingTestData;

namespace Aios.Data.Tests.Chunking;

public sealed class ChunkerTests
{
    private static bool SameAsSpan(Chunker chunker, byte[] data, List<(long Offset, byte[] Data)> streamed)
    {
        List<int> lengths = SpanChunkLengths(chunker, data);
        if (streamed.Count != lengths.Count)
        {
            return false;
        }

        long offset = 0;
        for (int i = 0; i < lengths.Count; i++)
        {
            if (streamed[i].Offset != offset || !streamed[i].Data.AsSpan().SequenceEqual(data.AsSpan((int)offset, lengths[i])))
            {
                return false;
            }

            offset += lengths[i];
        }

        return offset == data.Length;
    }

    [Property(MaxTest = 3000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public Property NextChunkLength_AnyInput_ChunksCoverTheInputWithinBounds(ChunkingCase test)
    {
        Chunker chunker = test.CreateChunker();
        byte[] data = test.CreateInput();

        List<int> lengths = SpanChunkLengths(chunker, data);

        long total = 0;
        bool bounded = true;
        for (int i = 0; i < lengths.Count; i++)
        {
            total += lengths[i];
            bounded &= lengths[i] <= chunker.MaximumChunkLength && (i == lengths.Count - 1 || lengths[i] >= chunker.MinimumChunkLength);
        }

        return (total == data.Length && bounded).Label($"{test} {chunker}: {string.Join(",", lengths)}");
    }

    [Property(MaxTest = 3000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public Property NextChunkLength_NotFinal_IsZeroOrTheCutOfTheWholeInput(ChunkingCase test)
    {
        Chunker chunker = test.CreateChunker();
        byte[] data = test.CreateInput();
        int available = Math.Min(test.Split, data.Length);

        int partial = chunker.NextChunkLength(data.AsSpan(0, available), isFinalBlock: false);
        int whole = chunker.NextChunkLength(data, isFinalBlock: true);

        bool consistent = partial == 0
            ? available < chunker.MaximumChunkLength && (whole > available || available == data.Length)
            : partial == whole && partial <= available;
        return consistent.Label($"{test} {chunker}: partial {partial} of {available}, whole {whole} of {data.Length}");
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public async Task<bool> ChunkAsync_PipeWrittenInRandomPieces_SameChunksAsTheSpanPath(ChunkingCase test)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = test.CreateChunker();
        byte[] data = test.CreateInput();
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 1 + (test.Seed % 4096), useSynchronizationContext: false));

        Task writer = Task.Run(() => WriteInPiecesAsync(pipe.Writer, data, test.Seed, test.PieceLength, token), token);
        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(pipe.Reader, token), token);
        await writer;

        return SameAsSpan(chunker, data, streamed);
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public async Task<bool> ChunkAsync_StreamWithShortReads_SameChunksAsTheSpanPath(ChunkingCase test)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = test.CreateChunker();
        byte[] data = test.CreateInput();
        using var stream = new ShortReadStream(data, test.Seed, test.PieceLength);

        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(stream, token), token);

        return SameAsSpan(chunker, data, streamed);
    }

    [Fact]
    public async Task ChunkAsync_DefaultPipeLargeWrites_SameChunksAsTheSpanPath()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = Chunker.CreateContentDefined();
        byte[] data = RandomBytes(3 << 20, 11);
        var pipe = new Pipe();

        Task writer = Task.Run(() => WriteInPiecesAsync(pipe.Writer, data, 5, 32 * 1024, token), token);
        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(pipe.Reader, token), token).WaitAsync(TimeSpan.FromSeconds(60), token);
        await writer;

        Assert.True(SameAsSpan(chunker, data, streamed));
    }

    [Fact]
    public async Task ChunkAsync_MemoryStream_SameChunksAsTheSpanPathAndLeavesTheStreamOpen()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = Chunker.CreateContentDefined();
        byte[] data = RandomBytes(2 << 20, 12);
        using var stream = new MemoryStream(data);

        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(stream, token), token);

        Assert.True(SameAsSpan(chunker, data, streamed));
        Assert.True(stream.CanRead);
        Assert.Equal(data.Length, stream.Position);
    }

    /// <summary>The reported failure: <c>ChunkAsync(stream).ToListAsync()</c> gave 15 chunks with identical bytes when one buffer was reused.</summary>
    [Fact]
    public async Task ChunkAsync_ChunksCollectedWithToList_EachKeepsItsOwnBytes()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        byte[] data = RandomBytes(1_000_000, 21);
        Chunker chunker = Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 8192, AverageLength = 32768, MaximumLength = 131072 });

        List<ContentChunk> chunks = await chunker.ChunkAsync(new MemoryStream(data), token).ToListAsync(token);
        List<PooledContentChunk> pooled = await chunker.ChunkPooledAsync(new MemoryStream(data), token).ToListAsync(token);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, chunk => Assert.True(chunk.Data.Span.SequenceEqual(data.AsSpan((int)chunk.Offset, chunk.Length)), $"chunk at {chunk.Offset}"));
        Assert.Equal(chunks.Select(c => (c.Offset, c.Length)), pooled.Select(c => (c.Offset, c.Length)));
        Assert.All(pooled, chunk => Assert.True(chunk.Data.Span.SequenceEqual(data.AsSpan((int)chunk.Offset, chunk.Length)), $"pooled chunk at {chunk.Offset}"));
        Assert.Equal(chunks.Count, pooled.Select(c => MemoryMarshal.TryGetArray(c.Data, out ArraySegment<byte> segment) ? segment.Array : null).Distinct().Count());
        pooled.ForEach(chunk => chunk.Dispose());
        pooled[0].Dispose();
        Assert.All(pooled, chunk => Assert.Throws<ObjectDisposedException>(() => chunk.Data));
    }

    [Fact]
    public async Task ChunkPooledAsync_StoppedEarlyOrOnAPipe_SameChunksAsCopies()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        byte[] data = RandomBytes(300, 22);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(data, token);
        await pipe.Writer.CompleteAsync();

        List<PooledContentChunk> firstTwo = await Chunker.CreateFixed(100).ChunkPooledAsync(pipe.Reader, token).Take(2).ToListAsync(token);

        Assert.Equal([0L, 100L], firstTwo.Select(c => c.Offset));
        Assert.True(firstTwo[1].Data.Span.SequenceEqual(data.AsSpan(100, 100)));
        var closed = new MemoryStream();
        closed.Dispose();
        Assert.Throws<ArgumentException>(() => Chunker.CreateFixed(100).ChunkPooledAsync(closed, token));
        firstTwo.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task ChunkAsync_StreamEnumeratedTwice_SecondContinuesFromThePosition()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        byte[] data = RandomBytes(250, 14);
        using var stream = new MemoryStream(data);
        IAsyncEnumerable<ContentChunk> chunks = Chunker.CreateFixed(100).ChunkAsync(stream, token);
        var first = new List<int>();

        await foreach (ContentChunk chunk in chunks)
        {
            first.Add(chunk.Length);
        }

        stream.Position = 150;
        List<(long Offset, byte[] Data)> second = await CollectAsync(chunks, token);

        Assert.Equal([100, 100, 50], first);
        (long offset, byte[] rest) = Assert.Single(second);
        Assert.Equal(0, offset);
        Assert.Equal(data[150..], rest);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chunking_EmptyInput_NoChunks(bool contentDefined)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = contentDefined ? Chunker.CreateContentDefined() : Chunker.CreateFixed();
        using var stream = new MemoryStream();

        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(stream, token), token);

        Assert.Equal(0, chunker.NextChunkLength([], isFinalBlock: true));
        Assert.Equal(0, chunker.NextChunkLength([], isFinalBlock: false));
        Assert.Empty(streamed);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 16 * 1024 - 1)]
    [InlineData(false, 1)]
    [InlineData(false, 64 * 1024 - 1)]
    public async Task Chunking_InputShorterThanTheMinimum_OneChunk(bool contentDefined, int length)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        Chunker chunker = contentDefined ? Chunker.CreateContentDefined() : Chunker.CreateFixed();
        byte[] data = RandomBytes(length, 13);
        using var stream = new MemoryStream(data);

        List<(long Offset, byte[] Data)> streamed = await CollectAsync(chunker.ChunkAsync(stream, token), token);

        Assert.Equal(length, chunker.NextChunkLength(data, isFinalBlock: true));
        Assert.Equal(0, chunker.NextChunkLength(data, isFinalBlock: false));
        (long offset, byte[] chunk) = Assert.Single(streamed);
        Assert.Equal(0, offset);
        Assert.Equal(data, chunk);
    }

    [Fact]
    public void NextChunkLength_MoreThanTheMaximumWithoutACut_CutsAtTheMaximum()
    {
        Chunker chunker = Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 64, AverageLength = 128, MaximumLength = 300 });
        byte[] data = new byte[1000];
        var lengths = new HashSet<int>();
        for (int value = 0; value < 256; value++)
        {
            Array.Fill(data, (byte)value);
            lengths.Add(chunker.NextChunkLength(data, isFinalBlock: false));
        }

        Assert.Contains(300, lengths);
        Assert.All(lengths, length => Assert.InRange(length, 64, 300));
    }

    [Fact]
    public void CreateFixed_Default_CutsEvery64KiB()
    {
        Chunker chunker = Chunker.CreateFixed();

        List<int> lengths = SpanChunkLengths(chunker, new byte[(3 * Chunker.DefaultFixedLength) + 5]);

        Assert.Equal("fixed", chunker.Name);
        Assert.Equal(Chunker.DefaultFixedLength, chunker.MinimumChunkLength);
        Assert.Equal(Chunker.DefaultFixedLength, chunker.MaximumChunkLength);
        Assert.Equal([65536, 65536, 65536, 5], lengths);
    }

    [Fact]
    public void CreateContentDefined_Default_UsesTheDefaultOptions()
    {
        Chunker chunker = Chunker.CreateContentDefined();

        Assert.Equal("cdc", chunker.Name);
        Assert.Equal(16 * 1024, chunker.MinimumChunkLength);
        Assert.Equal(256 * 1024, chunker.MaximumChunkLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Chunker.MaximumSupportedLength + 1)]
    public void CreateFixed_OutOfRange_ThrowsNamingChunkLength(int chunkLength)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.CreateFixed(chunkLength));

        Assert.Equal("chunkLength", exception.ParamName);
        Assert.Contains($"[1, {Chunker.MaximumSupportedLength}]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateFixed_LargestSupported_Accepted() =>
        Assert.Equal(Chunker.MaximumSupportedLength, Chunker.CreateFixed(Chunker.MaximumSupportedLength).MaximumChunkLength);

    [Fact]
    public void ChunkAsync_Null_ThrowsBeforeEnumerating()
    {
        Chunker chunker = Chunker.CreateFixed();

        Assert.Equal("reader", Assert.Throws<ArgumentNullException>(() => chunker.ChunkAsync((PipeReader)null!, TestContext.Current.CancellationToken)).ParamName);
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => chunker.ChunkAsync((Stream)null!, TestContext.Current.CancellationToken)).ParamName);
    }

    [Fact]
    public void ChunkAsync_WriteOnlyStream_ThrowsNamingStream()
    {
        using var stream = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.DeleteOnClose);

        var exception = Assert.Throws<ArgumentException>(() => Chunker.CreateFixed().ChunkAsync(stream, TestContext.Current.CancellationToken));

        Assert.Equal("stream", exception.ParamName);
    }

    [Fact]
    public async Task ChunkAsync_ReadToTheEnd_CompletesTheReader()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RandomBytes(1000, 1), token);
        await pipe.Writer.CompleteAsync();

        List<(long Offset, byte[] Data)> streamed = await CollectAsync(Chunker.CreateFixed(100).ChunkAsync(pipe.Reader, token), token);

        Assert.Equal(10, streamed.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pipe.Reader.ReadAsync(token));
    }

    [Fact]
    public async Task ChunkAsync_StoppedEarly_CompletesTheReader()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RandomBytes(1000, 1), token);

        await foreach (ContentChunk chunk in Chunker.CreateFixed(100).ChunkAsync(pipe.Reader, token))
        {
            Assert.Equal(100, chunk.Length);
            break;
        }

        FlushResult afterStop = await pipe.Writer.WriteAsync(new byte[1], token);
        Assert.True(afterStop.IsCompleted);
    }

    [Fact]
    public async Task ChunkAsync_CancelledBeforeStart_ThrowsAndCompletesTheReader()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[10], TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await CollectAsync(Chunker.CreateFixed().ChunkAsync(pipe.Reader, cancellation.Token), CancellationToken.None));

        Assert.True((await pipe.Writer.WriteAsync(new byte[1], TestContext.Current.CancellationToken)).IsCompleted);
    }

    [Fact]
    public async Task ChunkAsync_CancelledMidStream_ThrowsAfterTheChunksSoFar()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[250], TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var chunks = new List<long>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ContentChunk chunk in Chunker.CreateFixed(100).ChunkAsync(pipe.Reader, TestContext.Current.CancellationToken).WithCancellation(cancellation.Token))
            {
                chunks.Add(chunk.Offset);
                if (chunks.Count == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal([0L, 100L], chunks);
    }

    [Fact]
    public async Task ChunkAsync_PendingReadCancelled_ThrowsOperationCanceled()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[50], TestContext.Current.CancellationToken);
        Task<List<(long Offset, byte[] Data)>> reading = CollectAsync(Chunker.CreateFixed(100).ChunkAsync(pipe.Reader, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        pipe.Reader.CancelPendingRead();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public void ContentChunk_Length_IsTheDataLength() => Assert.Equal(7, new ContentChunk(3, new byte[7]).Length);
}
