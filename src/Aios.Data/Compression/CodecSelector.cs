using System.Buffers;
using Aios.Data.Entropy;

namespace Aios.Data.Compression;

/// <summary>
/// Chooses, per chunk, how to store it — constant, raw, LZ4 or Zstandard — and encodes it, reporting why.
/// Thread-safe; one instance serves any number of writers.
/// </summary>
/// <remarks>
/// <para>The steps, cheapest first (after btrfs's heuristics and ZFS's early abort):</para>
/// <list type="number">
/// <item>a chunk of one byte value is stored as that byte;</item>
/// <item>sampled entropy (16 of every 512 bytes) at or above <see cref="CodecSelectorOptions.RawEntropyThreshold"/>
/// stores it raw: random and already-compressed data never reach a codec;</item>
/// <item>LZ4 and Zstandard are tried on <see cref="CodecSelectorOptions.TrialFraction"/> of the chunk (windows spread
/// over it, compressed as one block so that later windows can match earlier ones) — LZ4 finds repeats, Zstandard also
/// entropy-codes literals, which is what 16-bit token arrays and float tensors offer;</item>
/// <item>the decision rule: Zstandard when it saves <see cref="CodecSelectorOptions.MinimumSavings"/> and either LZ4
/// does not, or Zstandard saves <see cref="CodecSelectorOptions.ZstdMinimumAdditionalSavings"/> more; else LZ4 when it
/// saves enough; else raw;</item>
/// <item>the chosen codec compresses the whole chunk, which is kept only if it really saves
/// <see cref="CodecSelectorOptions.MinimumSavings"/> (ZFS keeps a block compressed only if it saves 12.5%).</item>
/// </list>
/// <para><see cref="Decide"/> applies the same rule to exact savings; trying every codec on the whole chunk and
/// calling it is the oracle the selector's accuracy is measured against.</para>
/// </remarks>
public sealed class CodecSelector
{
    // 8 KiB of samples from a 256 KiB chunk: random bytes read ≈ 7.98 (the plug-in estimator's bias is
    // 255 / (2 n ln 2) = 0.02 bits at n = 8192; Miller, 1955), well above the 7.9 gate, at half the cost of 1 in 16.
    private const int EntropySampleLength = 16;
    private const int EntropyStride = 512;

    private readonly Codec _lz4;
    private readonly Codec _zstd;

    // The trials get their own Zstandard instance, hence their own pooled contexts: a context that alternates between
    // sample-sized and chunk-sized inputs changes parameters every call and must clear its tables each time, which cost
    // more than the trial itself.
    private readonly Codec _zstdTrial;
    private readonly CodecSelectorOptions _options;

    /// <summary>Initializes a selector.</summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public CodecSelector(CodecSelectorOptions? options = null)
    {
        _options = (options ?? new CodecSelectorOptions()).Snapshot();
        _lz4 = Codec.CreateLz4(_options.Lz4Level);
        _zstd = Codec.CreateZstd(_options.ZstdLevel);
        _zstdTrial = Codec.CreateZstd(_options.ZstdLevel);
    }

    /// <summary>Gets a selector with the default options.</summary>
    public static CodecSelector Default { get; } = new();

    /// <summary>Gets a copy of the options the selector was created with; changing it has no effect on the selector.</summary>
    public CodecSelectorOptions Options => _options.Snapshot();

    /// <summary>Gets the codec used for the LZ4 choice.</summary>
    public Codec Lz4 => _lz4;

    /// <summary>Gets the codec used for the Zstandard choice.</summary>
    public Codec Zstd => _zstd;

    /// <summary>Gets the destination length that <see cref="Encode"/> always fits in.</summary>
    /// <param name="length">The chunk length; ≥ 0.</param>
    /// <returns>The bound.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public int GetMaxEncodedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int bound = Math.Max(length, Math.Max(_lz4.GetMaxCompressedLength(length), _zstd.GetMaxCompressedLength(length)));
        return _options.FixedCodec is { } codec ? Math.Max(bound, codec.GetMaxCompressedLength(length)) : bound;
    }

    /// <summary>
    /// Applies the decision rule to savings (1 − compressed / original) of LZ4 and Zstandard: exact ones make the oracle.
    /// </summary>
    /// <param name="lz4Savings">LZ4's savings.</param>
    /// <param name="zstdSavings">Zstandard's savings.</param>
    /// <returns><see cref="CodecId.Zstd"/>, <see cref="CodecId.Lz4"/> or <see cref="CodecId.Raw"/>.</returns>
    public CodecId Decide(double lz4Savings, double zstdSavings)
    {
        double minimum = _options.MinimumSavings;
        bool lz4Pays = lz4Savings >= minimum;
        if (zstdSavings >= minimum && (!lz4Pays || zstdSavings - lz4Savings >= _options.ZstdMinimumAdditionalSavings))
        {
            return CodecId.Zstd;
        }

        return lz4Pays ? CodecId.Lz4 : CodecId.Raw;
    }

    /// <summary>Chooses a codec for <paramref name="chunk"/> and writes the stored form into <paramref name="destination"/>.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="destination">At least <see cref="GetMaxEncodedLength"/> bytes.</param>
    /// <returns>The decision; <see cref="CodecDecision.StoredLength"/> bytes of <paramref name="destination"/> hold the stored form.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetMaxEncodedLength"/>.</exception>
    public CodecDecision Encode(ReadOnlySpan<byte> chunk, Span<byte> destination)
    {
        int length = chunk.Length;
        if (destination.Length < GetMaxEncodedLength(length))
        {
            throw new ArgumentException($"The destination must hold at least {GetMaxEncodedLength(length)} bytes (GetMaxEncodedLength) for a chunk of {length}.", nameof(destination));
        }

        if (length == 0)
        {
            return new CodecDecision(CodecId.Raw, 0, SelectionReason.Empty, 0, 0, double.NaN, double.NaN, double.NaN);
        }

        if (_options.FixedCodec is { } fixedCodec)
        {
            return EncodeFixed(chunk, destination, fixedCodec);
        }

        if (chunk.IndexOfAnyExcept(chunk[0]) < 0)
        {
            destination[0] = chunk[0];
            return new CodecDecision(CodecId.Constant, 0, SelectionReason.Constant, length, 1, 0, double.NaN, double.NaN);
        }

        double entropy = ByteEntropy.ComputeSampled(chunk, EntropySampleLength, EntropyStride);
        if (entropy >= _options.RawEntropyThreshold)
        {
            chunk.CopyTo(destination);
            return new CodecDecision(CodecId.Raw, 0, SelectionReason.HighEntropy, length, length, entropy, double.NaN, double.NaN);
        }

        (double lz4Savings, double zstdSavings) = Trial(chunk);
        CodecId choice = Decide(lz4Savings, zstdSavings);
        if (choice == CodecId.Raw)
        {
            chunk.CopyTo(destination);
            return new CodecDecision(CodecId.Raw, 0, SelectionReason.NoCodecPays, length, length, entropy, lz4Savings, zstdSavings);
        }

        Codec codec = choice == CodecId.Zstd ? _zstd : _lz4;
        if (!codec.TryCompress(chunk, destination, out int written))
        {
            throw new InvalidOperationException($"{codec.Name} exceeded its own bound of {codec.GetMaxCompressedLength(length)} bytes.");
        }

        if (written > length - (length * _options.MinimumSavings))
        {
            chunk.CopyTo(destination);
            return new CodecDecision(CodecId.Raw, 0, SelectionReason.BelowMinimumSavings, length, length, entropy, lz4Savings, zstdSavings);
        }

        SelectionReason reason = choice == CodecId.Zstd ? SelectionReason.ZstdPays : SelectionReason.Lz4Pays;
        return new CodecDecision(choice, codec.Level, reason, length, written, entropy, lz4Savings, zstdSavings);
    }

    private static CodecDecision EncodeFixed(ReadOnlySpan<byte> chunk, Span<byte> destination, Codec codec)
    {
        if (codec.Id != CodecId.Raw && chunk.IndexOfAnyExcept(chunk[0]) < 0)
        {
            destination[0] = chunk[0];
            return new CodecDecision(CodecId.Constant, 0, SelectionReason.Constant, chunk.Length, 1, 0, double.NaN, double.NaN);
        }

        if (codec.Id == CodecId.Constant || !codec.TryCompress(chunk, destination, out int written))
        {
            throw new InvalidOperationException($"{codec.Name} cannot store a chunk of {chunk.Length} bytes.");
        }

        return new CodecDecision(codec.Id, codec.Level, SelectionReason.Fixed, chunk.Length, written, double.NaN, double.NaN, double.NaN);
    }

    private (double Lz4Savings, double ZstdSavings) Trial(ReadOnlySpan<byte> chunk)
    {
        int window = _options.TrialWindowLength;
        int sampleLength = (int)Math.Min(chunk.Length, Math.Max(window, Math.Ceiling(chunk.Length * _options.TrialFraction)));
        byte[] rented = ArrayPool<byte>.Shared.Rent(sampleLength + Math.Max(_lz4.GetMaxCompressedLength(sampleLength), _zstd.GetMaxCompressedLength(sampleLength)));
        try
        {
            Span<byte> output = rented.AsSpan(sampleLength);
            ReadOnlySpan<byte> sample = chunk;
            if (sampleLength < chunk.Length)
            {
                Span<byte> windowsBuffer = rented.AsSpan(0, sampleLength);
                // Windows evenly spread from the first byte to the last, so a header and a tail are both seen.
                int windows = (sampleLength + window - 1) / window;
                int windowLength = sampleLength / windows;
                long span = chunk.Length - windowLength;
                for (int i = 0; i < windows; i++)
                {
                    int start = windows == 1 ? 0 : (int)(span * i / (windows - 1));
                    chunk.Slice(start, windowLength).CopyTo(windowsBuffer[(i * windowLength)..]);
                }

                sample = windowsBuffer[..(windows * windowLength)];
            }

            _ = _lz4.TryCompress(sample, output, out int lz4Length);
            _ = _zstdTrial.TryCompress(sample, output, out int zstdLength);
            return (1 - ((double)lz4Length / sample.Length), 1 - ((double)zstdLength / sample.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
