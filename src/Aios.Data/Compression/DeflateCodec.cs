using System.Buffers;
using System.IO.Compression;

namespace Aios.Data.Compression;

internal sealed class DeflateCodec : Codec
{
    public static readonly DeflateCodec Decoding = new(6);

    public DeflateCodec(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        Level = level;
        Name = LevelName("deflate", level);
    }

    public override CodecId Id => CodecId.Deflate;

    public override int Level { get; }

    public override string Name { get; }

    // zlib's conservative deflateBound for raw streams, n + ⌈n/8⌉ + ⌈n/64⌉ + 5, plus slack for the final flush. The BCL
    // ships zlib-ng, whose level 1 (deflate_quick) codes every literal with the static Huffman table, up to 9 bits per
    // byte: random input grows by 5.5%, beyond zlib's tight stored-block bound of n + n/4096 + ….
    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return checked((int)(length + ((length + 7L) >> 3) + ((length + 63L) >> 6) + 5 + 13));
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        // The BCL has no span-to-span Deflate: stream into a pooled array, then copy (a comparison codec, not a hot path).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(GetMaxCompressedLength(source.Length));
        try
        {
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            try
            {
                using var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = Level }, leaveOpen: true);
                deflate.Write(source);
            }
            catch (NotSupportedException)
            {
                // The fixed-size stream is full: the output exceeded the bound itself (a bound defect), which a Try method
                // reports as a miss rather than an exception.
                bytesWritten = 0;
                return false;
            }

            bytesWritten = (int)output.Position;
            if (bytesWritten > destination.Length)
            {
                bytesWritten = 0;
                return false;
            }

            buffer.AsSpan(0, bytesWritten).CopyTo(destination);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        byte[] input = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            source.CopyTo(input);
            using var stream = new MemoryStream(input, 0, source.Length, writable: false);
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress);
            int total = 0;
            while (total < destination.Length)
            {
                int read = deflate.Read(destination[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            Span<byte> probe = stackalloc byte[1];
            if (total != destination.Length || deflate.Read(probe) != 0)
            {
                throw Corrupt(Name, destination.Length, total != destination.Length ? $"it decodes to {total} bytes" : "it decodes to more bytes");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }
}
