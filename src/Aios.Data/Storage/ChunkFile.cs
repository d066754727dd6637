using System.Buffers;
using Aios.Data.Compression;

namespace Aios.Data.Storage;

/// <summary>
/// Chunk file images in memory: the bytes a <see cref="ChunkStore"/> keeps in one chunk file (header and stored bytes),
/// as shipped between cache tiers (a Redis value, a file on a share) and checked on arrival.
/// </summary>
public static class ChunkFile
{
    /// <summary>
    /// Encodes <paramref name="content"/> as a chunk file image, compressed as <paramref name="selector"/> decides; the
    /// image records the content's SHA-256, computed here, as the chunk it holds.
    /// </summary>
    /// <param name="content">The chunk's content.</param>
    /// <param name="selector">The selector; <see cref="CodecSelector.Default"/> when null.</param>
    /// <returns>The image.</returns>
    public static byte[] Encode(ReadOnlySpan<byte> content, CodecSelector? selector = null) => Encode(ContentId.Compute(content), content, selector);

    /// <summary>
    /// Encodes a chunk whose id is already proven (computed from these bytes, or checked by a verified read): the image
    /// records <paramref name="id"/>, and every later read trusts it.
    /// </summary>
    internal static byte[] Encode(ContentId id, ReadOnlySpan<byte> content, CodecSelector? selector)
    {
        selector ??= CodecSelector.Default;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkFormat.GetMaxFileLength(selector, content.Length));
        try
        {
            _ = ChunkFormat.Encode(selector, id, content, buffer, out int fileLength);
            return buffer.AsSpan(0, fileLength).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Checks that an image holds chunk <paramref name="id"/> (the id in its header) and its header and stored bytes
    /// (not the decoded content), without decoding it.
    /// </summary>
    /// <param name="id">The chunk the image should hold.</param>
    /// <param name="image">The image.</param>
    /// <returns>Null when it is well formed and holds <paramref name="id"/>, else why not.</returns>
    public static string? Check(ContentId id, ReadOnlySpan<byte> image)
    {
        string? problem = ChunkFormat.TryParseHeader(image, image.Length, id, out ChunkHeader header);
        if (problem is not null)
        {
            return problem;
        }

        return ChunkFormat.ImageMatches(image, header.StoredChecksum) ? null : "the checksum of the stored bytes does not match";
    }

    /// <summary>Gets the content length the header of an image of chunk <paramref name="id"/> gives.</summary>
    /// <param name="id">The chunk the image should hold.</param>
    /// <param name="image">The image.</param>
    /// <returns>The length.</returns>
    /// <exception cref="InvalidDataException">The header is malformed or names another chunk.</exception>
    public static int GetContentLength(ContentId id, ReadOnlySpan<byte> image)
    {
        string? problem = ChunkFormat.TryParseHeader(image, image.Length, id, out ChunkHeader header);
        return problem is null ? header.OriginalLength : throw new InvalidDataException(problem);
    }

    /// <summary>Checks and decodes an image of chunk <paramref name="id"/> into a new array.</summary>
    /// <param name="id">The chunk the image should hold.</param>
    /// <param name="image">The image.</param>
    /// <param name="source">Where the image came from (named in the exception).</param>
    /// <param name="verifyContentHash">Also check the content's SHA-256 against <paramref name="id"/> — for shared tiers any writer can fill.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ChunkCorruptException">The image fails a check: it is never returned as content.</exception>
    public static byte[] Decode(ContentId id, ReadOnlySpan<byte> image, string source, bool verifyContentHash = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        string? problem = ChunkFormat.TryParseHeader(image, image.Length, id, out ChunkHeader header);
        if (problem is not null)
        {
            throw new ChunkCorruptException(id, source, problem);
        }

        ReadOnlySpan<byte> stored = image[ChunkFormat.HeaderLength..];
        if (!ChunkFormat.ImageMatches(image, header.StoredChecksum))
        {
            throw new ChunkCorruptException(id, source, "the checksum of the stored bytes does not match");
        }

        byte[] content = GC.AllocateUninitializedArray<byte>(header.OriginalLength);
        problem = ChunkFormat.TryDecode(header, stored, content, id, verifyContentHash, out InvalidDataException? decoderError);
        if (problem is not null)
        {
            throw new ChunkCorruptException(id, source, problem, decoderError);
        }

        return content;
    }
}
