using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aios.Data.Storage;

/// <summary>
/// One version of a dataset: its files and, for each, the chunks that make it up. Stored as canonical JSON named by its
/// SHA-256, so a manifest is content-addressed like its chunks: the same dataset packed the same way gets the same id.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>The format this library writes and reads.</summary>
    public const string CurrentFormat = "aios-manifest/1";

    /// <summary>Gets the format tag.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>Gets how the files were chunked (the chunker's description, e.g. <c>cdc(16384/65536/262144, level 2)</c>, <c>fixed(65536)</c>).</summary>
    public required string Chunking { get; init; }

    /// <summary>Gets the files, ordered by path (ordinal).</summary>
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>Gets the total length of all files.</summary>
    [JsonIgnore]
    public long TotalLength
    {
        get
        {
            long total = 0;
            foreach (ManifestFile file in Files)
            {
                total += file.Length;
            }

            return total;
        }
    }

    /// <summary>Serializes the manifest as its canonical UTF-8 JSON (the bytes its id is computed from).</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">A file's length is not the sum of its chunks, or its path is not a safe relative path.</exception>
    public byte[] ToUtf8Json()
    {
        ValidatePaths(Files);
        return JsonSerializer.SerializeToUtf8Bytes(this, DataJsonContext.Default.DatasetManifest);
    }

    /// <summary>Parses a manifest from its JSON and checks it.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The JSON is not a valid manifest of <see cref="CurrentFormat"/>.</exception>
    public static DatasetManifest FromUtf8Json(ReadOnlySpan<byte> json)
    {
        DatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, DataJsonContext.Default.DatasetManifest);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Not a dataset manifest: {exception.Message}", exception);
        }

        if (manifest is null || manifest.Format != CurrentFormat || manifest.Files is null)
        {
            throw new InvalidDataException($"Not a dataset manifest of format {CurrentFormat}.");
        }

        try
        {
            ValidatePaths(manifest.Files);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException(exception.Message, exception);
        }

        return manifest;
    }

    /// <summary>The longest name one path segment may have, in UTF-8 bytes (<c>NAME_MAX</c> on Linux and macOS).</summary>
    public const int MaximumSegmentBytes = 255;

    /// <summary>The longest manifest path, in UTF-8 bytes (<c>PATH_MAX</c> less its terminating NUL).</summary>
    public const int MaximumPathBytes = 4095;

    /// <summary>
    /// Whether <paramref name="path"/> is a safe relative path: not empty, not rooted, <c>/</c> separators only, no empty,
    /// <c>.</c> or <c>..</c> segments, no NUL or backslash, valid UTF-16 (no lone surrogates), at most
    /// <see cref="MaximumSegmentBytes"/> UTF-8 bytes per segment and <see cref="MaximumPathBytes"/> in all.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <returns>True when it may be written under an output folder.</returns>
    public static bool IsSafeRelativePath(string path) => GetPathProblem(path) is null;

    /// <summary>Why <paramref name="path"/> is not a safe relative path (see <see cref="IsSafeRelativePath"/>), or null when it is.</summary>
    /// <param name="path">The path.</param>
    /// <returns>A sentence naming the rule it breaks, or null.</returns>
    public static string? GetPathProblem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path[0] == '/' || Path.IsPathRooted(path))
        {
            return "the path is absolute (manifest paths are relative to the output folder)";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path contains a backslash (manifest paths use '/' separators)";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "the path contains a NUL character";
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(path);
        }
        catch (System.Text.EncoderFallbackException)
        {
            return "the path is not valid Unicode (a lone surrogate)";
        }

        if (bytes > MaximumPathBytes)
        {
            return $"the path is {bytes} bytes long in UTF-8; at most {MaximumPathBytes}";
        }

        foreach (Range segment in path.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> part = path.AsSpan()[segment];
            if (part.IsEmpty)
            {
                return "the path has an empty segment ('//' or a trailing '/')";
            }

            if (part.SequenceEqual(".") || part.SequenceEqual(".."))
            {
                return $"the path has a '{part}' segment (it could leave the output folder)";
            }

            int segmentBytes = StrictUtf8.GetByteCount(part);
            if (segmentBytes > MaximumSegmentBytes)
            {
                return $"a segment is {segmentBytes} bytes long in UTF-8; at most {MaximumSegmentBytes} (NAME_MAX)";
            }
        }

        return null;
    }

    /// <summary>
    /// Checks every path of <paramref name="files"/> (<see cref="GetPathProblem"/>) and that together they can exist in one
    /// folder: no path twice, and no path that is also another's folder (<c>a</c> and <c>a/b</c>).
    /// </summary>
    /// <param name="files">The files.</param>
    /// <exception cref="ArgumentException">A path is unsafe, repeated, or both a file and a folder; the message names it.</exception>
    public static void ValidatePaths(IReadOnlyList<ManifestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = new HashSet<string>(files.Count, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestFile file in files)
        {
            Validate(file);
            if (!names.Add(file.Path))
            {
                throw new ArgumentException($"The manifest names '{file.Path}' twice.", nameof(files));
            }

            for (int slash = file.Path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = file.Path.IndexOf('/', slash + 1))
            {
                folders.Add(file.Path[..slash]);
            }
        }

        foreach (string folder in folders)
        {
            if (names.Contains(folder))
            {
                throw new ArgumentException($"The manifest names '{folder}' as a file and as the folder of another file.", nameof(files));
            }
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The path for a message: control characters escaped, long paths shortened.</summary>
    private static string Printable(string? path)
    {
        if (path is null)
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder(Math.Min(path.Length, 200));
        foreach (char c in path.Length > 200 ? string.Concat(path.AsSpan(0, 200), "…") : path)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }

    private static void Validate(ManifestFile file)
    {
        if (file is null || file.Chunks is null)
        {
            throw new ArgumentException("The manifest has a file without a path or chunks.", nameof(file));
        }

        if (GetPathProblem(file.Path) is string problem)
        {
            throw new ArgumentException($"The manifest path '{Printable(file.Path)}' is not a safe relative path: {problem}.", nameof(file));
        }

        long total = 0;
        foreach (ManifestChunk chunk in file.Chunks)
        {
            if (chunk.Length <= 0)
            {
                throw new ArgumentException($"'{file.Path}' has a chunk of length {chunk.Length}; chunk lengths are ≥ 1.", nameof(file));
            }

            total += chunk.Length;
        }

        if (total != file.Length)
        {
            throw new ArgumentException($"'{file.Path}' says {file.Length} bytes but its chunks hold {total}.", nameof(file));
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Format = {Format}, Chunking = {Chunking}, Files = {Printing.List(Files)}, TotalLength = {TotalLength}");
        return true;
    }
}
