using System.Globalization;
using System.Text;

namespace Aios.Data.Chunking;

/// <summary>One chunk of a stream: where it starts and its bytes.</summary>
/// <param name="Offset">The position of the chunk's first byte in the stream.</param>
/// <param name="Data">
/// The chunk's bytes, contiguous. Chunks from <see cref="Chunker.ChunkAsync(System.IO.Pipelines.PipeReader, CancellationToken)"/>
/// are each in an array of their own that the chunker never touches again: the caller's to keep.
/// </param>
public readonly record struct ContentChunk(long Offset, ReadOnlyMemory<byte> Data)
{
    /// <summary>Gets the chunk's length in bytes.</summary>
    public int Length => Data.Length;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Offset = {Offset}, Data = {Printing.Bytes(Data)}, Length = {Length}");
        return true;
    }
}
