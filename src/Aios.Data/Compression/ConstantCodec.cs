namespace Aios.Data.Compression;

internal sealed class ConstantCodec : Codec
{
    public static readonly ConstantCodec Instance = new();

    public override CodecId Id => CodecId.Constant;

    public override int Level => 0;

    public override string Name => "constant";

    public override int GetMaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Math.Min(length, 1);
    }

    public override bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (source.IsEmpty)
        {
            return true;
        }

        if (destination.IsEmpty || source.IndexOfAnyExcept(source[0]) >= 0)
        {
            return false;
        }

        destination[0] = source[0];
        bytesWritten = 1;
        return true;
    }

    public override void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != Math.Min(destination.Length, 1))
        {
            throw Corrupt(Name, destination.Length, $"a constant block must be 1 byte, not {source.Length}");
        }

        if (!destination.IsEmpty)
        {
            destination.Fill(source[0]);
        }
    }
}
