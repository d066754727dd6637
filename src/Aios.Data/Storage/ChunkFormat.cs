using System.Buffers.Binary;
using System.IO.Hashing;
using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>
/// The stored chunk file: a 64-byte self-describing header that names the chunk it holds, then the stored bytes.
/// </summary>
/// <remarks>
/// <code>
/// offset size field
///  0     4    magic "AIOC"
///  4     1    format version (2)
///  5     1    codec (CodecId)
///  6     1    codec level (signed)
///  7     1    reserved, 0
///  8     4    original length, little-endian
/// 12     4    stored length, little-endian (= file length − 64)
/// 16     8    XXH3-64 of header bytes 0–15, then bytes 32–63 (the id), then the stored bytes
/// 24     8    XXH3-64 of the original content (checks the decoder's output)
/// 32    32    the chunk's id: the SHA-256 of the original content, as the writer computed it
/// </code>
/// <para>Every read checks the id against the name asked for and both sums (XXH3 in one call runs at about 40 GB/s):
/// together the sums cover every byte of the file, so any flipped bit fails the read, whereas either alone leaves the
/// other's 8 bytes unchecked. The id inside the summed bytes is what proves the file belongs to the name: a valid chunk
/// file copied or renamed over another (a swap, a misdirected write, a cache tier keyed wrongly) carries its own id and
/// is refused, at the cost of one 32-byte comparison — not a SHA-256 of the content (about 2 GB/s with SHA-NI, ten
/// times the decoder's cost), which <c>Verify</c> and <c>VerifyContentHashOnRead</c> still compute.</para>
/// <para>The first sum is taken over bytes 0–15, the id and the stored bytes as one span — the fields are copied over the
/// sums' slot, next to the id — because <see cref="XxHash3.Append(ReadOnlySpan{byte})"/> over pieces runs at half the
/// speed. Version 1 files (a 32-byte header without the id) are refused with a message to re-pack: they cannot prove
/// which chunk they hold.</para>
/// </remarks>
internal static class ChunkFormat
{
    public const int HeaderLength = 64;
    public const byte Version = 2;

    /// <summary>The header bytes before the sums (magic to stored length), which the first sum also covers.</summary>
    public const int FieldsLength = 16;

    /// <summary>Where the chunk's id sits in the header.</summary>
    public const int IdOffset = 32;
    private const uint Magic = 0x434F4941; // "AIOC" little-endian

    /// <summary>
    /// Fills in the header of <paramref name="file"/>, whose stored bytes already follow it (at <see cref="HeaderLength"/>).
    /// </summary>
    public static void WriteHeader(Span<byte> file, ContentId id, CodecId codec, int level, int originalLength, int storedLength, ReadOnlySpan<byte> original)
    {
        id.CopyTo(file[IdOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(file, Magic);
        file[4] = Version;
        file[5] = (byte)codec;
        file[6] = unchecked((byte)(sbyte)level);
        file[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(file[8..], originalLength);
        BinaryPrimitives.WriteInt32LittleEndian(file[12..], storedLength);

        // The sums' own slot holds a copy of the fields while the first sum is taken, so that the fields, the id and the
        // stored bytes are one span: XXH3 in one call runs about twice as fast as XxHash3.Append over pieces.
        file[..FieldsLength].CopyTo(file[FieldsLength..]);
        ulong storedChecksum = XxHash3.HashToUInt64(file.Slice(FieldsLength, HeaderLength - FieldsLength + storedLength));
        BinaryPrimitives.WriteUInt64LittleEndian(file[16..], storedChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(file[24..], XxHash3.HashToUInt64(original));
    }

    /// <summary>The most bytes a chunk file of <paramref name="contentLength"/> bytes can take under <paramref name="selector"/>.</summary>
    public static int GetMaxFileLength(CodecSelector selector, int contentLength) => HeaderLength + selector.GetMaxEncodedLength(contentLength);

    /// <summary>Encodes <paramref name="content"/> as <paramref name="selector"/> decides into a whole chunk file in <paramref name="file"/> (at least <see cref="GetMaxFileLength"/>).</summary>
    public static CodecDecision Encode(CodecSelector selector, ContentId id, ReadOnlySpan<byte> content, Span<byte> file, out int fileLength)
    {
        CodecDecision decision = selector.Encode(content, file[HeaderLength..]);
        fileLength = HeaderLength + decision.StoredLength;
        WriteHeader(file[..fileLength], id, decision.Codec, decision.Level, content.Length, decision.StoredLength, content);
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

    /// <summary>
    /// Checks a header against the file's length and the id it should name; returns the fields, or the reason it is corrupt.
    /// The id and lengths are trusted only once the stored sum has been checked too.
    /// </summary>
    public static string? TryParseHeader(ReadOnlySpan<byte> header, long fileLength, ContentId expected, out ChunkHeader fields)
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
            return header[4] == 1
                ? "format version 1, which does not record the chunk's id: re-pack the data with this version"
                : $"format version {header[4]}, this library reads {Version}";
        }

        ContentId named = ContentId.FromBytes(header.Slice(IdOffset, ContentId.Length));
        if (named != expected)
        {
            return $"the file holds chunk {named}, not the chunk its name asks for (a chunk file copied or moved over another)";
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
    /// Whether the header fields, the id and the stored bytes match the header's first checksum;
    /// <paramref name="fieldsAndStored"/> is the header's first <see cref="FieldsLength"/> bytes followed by the id and the
    /// stored bytes, in one span.
    /// </summary>
    public static bool StoredMatches(ReadOnlySpan<byte> fieldsAndStored, ulong checksum) => XxHash3.HashToUInt64(fieldsAndStored) == checksum;

    /// <summary>
    /// <see cref="StoredMatches(ReadOnlySpan{byte}, ulong)"/> for a file image that must not be modified (an image from a
    /// cache tier): the fields and the id with the stored bytes are hashed as two pieces.
    /// </summary>
    public static bool ImageMatches(ReadOnlySpan<byte> image, ulong checksum)
    {
        var hash = new XxHash3();
        hash.Append(image[..FieldsLength]);
        hash.Append(image[IdOffset..]);
        return hash.GetCurrentHashAsUInt64() == checksum;
    }

    public static bool ContentMatches(ReadOnlySpan<byte> content, ulong checksum) => XxHash3.HashToUInt64(content) == checksum;
}

/// <summary>The fields of a chunk header that passed <see cref="ChunkFormat.TryParseHeader"/>.</summary>
internal readonly record struct ChunkHeader(CodecId Codec, int OriginalLength, int StoredLength, ulong StoredChecksum, ulong ContentChecksum);
