using System.Buffers;
using System.IO.Compression;

namespace Aios.Data.Compression;

internal sealed class BrotliCodec : Codec
{
    public static readonly BrotliCodec Decoding = new(1);

    // 22 is Brotli's default window (4 MiB); chunks are far smaller, so it costs nothing.
    private const int WindowBits = 22;

    public BrotliCodec(int quality)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 11);
        Level = quality;
        Name = LevelName("brotli", quality);
    }

    public override CodecId Id => CodecId.Brotli;

    public override int Level { get; }

    public override string Name { get; }

    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return BrotliEncoder.GetMaxCompressedLength(length);
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten) =>
        BrotliEncoder.TryCompress(source, destination, out bytesWritten, Level, WindowBits);

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // BrotliDecoder answers DestinationTooSmall for an empty destination without reading the stream, so an empty
        // chunk is decoded into one spare byte, which a valid stream of nothing never writes.
        Span<byte> spare = stackalloc byte[1];
        Span<byte> output = destination.IsEmpty ? spare : destination;
        using var decoder = new BrotliDecoder();
        OperationStatus status = decoder.Decompress(source, output, out int consumed, out int written);
        if (status != OperationStatus.Done || consumed != source.Length || written != destination.Length)
        {
            throw Corrupt(Name, destination.Length, $"status {status} after {consumed} of {source.Length} bytes, {written} written");
        }
    }
}
