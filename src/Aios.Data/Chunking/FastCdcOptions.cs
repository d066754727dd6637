namespace Aios.Data.Chunking;

/// <summary>
/// Parameters of FastCDC content-defined chunking (<see cref="Chunker.CreateContentDefined(FastCdcOptions?)"/>); each
/// property has a documented default. <see cref="Chunker.CreateContentDefined(FastCdcOptions?)"/> checks every range
/// and the order <see cref="MinimumLength"/> &lt; <see cref="AverageLength"/> &lt; <see cref="MaximumLength"/> and
/// copies the values, so changing this object afterwards has no effect on the chunker.
/// </summary>
/// <remarks>
/// The options are part of the chunk format: two chunkers cut the same data at the same places only when all four
/// values are equal, so a store that deduplicates across versions must record them.
/// </remarks>
public sealed class FastCdcOptions
{
    /// <summary>The least value of <see cref="MinimumLength"/>: the gear hash's 64-byte window.</summary>
    internal const int LeastLength = 64;

    /// <summary>The largest <see cref="NormalizationLevel"/>.</summary>
    internal const int MaximumNormalizationLevel = 4;

    /// <summary>
    /// Gets or sets the length below which no cut is made, in bytes (default 16 KiB); in [64, <see cref="Chunker.MaximumSupportedLength"/>].
    /// FastCDC skips these bytes without hashing them (cut-point skipping), so a larger minimum is also faster.
    /// </summary>
    public int MinimumLength { get; set; } = 16 * 1024;

    /// <summary>
    /// Gets or sets the target average length, in bytes (default 64 KiB); in [64, <see cref="Chunker.MaximumSupportedLength"/>]
    /// and above <see cref="MinimumLength"/>. The cut masks have round(log₂ <see cref="AverageLength"/>) ± <see cref="NormalizationLevel"/>
    /// one-bits, so a value that is not a power of two acts like the nearest power of two; the mean chunk length on random
    /// data is not exactly this value (it also depends on the minimum: 16/64/256 KiB at level 2 gives about 75 KiB).
    /// </summary>
    public int AverageLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets the length at which a chunk is cut when no content-defined cut point was found, in bytes (default 256 KiB); in
    /// [64, <see cref="Chunker.MaximumSupportedLength"/>] and above <see cref="AverageLength"/>.
    /// </summary>
    public int MaximumLength { get; set; } = 256 * 1024;

    /// <summary>
    /// Gets or sets the normalized-chunking level (default 2), in [0, 4]: below <see cref="AverageLength"/> a cut needs
    /// log₂ avg + level hash bits to be zero, above it log₂ avg − level, which concentrates chunk lengths around the
    /// average (normalized chunking: Xia et al., USENIX ATC'16, evaluate levels 1–3). Level 0 is plain gear-hash chunking with one mask.
    /// </summary>
    public int NormalizationLevel { get; set; } = 2;

    /// <summary>Checks every option and returns a copy of them all (what a chunker keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range or the lengths are not strictly increasing; the exception names the first such option.</exception>
    internal FastCdcOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (FastCdcOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        bool lengthsInRange = true;
        foreach ((int value, string name) in new (int, string)[] { (MinimumLength, nameof(MinimumLength)), (AverageLength, nameof(AverageLength)), (MaximumLength, nameof(MaximumLength)) })
        {
            if (value is < LeastLength or > Chunker.MaximumSupportedLength)
            {
                lengthsInRange = false;
                yield return new ArgumentOutOfRangeException(name, value, $"{name} must be in [{LeastLength}, {Chunker.MaximumSupportedLength}].");
            }
        }

        if (NormalizationLevel is < 0 or > MaximumNormalizationLevel)
        {
            yield return new ArgumentOutOfRangeException(nameof(NormalizationLevel), NormalizationLevel, $"NormalizationLevel must be in [0, {MaximumNormalizationLevel}].");
        }

        if (lengthsInRange && AverageLength <= MinimumLength)
        {
            yield return new ArgumentOutOfRangeException(nameof(AverageLength), AverageLength, $"AverageLength must be in ({MinimumLength} (the minimum length), {Chunker.MaximumSupportedLength}).");
        }

        if (lengthsInRange && MaximumLength <= AverageLength)
        {
            yield return new ArgumentOutOfRangeException(nameof(MaximumLength), MaximumLength, $"MaximumLength must be in ({AverageLength} (the average length), {Chunker.MaximumSupportedLength}].");
        }
    }
}
