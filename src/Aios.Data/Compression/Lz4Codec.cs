using K4os.Compression.LZ4;

namespace Aios.Data.Compression;

internal sealed class Lz4Codec : Codec
{
    public static readonly Lz4Codec Fast = new(0);

    private readonly LZ4Level _level;

    public Lz4Codec(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 12);

        // K4os numbers LZ4Level 0 (fast), then 3..12 as the HC levels; 1 and 2 mean the fast level in the reference CLI.
        _level = level < 3 ? LZ4Level.L00_FAST : (LZ4Level)level;
        Level = level;
        Name = level == 0 ? "lz4" : LevelName("lz4", level);
    }

    public override CodecId Id => CodecId.Lz4;

    public override int Level { get; }

    public override string Name { get; }

    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return LZ4Codec.MaximumOutputSize(length);
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (source.IsEmpty)
        {
            bytesWritten = 0;
            return true;
        }

        int written = LZ4Codec.Encode(source, destination, _level);
        bytesWritten = Math.Max(written, 0);
        return written > 0;
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.IsEmpty && source.IsEmpty)
        {
            return;
        }

        // The K4os decoder is bounds-checked on both sides and returns -1 for malformed input.
        int written = source.IsEmpty ? -1 : LZ4Codec.Decode(source, destination);
        if (written != destination.Length)
        {
            throw Corrupt(Name, destination.Length, written < 0 ? "malformed LZ4 block" : $"it decodes to {written} bytes");
        }
    }
}
