using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Data.Compression;

/// <summary>
/// A block codec: compresses a span into a span and decompresses a span of known original length. Instances are
/// immutable and safe to use from many threads at once.
/// </summary>
/// <remarks>
/// Decoders never trust their input: corrupt or truncated bytes raise <see cref="InvalidDataException"/> (the only
/// exception <see cref="Decompress"/> throws for bad data), never an access violation or silently short output.
/// Decoding does not depend on the level a block was compressed at.
/// </remarks>
public abstract class Codec
{
    private protected Codec()
    {
    }

    /// <summary>Gets the codec that stores bytes as they are.</summary>
    public static Codec Raw => RawCodec.Instance;

    /// <summary>Gets the codec for chunks of one repeated byte value (stored as that byte).</summary>
    public static Codec Constant => ConstantCodec.Instance;

    /// <summary>Gets LZ4 at its fast level (0), as JuiceFS and ZFS use it.</summary>
    public static Codec Lz4 => Lz4Codec.Fast;

    /// <summary>Gets the stable identifier written into stored chunk headers.</summary>
    public abstract CodecId Id { get; }

    /// <summary>Gets the compression level (0 for codecs without levels).</summary>
    public abstract int Level { get; }

    /// <summary>Gets the display name: <c>raw</c>, <c>constant</c>, <c>lz4</c>, <c>lz4-9</c>, <c>zstd-1</c>, <c>brotli-1</c>, <c>deflate-6</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Creates LZ4 at a level: 0 fast, 3–9 high compression, 10–12 optimal parsing.</summary>
    /// <param name="level">0 ≤ level ≤ 12.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside [0, 12].</exception>
    public static Codec CreateLz4(int level = 0) => level == 0 ? Lz4Codec.Fast : new Lz4Codec(level);

    /// <summary>Creates Zstandard at a level (negative levels are the "fast" levels).</summary>
    /// <param name="level">−7 ≤ level ≤ 22; 1 by default (fast, JuiceFS's choice), 3 is zstd's own default.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside [−7, 22] or 0.</exception>
    public static Codec CreateZstd(int level = 1) => new ZstdCodec(level);

    /// <summary>Creates Brotli (BCL) at a quality.</summary>
    /// <param name="quality">0 ≤ quality ≤ 11.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside [0, 11].</exception>
    public static Codec CreateBrotli(int quality = 1) => new BrotliCodec(quality);

    /// <summary>Creates raw Deflate (BCL, zlib's levels).</summary>
    /// <param name="level">0 ≤ level ≤ 9; 6 is zlib's default.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside [0, 9].</exception>
    public static Codec CreateDeflate(int level = 6) => new DeflateCodec(level);

    /// <summary>Gets a codec that decodes blocks written under <paramref name="id"/> (at any level).</summary>
    /// <param name="id">The identifier from a chunk header.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="InvalidDataException"><paramref name="id"/> names no known codec (a corrupt or newer header).</exception>
    public static Codec ForDecoding(CodecId id) => id switch
    {
        CodecId.Raw => RawCodec.Instance,
        CodecId.Constant => ConstantCodec.Instance,
        CodecId.Lz4 => Lz4Codec.Fast,
        CodecId.Zstd => ZstdCodec.Decoding,
        CodecId.Brotli => BrotliCodec.Decoding,
        CodecId.Deflate => DeflateCodec.Decoding,
        _ => throw new InvalidDataException($"Unknown codec id {(byte)id}; the data is corrupt or was written by a newer version."),
    };

    /// <summary>Parses a name as <see cref="Name"/> writes it (<c>zstd</c> alone means level 1, <c>lz4</c> level 0).</summary>
    /// <param name="name">The name, case-insensitive.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a codec name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The level is out of the codec's range.</exception>
    public static Codec Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string trimmed = name.Trim().ToLowerInvariant();
        int dash = trimmed.IndexOf('-', 1);
        string family = dash < 0 ? trimmed : trimmed[..dash];
        int? level = null;
        if (dash >= 0)
        {
            if (!int.TryParse(trimmed.AsSpan(dash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
            {
                throw new ArgumentException($"'{name}' has no integer level after '{family}-'.", nameof(name));
            }

            level = parsed;
        }

        (int Minimum, int Maximum)? range = family switch
        {
            "lz4" => (0, 12),
            "zstd" => (-7, 22),
            "brotli" => (0, 11),
            "deflate" => (0, 9),
            _ => null,
        };
        if (range is { } levels && level is { } given && (given < levels.Minimum || given > levels.Maximum || (family == "zstd" && given == 0)))
        {
            // Reported against this method's parameter, not the factory's (level or quality), with the valid range.
            string valid = family == "zstd" ? "[-7, -1] or [1, 22]" : string.Create(CultureInfo.InvariantCulture, $"[{levels.Minimum}, {levels.Maximum}]");
            throw new ArgumentOutOfRangeException(nameof(name), name, $"'{name}': the {family} level must be in {valid}.");
        }

        return family switch
        {
            "raw" when level is null => Raw,
            "constant" when level is null => Constant,
            "lz4" => CreateLz4(level ?? 0),
            "zstd" => CreateZstd(level ?? 1),
            "brotli" => CreateBrotli(level ?? 1),
            "deflate" => CreateDeflate(level ?? 6),
            _ => throw new ArgumentException($"'{name}' is not a codec: use raw, constant, lz4[-0..12], zstd[-(-7..22)], brotli[-0..11] or deflate[-0..9].", nameof(name)),
        };
    }

    /// <summary>Parses a codec name as <see cref="Parse(string)"/> does, or says that it cannot.</summary>
    /// <param name="name">The name, case-insensitive, such as <c>zstd-3</c>.</param>
    /// <param name="codec">The codec; null when <paramref name="name"/> is not a codec name or its level is out of range.</param>
    /// <returns>Whether <paramref name="name"/> names a codec.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out Codec? codec)
    {
        codec = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        try
        {
            // Off the hot path (names come from options and manifests); Parse's messages stay the one source of truth.
            codec = Parse(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Gets the most bytes <see cref="TryCompress"/> can write for <paramref name="length"/> input bytes.</summary>
    /// <param name="length">The input length; ≥ 0.</param>
    /// <returns>The bound.</returns>
    public abstract int GetMaxCompressedLength(int length);

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The bytes.</param>
    /// <param name="destination">The output; <see cref="GetMaxCompressedLength"/> bytes always suffice.</param>
    /// <param name="bytesWritten">The compressed length.</param>
    /// <returns>False when <paramref name="destination"/> is too small (or, for <see cref="Constant"/>, the bytes are not one value).</returns>
    public abstract bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten);

    /// <summary>Decompresses a block whose original length is <paramref name="destination"/>'s length.</summary>
    /// <param name="source">The compressed block.</param>
    /// <param name="destination">Exactly the original length.</param>
    /// <exception cref="InvalidDataException">The block is corrupt, truncated, or does not decode to exactly <paramref name="destination"/>'s length.</exception>
    public abstract void Decompress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private protected static InvalidDataException Corrupt(string codec, int expected, string detail) =>
        new($"The {codec} block does not decode to {expected.ToString(CultureInfo.InvariantCulture)} bytes: {detail}.");

    private protected static string LevelName(string family, int level) => string.Create(CultureInfo.InvariantCulture, $"{family}-{level}");
}
