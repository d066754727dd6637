using System.Buffers;

namespace Aios.Data.Reading;

/// <summary>A buffer rented from <see cref="ArrayPool{T}.Shared"/>, returned once by whichever copy of its owner disposes first.</summary>
internal sealed class RentedBuffer(byte[] buffer)
{
    private byte[]? _buffer = buffer;

    public byte[] Array => Volatile.Read(ref _buffer) ?? throw new ObjectDisposedException(nameof(RentedBuffer), "The data was disposed and its buffer returned to the pool.");

    public void Return()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
