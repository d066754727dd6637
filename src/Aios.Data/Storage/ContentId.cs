using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Aios.Data.Storage;

/// <summary>
/// The SHA-256 of some content: the name of a stored chunk or manifest. Equal content, equal id, on every machine, so
/// identical chunks are stored once across files and datasets.
/// </summary>
public readonly struct ContentId : IEquatable<ContentId>, IComparable<ContentId>, ISpanFormattable
{
    /// <summary>Bytes in an id (SHA-256).</summary>
    public const int Length = 32;

    /// <summary>Characters in the hexadecimal form.</summary>
    public const int HexLength = 64;

    private readonly Bytes _bytes;

    private ContentId(ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes);

    /// <summary>Computes the id of <paramref name="content"/>.</summary>
    /// <param name="content">The bytes.</param>
    /// <returns>Their SHA-256.</returns>
    public static ContentId Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA256.HashData(content, hash);
        return new ContentId(hash);
    }

    /// <summary>Creates an id from its 32 bytes.</summary>
    /// <param name="bytes">Exactly <see cref="Length"/> bytes.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static ContentId FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new ContentId(bytes) : throw new ArgumentException($"A content id is {Length} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>Parses the 64-character hexadecimal form (either case).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not 64 hexadecimal characters.</exception>
    public static ContentId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out ContentId id) ? id : throw new FormatException($"'{text}' is not a content id: 64 hexadecimal characters (a SHA-256) expected.");

    /// <summary>Tries to parse the 64-character hexadecimal form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id, when parsed.</param>
    /// <returns>Whether <paramref name="text"/> is an id.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentId id)
    {
        id = default;
        Span<byte> bytes = stackalloc byte[Length];
        if (text.Length != HexLength || Convert.FromHexString(text, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return false;
        }

        id = new ContentId(bytes);
        return true;
    }

    /// <summary>Copies the 32 bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <summary>Whether <paramref name="content"/> hashes to this id.</summary>
    /// <param name="content">The bytes.</param>
    /// <returns>True when SHA-256(<paramref name="content"/>) equals the id.</returns>
    public bool Matches(ReadOnlySpan<byte> content) => Compute(content) == this;

    /// <inheritdoc/>
    public bool Equals(ContentId other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ContentId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <inheritdoc/>
    public int CompareTo(ContentId other) => ((ReadOnlySpan<byte>)_bytes).SequenceCompareTo(other._bytes);

    /// <summary>Gets the lowercase hexadecimal form.</summary>
    /// <returns>64 characters.</returns>
    public override string ToString() => Convert.ToHexStringLower(_bytes);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        bool done = Convert.TryToHexStringLower(_bytes, destination, out charsWritten);
        return done;
    }

    /// <summary>Compares two ids.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(ContentId left, ContentId right) => left.Equals(right);

    /// <summary>Compares two ids.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ContentId left, ContentId right) => !left.Equals(right);

    /// <summary>Orders two ids bytewise.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ContentId left, ContentId right) => left.CompareTo(right) < 0;

    /// <summary>Orders two ids bytewise.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ContentId left, ContentId right) => left.CompareTo(right) > 0;

    /// <summary>Orders two ids bytewise.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> does not sort last.</returns>
    public static bool operator <=(ContentId left, ContentId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two ids bytewise.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> does not sort first.</returns>
    public static bool operator >=(ContentId left, ContentId right) => left.CompareTo(right) >= 0;

    [InlineArray(Length)]
    private struct Bytes
    {
        private byte _element;
    }
}
