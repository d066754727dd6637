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
/// XXH3 runs at tens of GB/s, so every read checks both sums; the SHA-256 name is checked by <c>Verify</c>.
/// </remarks>
internal static class ChunkFormat
{
    public const int HeaderLength = 32;
    public const byte Version = 1;
    private const uint Magic = 0x434F4941; // "AIOC" little-endian

    public static void WriteHeader(Span<byte> header, CodecId codec, int level, int originalLength, ReadOnlySpan<byte> stored, ReadOnlySpan<byte> original)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        header[4] = Version;
        header[5] = (byte)codec;
        header[6] = unchecked((byte)(sbyte)level);
        header[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], originalLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], stored.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], StoredChecksum(header[..16], stored));
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], XxHash3.HashToUInt64(original));
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

    /// <summary>Whether the stored bytes (and the header fields before the sums) match the header's first checksum.</summary>
    public static bool StoredMatches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> stored, ulong checksum) => StoredChecksum(header[..16], stored) == checksum;

    public static bool ContentMatches(ReadOnlySpan<byte> content, ulong checksum) => XxHash3.HashToUInt64(content) == checksum;

    private static ulong StoredChecksum(ReadOnlySpan<byte> headerStart, ReadOnlySpan<byte> stored)
    {
        var hash = new XxHash3();
        hash.Append(headerStart);
        hash.Append(stored);
        return hash.GetCurrentHashAsUInt64();
    }
}

/// <summary>The fields of a chunk header that passed <see cref="ChunkFormat.TryParseHeader"/>.</summary>
internal readonly record struct ChunkHeader(CodecId Codec, int OriginalLength, int StoredLength, ulong StoredChecksum, ulong ContentChecksum);
