using System.Buffers;

namespace Aios.Data.Chunking;

/// <summary>
/// One chunk of a stream in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, owned by the holder until
/// <see cref="Dispose"/> returns it; from <see cref="Chunker.ChunkPooledAsync(System.IO.Pipelines.PipeReader, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The buffer is never reused while the chunk is undisposed, so chunks may be kept, batched or handed to other threads.
/// After <see cref="Dispose"/> (which may be called more than once, from any thread) <see cref="Data"/> throws
/// <see cref="ObjectDisposedException"/>; memory taken from it earlier must not be used any more. A chunk never disposed
/// is collected like any object; only the pool misses its buffer.
/// </remarks>
public sealed class PooledContentChunk : IDisposable
{
    private byte[]? _buffer;

    internal PooledContentChunk(long offset, byte[] buffer, int length)
    {
        Offset = offset;
        Length = length;
        _buffer = buffer;
    }

    /// <summary>Gets the position of the chunk's first byte in the stream.</summary>
    public long Offset { get; }

    /// <summary>Gets the chunk's length in bytes.</summary>
    public int Length { get; }

    /// <summary>Gets the chunk's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The chunk was disposed: its buffer is back in the pool.</exception>
    public ReadOnlyMemory<byte> Data => Volatile.Read(ref _buffer) is { } buffer
        ? buffer.AsMemory(0, Length)
        : throw new ObjectDisposedException(nameof(PooledContentChunk), "The chunk was disposed and its buffer returned to the pool.");

    /// <summary>Returns the buffer to the pool; later calls do nothing.</summary>
    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
