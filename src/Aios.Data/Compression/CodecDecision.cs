using System.Globalization;

namespace Aios.Data.Compression;

/// <summary>What a <see cref="CodecSelector"/> chose for one chunk, and why.</summary>
/// <param name="Codec">The codec the stored bytes are in.</param>
/// <param name="Level">Its level (0 where levels do not apply).</param>
/// <param name="Reason">Why.</param>
/// <param name="OriginalLength">The chunk's length.</param>
/// <param name="StoredLength">The stored (encoded) length.</param>
/// <param name="Entropy">The sampled byte entropy, bits per byte (NaN when not computed: empty, constant or fixed).</param>
/// <param name="EstimatedLz4Savings">The LZ4 trial's savings on the sample (NaN when no trial ran).</param>
/// <param name="EstimatedZstdSavings">The Zstandard trial's savings on the sample (NaN when no trial ran).</param>
public readonly record struct CodecDecision(
    CodecId Codec,
    int Level,
    SelectionReason Reason,
    int OriginalLength,
    int StoredLength,
    double Entropy,
    double EstimatedLz4Savings,
    double EstimatedZstdSavings)
{
    /// <summary>Gets original / stored length (1 for an empty chunk).</summary>
    public double Ratio => StoredLength == 0 ? 1 : (double)OriginalLength / StoredLength;

    /// <summary>Gets the codec's display name (<c>zstd-1</c>, <c>lz4</c>, <c>raw</c>, …).</summary>
    public string CodecName => Codec switch
    {
        CodecId.Raw => "raw",
        CodecId.Constant => "constant",
        CodecId.Lz4 => Level == 0 ? "lz4" : string.Create(CultureInfo.InvariantCulture, $"lz4-{Level}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Codec.ToString().ToLowerInvariant()}-{Level}"),
    };

    /// <summary>Describes the decision in one line, e.g. <c>zstd-1: entropy 6.12; trial lz4 8 %, zstd 31 % (zstd pays)</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        string why = Reason switch
        {
            SelectionReason.Empty => "empty chunk",
            SelectionReason.Constant => "one repeated byte value",
            SelectionReason.HighEntropy => string.Create(CultureInfo.InvariantCulture, $"entropy {Entropy:F2} bits/byte: random or already compressed"),
            SelectionReason.Fixed => "fixed codec",
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"entropy {Entropy:F2}; trial lz4 {EstimatedLz4Savings:P0}, zstd {EstimatedZstdSavings:P0} ({Rule(Reason)})"),
        };
        return $"{CodecName}: {why}";
    }

    /// <summary>
    /// Describes the decision without its numbers, e.g. <c>zstd-1: zstd pays</c> or <c>raw: high entropy (random or
    /// already compressed)</c>: equal for every chunk stored by the same codec for the same <see cref="Reason"/>, so a
    /// report can count chunks per decision without parsing <see cref="Describe"/>.
    /// </summary>
    /// <returns>The codec name and the rule that chose it.</returns>
    public string DescribeRule() => $"{CodecName}: {Rule(Reason)}";

    private static string Rule(SelectionReason reason) => reason switch
    {
        SelectionReason.Empty => "empty chunk",
        SelectionReason.Constant => "one repeated byte value",
        SelectionReason.HighEntropy => "high entropy (random or already compressed)",
        SelectionReason.Fixed => "fixed codec",
        SelectionReason.NoCodecPays => "no codec pays",
        SelectionReason.Lz4Pays => "lz4 pays, zstd not enough more",
        SelectionReason.ZstdPays => "zstd pays",
        _ => "saved too little on the whole chunk",
    };
}
