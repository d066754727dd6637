namespace Aios.Data.Compression;

/// <summary>Options of a <see cref="CodecSelector"/>. Every setter validates its value.</summary>
public sealed record CodecSelectorOptions
{
    /// <summary>Gets the share of a chunk a codec must save for the chunk to be kept compressed; 0.125 by default (ZFS's 12.5%).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1) or NaN.</exception>
    public double MinimumSavings
    {
        get;
        init => field = Guard.InRange(value, 0, 1, upperInclusive: false, paramName: nameof(MinimumSavings));
    } = 0.125;

    /// <summary>
    /// Gets the sampled entropy (bits per byte) at or above which a chunk is stored raw without a trial; 7.9 by default.
    /// Random bytes sample at ≈ 7.98 from a 256 KiB chunk (8 KiB of samples); compressed formats (JPEG, zstd, gzip) at
    /// 7.95–7.98; a value of 8 disables the gate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 8] or NaN.</exception>
    public double RawEntropyThreshold
    {
        get;
        init => field = Guard.InRange(value, 0, 8, upperInclusive: true, paramName: nameof(RawEntropyThreshold));
    } = 7.9;

    /// <summary>
    /// Gets how much more of a chunk Zstandard must save than LZ4 to be chosen over it; 0.05 by default. LZ4 decodes about
    /// three times faster, which matters for data read every epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1] or NaN.</exception>
    public double ZstdMinimumAdditionalSavings
    {
        get;
        init => field = Guard.InRange(value, 0, 1, upperInclusive: true, paramName: nameof(ZstdMinimumAdditionalSavings));
    } = 0.05;

    /// <summary>Gets the Zstandard level; 1 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [−7, 22] or 0.</exception>
    public int ZstdLevel
    {
        get;
        init
        {
            if (value is < -7 or > 22 or 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ZstdLevel), value, "The Zstandard level must be in [-7, -1] or [1, 22].");
            }

            field = value;
        }
    } = 1;

    /// <summary>Gets the LZ4 level; 0 (fast) by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 12].</exception>
    public int Lz4Level
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Lz4Level));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 12, nameof(Lz4Level));
            field = value;
        }
    }

    /// <summary>
    /// Gets the share of a chunk the codec trials compress (windows spread over the chunk); 1/48 by default (5 KiB of a
    /// 256 KiB chunk). Trials on small samples compress slower per byte than the whole chunk does, so this share sets the
    /// selector's overhead: at 1/48 it measured 3.6–5.3% of zstd-1's own time on text, JSON and images and 10% on uint16
    /// token arrays (at 1/32: 4.5–6% and 11.6%), choosing the oracle's codec on 97.5% of 403 test chunks (98.0% at 1/32;
    /// benchmarks/Aios.Benchmarks/results/README.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1] or NaN.</exception>
    public double TrialFraction
    {
        get;
        init => field = Guard.InRange(value, 0, 1, upperInclusive: true, lowerInclusive: false, paramName: nameof(TrialFraction));
    } = 1.0 / 48;

    /// <summary>
    /// Gets the length of each trial window in bytes; 1 KiB by default (also the smallest trial). Shorter windows spread
    /// the same trial bytes over more of the chunk, which matters for chunks that mix kinds of data.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [256, 1 MiB].</exception>
    public int TrialWindowLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 256, nameof(TrialWindowLength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024 * 1024, nameof(TrialWindowLength));
            field = value;
        }
    } = 1024;

    /// <summary>
    /// Gets a codec to use for every chunk instead of selecting (constant chunks still use <see cref="Codec.Constant"/>
    /// unless this is <see cref="Codec.Raw"/>); null (select) by default.
    /// </summary>
    /// <exception cref="ArgumentException">The value is <see cref="Codec.Constant"/>, which cannot store a chunk of more than one byte value.</exception>
    public Codec? FixedCodec
    {
        get;
        init
        {
            if (value?.Id == CodecId.Constant)
            {
                throw new ArgumentException("The constant codec cannot store every chunk; constant chunks are detected whatever the codec.", nameof(FixedCodec));
            }

            field = value;
        }
    }
}
