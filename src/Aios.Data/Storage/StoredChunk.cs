using System.Buffers;

namespace Aios.Data.Storage;

/// <summary>A chunk file read whole into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, its header parsed; disposing returns the buffer.</summary>
internal readonly struct StoredChunk(byte[] buffer, ChunkHeader header, string path) : IDisposable
{
    public ChunkHeader Header { get; } = header;

    public string Path { get; } = path;

    /// <summary>Gets the stored bytes (after the header).</summary>
    public ReadOnlySpan<byte> Stored => buffer.AsSpan(ChunkFormat.HeaderLength, Header.StoredLength);

    /// <summary>
    /// Gets the header fields followed by the id and the stored bytes, the span the first sum covers, in one piece: the
    /// fields are copied over the sums (already parsed into <see cref="Header"/>), which sit between them in the file.
    /// </summary>
    public ReadOnlySpan<byte> GetFieldsAndStored()
    {
        Span<byte> fieldsAndStored = buffer.AsSpan(ChunkFormat.FieldsLength, ChunkFormat.HeaderLength - ChunkFormat.FieldsLength + Header.StoredLength);
        buffer.AsSpan(0, ChunkFormat.FieldsLength).CopyTo(fieldsAndStored);
        return fieldsAndStored;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
