namespace Aios.Data.Chunking;

/// <summary>
/// Parameters of FastCDC content-defined chunking (<see cref="Chunker.CreateContentDefined(FastCdcOptions?)"/>); each
/// property has a documented default and is range-checked when set, and the order
/// <see cref="MinimumLength"/> &lt; <see cref="AverageLength"/> &lt; <see cref="MaximumLength"/> is checked when the
/// chunker is created.
/// </summary>
/// <remarks>
/// The options are part of the chunk format: two chunkers cut the same data at the same places only when all four
/// values are equal, so a store that deduplicates across versions must record them.
/// </remarks>
public sealed record FastCdcOptions
{
    /// <summary>The least value of <see cref="MinimumLength"/>: the gear hash's 64-byte window.</summary>
    internal const int LeastLength = 64;

    /// <summary>The largest <see cref="NormalizationLevel"/>.</summary>
    internal const int MaximumNormalizationLevel = 4;

    /// <summary>
    /// Gets the length below which no cut is made, in bytes (default 16 KiB); in [64, <see cref="Chunker.MaximumSupportedLength"/>].
    /// FastCDC skips these bytes without hashing them (cut-point skipping), so a larger minimum is also faster.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [64, <see cref="Chunker.MaximumSupportedLength"/>].</exception>
    public int MinimumLength
    {
        get;
        init
        {
            CheckLength(value, nameof(MinimumLength));
            field = value;
        }
    } = 16 * 1024;

    /// <summary>
    /// Gets the target average length, in bytes (default 64 KiB); in [64, <see cref="Chunker.MaximumSupportedLength"/>]
    /// and above <see cref="MinimumLength"/>. The cut masks have round(log₂ <see cref="AverageLength"/>) ± <see cref="NormalizationLevel"/>
    /// one-bits, so a value that is not a power of two acts like the nearest power of two; the mean chunk length on random
    /// data is not exactly this value (it also depends on the minimum: 16/64/256 KiB at level 2 gives about 75 KiB).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [64, <see cref="Chunker.MaximumSupportedLength"/>].</exception>
    public int AverageLength
    {
        get;
        init
        {
            CheckLength(value, nameof(AverageLength));
            field = value;
        }
    } = 64 * 1024;

    /// <summary>
    /// Gets the length at which a chunk is cut when no content-defined cut point was found, in bytes (default 256 KiB); in
    /// [64, <see cref="Chunker.MaximumSupportedLength"/>] and above <see cref="AverageLength"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [64, <see cref="Chunker.MaximumSupportedLength"/>].</exception>
    public int MaximumLength
    {
        get;
        init
        {
            CheckLength(value, nameof(MaximumLength));
            field = value;
        }
    } = 256 * 1024;

    /// <summary>
    /// Gets the normalized-chunking level (default 2), in [0, 4]: below <see cref="AverageLength"/> a cut needs
    /// log₂ avg + level hash bits to be zero, above it log₂ avg − level, which concentrates chunk lengths around the
    /// average (normalized chunking: Xia et al., USENIX ATC'16, evaluate levels 1–3). Level 0 is plain gear-hash chunking with one mask.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 4].</exception>
    public int NormalizationLevel
    {
        get;
        init
        {
            if (value is < 0 or > MaximumNormalizationLevel)
            {
                throw new ArgumentOutOfRangeException(nameof(NormalizationLevel), value, $"The normalization level must be in [0, {MaximumNormalizationLevel}].");
            }

            field = value;
        }
    } = 2;

    // CA2208: the errors name the option the caller set (as init accessors, their parameter is the implicit 'value').
#pragma warning disable CA2208
    /// <summary>Checks the order of the lengths, which cannot be checked as each is set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The lengths are not strictly increasing.</exception>
    internal void Validate()
    {
        if (AverageLength <= MinimumLength)
        {
            throw new ArgumentOutOfRangeException(nameof(AverageLength), AverageLength, $"The average length must be in ({MinimumLength} (the minimum length), {Chunker.MaximumSupportedLength}).");
        }

        if (MaximumLength <= AverageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumLength), MaximumLength, $"The maximum length must be in ({AverageLength} (the average length), {Chunker.MaximumSupportedLength}].");
        }
    }

    private static void CheckLength(int value, string name)
    {
        if (value is < LeastLength or > Chunker.MaximumSupportedLength)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{LeastLength}, {Chunker.MaximumSupportedLength}].");
        }
    }
#pragma warning restore CA2208
}
