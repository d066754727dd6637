namespace Aios.Data.Chunking;

/// <summary>Cuts every <see cref="MaximumChunkLength"/> bytes; the last chunk holds the rest.</summary>
internal sealed class FixedChunker : Chunker
{
    private readonly int _chunkLength;

    /// <summary>Initializes the chunker.</summary>
    /// <param name="chunkLength">The chunk length, already checked.</param>
    internal FixedChunker(int chunkLength) => _chunkLength = chunkLength;

    /// <inheritdoc />
    public override int MinimumChunkLength => _chunkLength;

    /// <inheritdoc />
    public override int MaximumChunkLength => _chunkLength;

    /// <inheritdoc />
    public override string Name => "fixed";

    /// <inheritdoc />
    public override int NextChunkLength(ReadOnlySpan<byte> data, bool isFinalBlock) =>
        data.Length >= _chunkLength ? _chunkLength : isFinalBlock ? data.Length : 0;

    /// <inheritdoc />
    internal override int FindCut(ReadOnlySpan<byte> segment, int position, ref ulong state) =>
        position + segment.Length >= _chunkLength ? _chunkLength : -1;

    /// <inheritdoc />
    public override string ToString() => $"fixed({_chunkLength})";
}
