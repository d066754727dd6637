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

    // zlib's deflateBound for raw streams: stored blocks cost 5 bytes per 16 KiB, plus a little slack.
    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return checked(length + (length >> 12) + (length >> 14) + (length >> 25) + 13 + 5);
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        // The BCL has no span-to-span Deflate: stream into a pooled array, then copy (a comparison codec, not a hot path).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(GetMaxCompressedLength(source.Length));
        try
        {
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = Level }, leaveOpen: true))
            {
                deflate.Write(source);
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
