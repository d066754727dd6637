using System.Collections.Concurrent;
using ZstdSharp;

namespace Aios.Data.Compression;

internal sealed class ZstdCodec : Codec
{
    public static readonly ZstdCodec Decoding = new(1);

    // ZstdSharp contexts are not thread-safe and cost ~100 KB-1 MB to create: keep a few per codec and per process.
    private static readonly ConcurrentBag<Decompressor> s_decompressors = [];
    private readonly ConcurrentBag<Compressor> _compressors = [];

    public ZstdCodec(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, -7);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 22);
        if (level == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The Zstandard level must be in [-7, -1] or [1, 22]; zstd's own 0 means its default, 3.");
        }

        Level = level;
        Name = LevelName("zstd", level);
    }

    public override CodecId Id => CodecId.Zstd;

    public override int Level { get; }

    public override string Name { get; }

    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return checked((int)Compressor.GetCompressBound(length));
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (!_compressors.TryTake(out Compressor? compressor))
        {
            compressor = new Compressor(Level);
        }

        try
        {
            return compressor.TryWrap(source, destination, out bytesWritten);
        }
        finally
        {
            _compressors.Add(compressor);
        }
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!s_decompressors.TryTake(out Decompressor? decompressor))
        {
            decompressor = new Decompressor();
        }

        int written;
        try
        {
            if (!decompressor.TryUnwrap(source, destination, out written))
            {
                throw Corrupt(Name, destination.Length, "it decodes to more bytes");
            }
        }
        catch (ZstdException exception)
        {
            // A failed frame can leave the context mid-stream: drop it rather than return it to the pool.
            decompressor.Dispose();
            decompressor = null;
            throw new InvalidDataException(Corrupt("zstd", destination.Length, exception.Message).Message, exception);
        }
        finally
        {
            if (decompressor is not null)
            {
                s_decompressors.Add(decompressor);
            }
        }

        if (written != destination.Length)
        {
            throw Corrupt("zstd", destination.Length, $"it decodes to {written} bytes");
        }
    }
}
