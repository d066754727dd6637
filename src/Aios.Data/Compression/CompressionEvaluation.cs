namespace Aios.Data.Compression;

/// <summary>How one codec did on one input: sizes, ratio and speeds, from a verified round trip.</summary>
/// <param name="Codec">The codec's name (<see cref="Compression.Codec.Name"/>).</param>
/// <param name="OriginalLength">Input bytes.</param>
/// <param name="CompressedLength">Output bytes.</param>
/// <param name="CompressTime">The fastest of the timed compressions.</param>
/// <param name="DecompressTime">The fastest of the timed decompressions.</param>
public sealed record CompressionEvaluation(string Codec, long OriginalLength, long CompressedLength, TimeSpan CompressTime, TimeSpan DecompressTime)
{
    /// <summary>Gets original / compressed length (1 for empty input; &lt; 1 when the codec expands the data).</summary>
    public double Ratio => OriginalLength == 0 || CompressedLength == 0 ? 1 : (double)OriginalLength / CompressedLength;

    /// <summary>Gets 1 − compressed / original: the share of the bytes saved (negative when the codec expands them).</summary>
    public double Savings => OriginalLength == 0 ? 0 : 1 - ((double)CompressedLength / OriginalLength);

    /// <summary>Gets input bytes per second of compression (∞ when too fast to time).</summary>
    public double CompressBytesPerSecond => OriginalLength / CompressTime.TotalSeconds;

    /// <summary>Gets output (original) bytes per second of decompression (∞ when too fast to time).</summary>
    public double DecompressBytesPerSecond => OriginalLength / DecompressTime.TotalSeconds;
}
