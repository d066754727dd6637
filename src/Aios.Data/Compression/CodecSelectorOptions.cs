namespace Aios.Data.Compression;

/// <summary>Options of a <see cref="CodecSelector"/>.</summary>
/// <remarks>
/// Every property has a documented default. A <see cref="CodecSelector"/> validates the options and takes a copy of them
/// when it is created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class CodecSelectorOptions
{
    /// <summary>Gets or sets the share of a chunk a codec must save for the chunk to be kept compressed, in [0, 1); 0.125 by default (ZFS's 12.5%).</summary>
    public double MinimumSavings { get; set; } = 0.125;

    /// <summary>
    /// Gets or sets the sampled entropy (bits per byte) at or above which a chunk is stored raw without a trial, in [0, 8];
    /// 7.9 by default. Random bytes sample at ≈ 7.98 from a 256 KiB chunk (8 KiB of samples); compressed formats (JPEG,
    /// zstd, gzip) at 7.95–7.98; a value of 8 disables the gate.
    /// </summary>
    public double RawEntropyThreshold { get; set; } = 7.9;

    /// <summary>
    /// Gets or sets how much more of a chunk Zstandard must save than LZ4 to be chosen over it, in [0, 1]; 0.05 by default.
    /// LZ4 decodes about three times faster, which matters for data read every epoch.
    /// </summary>
    public double ZstdMinimumAdditionalSavings { get; set; } = 0.05;

    /// <summary>Gets or sets the Zstandard level, in [−7, −1] or [1, 22]; 1 by default.</summary>
    public int ZstdLevel { get; set; } = 1;

    /// <summary>Gets or sets the LZ4 level, in [0, 12]; 0 (fast) by default.</summary>
    public int Lz4Level { get; set; }

    /// <summary>
    /// Gets or sets the share of a chunk the codec trials compress (windows spread over the chunk), in (0, 1]; 1/48 by
    /// default (5 KiB of a 256 KiB chunk). Trials on small samples compress slower per byte than the whole chunk does, so
    /// this share sets the selector's overhead: at 1/48 it measured 3.6–5.3% of zstd-1's own time on text, JSON and images
    /// and 10% on uint16 token arrays (at 1/32: 4.5–6% and 11.6%), choosing the oracle's codec on 97.5% of 403 test chunks
    /// (98.0% at 1/32; benchmarks/Aios.Benchmarks/results/README.md).
    /// </summary>
    public double TrialFraction { get; set; } = 1.0 / 48;

    /// <summary>
    /// Gets or sets the length of each trial window in bytes, in [256, 1 MiB]; 1 KiB by default (also the smallest trial).
    /// Shorter windows spread the same trial bytes over more of the chunk, which matters for chunks that mix kinds of data.
    /// </summary>
    public int TrialWindowLength { get; set; } = 1024;

    /// <summary>
    /// Gets or sets a codec to use for every chunk instead of selecting (constant chunks still use <see cref="Codec.Constant"/>
    /// unless this is <see cref="Codec.Raw"/>); null (select) by default. <see cref="Codec.Constant"/> itself is refused:
    /// it cannot store a chunk of more than one byte value.
    /// </summary>
    public Codec? FixedCodec { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what a selector keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the exception names the first one.</exception>
    internal CodecSelectorOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (CodecSelectorOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (!(MinimumSavings >= 0 && MinimumSavings < 1))
        {
            yield return new ArgumentOutOfRangeException(nameof(MinimumSavings), MinimumSavings, "MinimumSavings must be in [0, 1).");
        }

        if (!(RawEntropyThreshold >= 0 && RawEntropyThreshold <= 8))
        {
            yield return new ArgumentOutOfRangeException(nameof(RawEntropyThreshold), RawEntropyThreshold, "RawEntropyThreshold must be in [0, 8] bits per byte.");
        }

        if (!(ZstdMinimumAdditionalSavings >= 0 && ZstdMinimumAdditionalSavings <= 1))
        {
            yield return new ArgumentOutOfRangeException(nameof(ZstdMinimumAdditionalSavings), ZstdMinimumAdditionalSavings, "ZstdMinimumAdditionalSavings must be in [0, 1].");
        }

        if (ZstdLevel is < -7 or > 22 or 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(ZstdLevel), ZstdLevel, "ZstdLevel must be in [-7, -1] or [1, 22].");
        }

        if (Lz4Level is < 0 or > 12)
        {
            yield return new ArgumentOutOfRangeException(nameof(Lz4Level), Lz4Level, "Lz4Level must be in [0, 12].");
        }

        if (!(TrialFraction > 0 && TrialFraction <= 1))
        {
            yield return new ArgumentOutOfRangeException(nameof(TrialFraction), TrialFraction, "TrialFraction must be in (0, 1].");
        }

        if (TrialWindowLength is < 256 or > 1024 * 1024)
        {
            yield return new ArgumentOutOfRangeException(nameof(TrialWindowLength), TrialWindowLength, "TrialWindowLength must be in [256, 1048576] bytes.");
        }

        if (FixedCodec?.Id == CodecId.Constant)
        {
            yield return new ArgumentException("FixedCodec cannot be the constant codec, which cannot store every chunk; constant chunks are detected whatever the codec.", nameof(FixedCodec));
        }
    }
}
