using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Aios.Data.Chunking;

/// <summary>
/// Splits data into chunks: of a fixed length (<see cref="CreateFixed(int)"/>) or content-defined with FastCDC
/// (<see cref="CreateContentDefined(FastCdcOptions?)"/>), over a span (<see cref="NextChunkLength(ReadOnlySpan{byte}, bool)"/>)
/// or streamed from a <see cref="PipeReader"/> or <see cref="Stream"/> (<see cref="ChunkAsync(PipeReader, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// A chunker is immutable and thread-safe. Its cut points depend only on the bytes of the chunk being cut and on the
/// chunker's parameters, never on how the input is split into reads: streaming gives exactly the chunks of the span path.
/// </remarks>
public abstract class Chunker
{
    /// <summary>The chunk length of <see cref="CreateFixed(int)"/> by default: 64 KiB.</summary>
    public const int DefaultFixedLength = 64 * 1024;

    /// <summary>The largest chunk length any chunker accepts: 64 MiB (a streaming chunker holds one chunk in memory).</summary>
    public const int MaximumSupportedLength = 64 * 1024 * 1024;

    /// <summary>The read size of the pipe over a stream: larger reads mean fewer pipe round trips per chunk.</summary>
    private const int StreamReadLength = 64 * 1024;

    private const string OverloadJustification = "The overloads differ in their first parameter's type (PipeReader, Stream); the optional token cannot make a call ambiguous, and token-last-with-default is the BCL shape.";

    /// <summary>Initializes a chunker; only this library defines chunkers, through the factories.</summary>
    private protected Chunker()
    {
    }

    /// <summary>Gets the length of every chunk but the last, which may be shorter.</summary>
    public abstract int MinimumChunkLength { get; }

    /// <summary>Gets the length no chunk exceeds.</summary>
    public abstract int MaximumChunkLength { get; }

    /// <summary>Gets the chunker's name in manifests and on the command line: <c>fixed</c> or <c>cdc</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Creates a chunker that cuts every <paramref name="chunkLength"/> bytes.</summary>
    /// <param name="chunkLength">The chunk length, in [1, <see cref="MaximumSupportedLength"/>].</param>
    /// <returns>The chunker; <see cref="MinimumChunkLength"/> and <see cref="MaximumChunkLength"/> are both <paramref name="chunkLength"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkLength"/> is outside [1, <see cref="MaximumSupportedLength"/>].</exception>
    public static Chunker CreateFixed(int chunkLength = DefaultFixedLength)
    {
        if (chunkLength is < 1 or > MaximumSupportedLength)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkLength), chunkLength, $"The chunk length must be in [1, {MaximumSupportedLength}].");
        }

        return new FixedChunker(chunkLength);
    }

    /// <summary>
    /// Creates a FastCDC content-defined chunker (Xia et al., USENIX ATC'16 and IEEE TPDS 2020): gear-hash cut points,
    /// cut-point skipping below the minimum length, normalized chunking around the average, and a cut at the maximum.
    /// An insertion or deletion changes only the chunks around it, so versions of a file share most chunks.
    /// </summary>
    /// <param name="options">The lengths and normalization level; null for the defaults (16 KiB / 64 KiB / 256 KiB, level 2).</param>
    /// <returns>The chunker.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An option is out of range, or the lengths are not strictly increasing: <see cref="FastCdcOptions.AverageLength"/> ≤ <see cref="FastCdcOptions.MinimumLength"/>
    /// or <see cref="FastCdcOptions.MaximumLength"/> ≤ <see cref="FastCdcOptions.AverageLength"/>; the exception names the option.
    /// </exception>
    public static Chunker CreateContentDefined(FastCdcOptions? options = null)
    {
        return new FastCdcChunker((options ?? new FastCdcOptions()).Snapshot());
    }

    /// <summary>Returns the length of the chunk that starts at <c>data[0]</c>.</summary>
    /// <param name="data">The data from the start of the chunk on; only the first <see cref="MaximumChunkLength"/> bytes are read.</param>
    /// <param name="isFinalBlock">Whether <paramref name="data"/> holds all the remaining input, so that its end is a cut.</param>
    /// <returns>
    /// The chunk length, at most <c>data.Length</c> and <see cref="MaximumChunkLength"/>; 0 for empty data, and 0 when
    /// <paramref name="isFinalBlock"/> is false and no cut point lies within <paramref name="data"/> (it is shorter than
    /// <see cref="MaximumChunkLength"/>): call again with more data. A non-zero answer never changes when more data follows.
    /// </returns>
    public abstract int NextChunkLength(ReadOnlySpan<byte> data, bool isFinalBlock);

    /// <summary>
    /// Streams the chunks of everything <paramref name="reader"/> yields until it completes, then completes the reader
    /// (also when enumeration fails, is cancelled or is stopped early).
    /// </summary>
    /// <param name="reader">The reader; it is completed when the enumeration ends.</param>
    /// <param name="cancellationToken">Stops the enumeration (as does the token given to <c>WithCancellation</c>).</param>
    /// <returns>
    /// The chunks, in order and contiguous from offset 0; none for empty input. Each chunk's
    /// <see cref="ContentChunk.Data"/> is a new array of its own, the caller's to keep: batch them, hand them to a channel,
    /// await between them. Each input byte is searched once and consumed from the reader as soon as it is copied, so the
    /// reader never has to buffer a whole chunk. <see cref="ChunkPooledAsync(PipeReader, CancellationToken)"/> avoids the
    /// array per chunk for callers that return each buffer themselves.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled, or a pending read was cancelled with <see cref="PipeReader.CancelPendingRead"/> before the input ended.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = OverloadJustification)]
    public IAsyncEnumerable<ContentChunk> ChunkAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return CopiedAsync(reader, null, cancellationToken);
    }

    /// <summary>Streams the chunks of <paramref name="stream"/> from its current position to its end; the stream is left open.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The chunks, as from <see cref="ChunkAsync(PipeReader, CancellationToken)"/>: each in an array of its own.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = OverloadJustification)]
    public IAsyncEnumerable<ContentChunk> ChunkAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        CheckReadable(stream);
        return CopiedAsync(null, stream, cancellationToken);
    }

    /// <summary>
    /// Streams the chunks of everything <paramref name="reader"/> yields, each in a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> that the caller owns until it disposes the chunk: no array is allocated per chunk,
    /// and no buffer is reused while its chunk is undisposed, so chunks may be batched or handed on like
    /// <see cref="ChunkAsync(PipeReader, CancellationToken)"/>'s. A chunk never disposed only costs the pool its buffer.
    /// </summary>
    /// <param name="reader">The reader; it is completed when the enumeration ends.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The chunks, in order and contiguous from offset 0; dispose each when done with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled, or a pending read was cancelled before the input ended.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = OverloadJustification)]
    public IAsyncEnumerable<PooledContentChunk> ChunkPooledAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return LeasedAsync(reader, null, cancellationToken);
    }

    /// <summary>Streams the chunks of <paramref name="stream"/> in rented buffers the caller disposes, as <see cref="ChunkPooledAsync(PipeReader, CancellationToken)"/>.</summary>
    /// <param name="stream">A readable stream, left open.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The chunks; dispose each when done with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = OverloadJustification)]
    public IAsyncEnumerable<PooledContentChunk> ChunkPooledAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        CheckReadable(stream);
        return LeasedAsync(null, stream, cancellationToken);
    }

    /// <summary>
    /// Continues the search for the cut of the chunk being assembled over its next bytes.
    /// </summary>
    /// <param name="segment">The chunk's bytes from <paramref name="position"/> on; <paramref name="position"/> + its length ≤ <see cref="MaximumChunkLength"/>.</param>
    /// <param name="position">The position of <c>segment[0]</c> in the chunk; the bytes before it were passed earlier.</param>
    /// <param name="state">The search state carried between calls: 0 at the start of each chunk.</param>
    /// <returns>The chunk length if the cut falls within the segment (in (<paramref name="position"/>, <paramref name="position"/> + <c>segment.Length</c>]), else −1.</returns>
    /// <remarks>Feeding a chunk in any number of pieces gives the same cut as feeding it whole.</remarks>
    internal abstract int FindCut(ReadOnlySpan<byte> segment, int position, ref ulong state);

    private static void CheckReadable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }
    }

    private async IAsyncEnumerable<ContentChunk> CopiedAsync(PipeReader? reader, Stream? stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The copy is made before the core is asked for the next chunk, which reuses its buffer. The token is this
        // iterator's own (combined with one given to WithCancellation), handed to the core.
        await foreach ((long offset, byte[] buffer, int length) in ChunkCoreAsync(reader, stream, handOff: false, cancellationToken).ConfigureAwait(false))
        {
            yield return new ContentChunk(offset, buffer.AsSpan(0, length).ToArray());
        }
    }

    private async IAsyncEnumerable<PooledContentChunk> LeasedAsync(PipeReader? reader, Stream? stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach ((long offset, byte[] buffer, int length) in ChunkCoreAsync(reader, stream, handOff: true, cancellationToken).ConfigureAwait(false))
        {
            yield return new PooledContentChunk(offset, buffer, length);
        }
    }

    /// <summary>
    /// The enumeration: over <paramref name="reader"/>, or over a reader created for <paramref name="stream"/> when it
    /// starts. With <paramref name="handOff"/> each yielded buffer becomes the consumer's and a new one is rented for the
    /// next chunk; without it one buffer is reused, and the consumer must copy before asking for the next chunk.
    /// </summary>
    private async IAsyncEnumerable<(long Offset, byte[] Buffer, int Length)> ChunkCoreAsync(PipeReader? reader, Stream? stream, bool handOff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Created per enumeration, so that enumerating the stream's chunks again continues from its position.
        reader ??= PipeReader.Create(stream!, new StreamPipeReaderOptions(bufferSize: StreamReadLength, leaveOpen: true));
        byte[]? chunk = ArrayPool<byte>.Shared.Rent(MaximumChunkLength);
        try
        {
            long offset = 0;
            int length = 0;
            ulong state = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("A pending read was cancelled (PipeReader.CancelPendingRead) before the input ended; the chunks so far may not be final.");
                }

                chunk ??= ArrayPool<byte>.Shared.Rent(MaximumChunkLength);
                long consumed = CopyUntilCut(result.Buffer, chunk, ref length, ref state, out bool complete);

                // Every byte examined was copied, so it is consumed: the pipe can recycle its segments at once.
                reader.AdvanceTo(result.Buffer.GetPosition(consumed));
                if (complete)
                {
                    byte[] full = chunk;
                    if (handOff)
                    {
                        chunk = null;
                    }

                    yield return (offset, full, length);
                    offset += length;
                    length = 0;
                    state = 0;
                }
                else if (result.IsCompleted)
                {
                    // No cut in the rest of the input: it is the last chunk.
                    if (length > 0)
                    {
                        byte[] last = chunk;
                        if (handOff)
                        {
                            chunk = null;
                        }

                        yield return (offset, last, length);
                    }

                    yield break;
                }
            }
        }
        finally
        {
            if (chunk is not null)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Copies bytes of <paramref name="buffer"/> to the chunk until its cut or the buffer's end.</summary>
    /// <returns>The number of bytes copied (and so consumed).</returns>
    private long CopyUntilCut(in ReadOnlySequence<byte> buffer, byte[] chunk, ref int length, ref ulong state, out bool complete)
    {
        long consumed = 0;
        foreach (ReadOnlyMemory<byte> memory in buffer)
        {
            ReadOnlySpan<byte> segment = memory.Span;
            int room = MaximumChunkLength - length;
            if (segment.Length > room)
            {
                segment = segment[..room];
            }

            int cut = FindCut(segment, length, ref state);
            int take = cut < 0 ? segment.Length : cut - length;
            segment[..take].CopyTo(chunk.AsSpan(length));
            length += take;
            consumed += take;

            // The maximum holds whatever the search reports.
            if (cut >= 0 || length == MaximumChunkLength)
            {
                complete = true;
                return consumed;
            }
        }

        complete = false;
        return consumed;
    }
}
