namespace Aios.Data.Compression;

internal sealed class RawCodec : Codec
{
    public static readonly RawCodec Instance = new();

    public override CodecId Id => CodecId.Raw;

    public override int Level => 0;

    public override string Name => "raw";

    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length;
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bool fits = source.TryCopyTo(destination);
        bytesWritten = fits ? source.Length : 0;
        return fits;
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            throw Corrupt(Name, destination.Length, $"a raw block of {source.Length} bytes");
        }

        source.CopyTo(destination);
    }
}
