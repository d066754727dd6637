using System.Buffers.Binary;
using System.IO.Hashing;
using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>
/// The stored chunk file: a 32-byte self-describing header, then the stored bytes.
/// </summary>
/// <remarks>
/// <code>
/// offset size field
///  0     4    magic "AIOC"
///  4     1    format version (1)
///  5     1    codec (CodecId)
///  6     1    codec level (signed)
///  7     1    reserved, 0
///  8     4    original length, little-endian
/// 12     4    stored length, little-endian (= file length − 32)
/// 16     8    XXH3-64 of header bytes 0–15 followed by the stored bytes
/// 24     8    XXH3-64 of the original content (checks the decoder's output)
/// </code>
/// Every read checks both sums (XXH3 in one call runs at about 40 GB/s): together they cover every byte of the file, so any
/// flipped bit fails the read, whereas either alone leaves the other's 8 bytes unchecked. The first sum is taken over
/// bytes 0–15 and the stored bytes as one span — the fields are copied over the sums' slot, next to the stored bytes —
/// because <see cref="XxHash3.Append(ReadOnlySpan{byte})"/> over two pieces runs at half the speed. The SHA-256 name is
/// checked by <c>Verify</c>.
/// </remarks>
internal static class ChunkFormat
{
    public const int HeaderLength = 32;
    public const byte Version = 1;

    /// <summary>The header bytes before the sums (magic to stored length), which the first sum also covers.</summary>
    public const int FieldsLength = 16;
    private const uint Magic = 0x434F4941; // "AIOC" little-endian

    /// <summary>
    /// Fills in the header of <paramref name="file"/>, whose stored bytes already follow it (at <see cref="HeaderLength"/>).
    /// </summary>
    public static void WriteHeader(Span<byte> file, CodecId codec, int level, int originalLength, int storedLength, ReadOnlySpan<byte> original)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file, Magic);
        file[4] = Version;
        file[5] = (byte)codec;
        file[6] = unchecked((byte)(sbyte)level);
        file[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(file[8..], originalLength);
        BinaryPrimitives.WriteInt32LittleEndian(file[12..], storedLength);

        // The sums' own slot holds a copy of the fields while the first sum is taken, so that the fields and the stored
        // bytes are one span: XXH3 in one call runs about twice as fast as XxHash3.Append over two pieces.
        file[..FieldsLength].CopyTo(file[FieldsLength..]);
        ulong storedChecksum = XxHash3.HashToUInt64(file.Slice(FieldsLength, FieldsLength + storedLength));
        BinaryPrimitives.WriteUInt64LittleEndian(file[16..], storedChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(file[24..], XxHash3.HashToUInt64(original));
    }

    /// <summary>The most bytes a chunk file of <paramref name="contentLength"/> bytes can take under <paramref name="selector"/>.</summary>
    public static int GetMaxFileLength(CodecSelector selector, int contentLength) => HeaderLength + selector.GetMaxEncodedLength(contentLength);

    /// <summary>Encodes <paramref name="content"/> as <paramref name="selector"/> decides into a whole chunk file in <paramref name="file"/> (at least <see cref="GetMaxFileLength"/>).</summary>
    public static CodecDecision Encode(CodecSelector selector, ReadOnlySpan<byte> content, Span<byte> file, out int fileLength)
    {
        CodecDecision decision = selector.Encode(content, file[HeaderLength..]);
        fileLength = HeaderLength + decision.StoredLength;
        WriteHeader(file[..fileLength], decision.Codec, decision.Level, content.Length, decision.StoredLength, content);
        return decision;
    }

    /// <summary>
    /// Decodes stored bytes whose sum has been checked into <paramref name="destination"/> (the content's exact length) and
    /// checks the content's sum, and its SHA-256 against <paramref name="id"/> when asked; returns why it failed, or null.
    /// </summary>
    public static string? TryDecode(in ChunkHeader header, ReadOnlySpan<byte> stored, Span<byte> destination, ContentId id, bool verifyContentHash, out InvalidDataException? decoderError)
    {
        decoderError = null;
        try
        {
            Codec.ForDecoding(header.Codec).Decompress(stored, destination);
        }
        catch (InvalidDataException exception)
        {
            decoderError = exception;
            return exception.Message;
        }

        if (!ContentMatches(destination, header.ContentChecksum))
        {
            return "the decoded content's checksum does not match";
        }

        return verifyContentHash && !id.Matches(destination) ? "the content's SHA-256 does not match the chunk's name" : null;
    }

    /// <summary>Checks a header against the file's length; returns the fields, or the reason it is corrupt.</summary>
    public static string? TryParseHeader(ReadOnlySpan<byte> header, long fileLength, out ChunkHeader fields)
    {
        fields = default;
        if (fileLength < HeaderLength || header.Length < HeaderLength)
        {
            return $"truncated: {fileLength} bytes, shorter than the {HeaderLength}-byte header";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return "not a chunk file (bad magic)";
        }

        if (header[4] != Version)
        {
            return $"format version {header[4]}, this library reads {Version}";
        }

        int original = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        int stored = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (stored != fileLength - HeaderLength)
        {
            return $"truncated or extended: the header says {stored} stored bytes, the file holds {fileLength - HeaderLength}";
        }

        if (original < 0 || !Enum.IsDefined((CodecId)header[5]) || ((CodecId)header[5] == CodecId.Raw && stored != original))
        {
            return $"invalid header (codec {header[5]}, length {original}, stored {stored})";
        }

        fields = new ChunkHeader(
            (CodecId)header[5],
            original,
            stored,
            BinaryPrimitives.ReadUInt64LittleEndian(header[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
        return null;
    }

    /// <summary>
    /// Whether the header fields and the stored bytes match the header's first checksum; <paramref name="fieldsAndStored"/>
    /// is the header's first <see cref="FieldsLength"/> bytes followed by the stored bytes, in one span.
    /// </summary>
    public static bool StoredMatches(ReadOnlySpan<byte> fieldsAndStored, ulong checksum) => XxHash3.HashToUInt64(fieldsAndStored) == checksum;

    /// <summary>
    /// <see cref="StoredMatches(ReadOnlySpan{byte}, ulong)"/> for a file image that must not be modified (an image from a
    /// cache tier): the fields and the stored bytes are hashed as two pieces.
    /// </summary>
    public static bool ImageMatches(ReadOnlySpan<byte> image, ulong checksum)
    {
        var hash = new XxHash3();
        hash.Append(image[..FieldsLength]);
        hash.Append(image[HeaderLength..]);
        return hash.GetCurrentHashAsUInt64() == checksum;
    }

    public static bool ContentMatches(ReadOnlySpan<byte> content, ulong checksum) => XxHash3.HashToUInt64(content) == checksum;
}

/// <summary>The fields of a chunk header that passed <see cref="ChunkFormat.TryParseHeader"/>.</summary>
internal readonly record struct ChunkHeader(CodecId Codec, int OriginalLength, int StoredLength, ulong StoredChecksum, ulong ContentChecksum);
