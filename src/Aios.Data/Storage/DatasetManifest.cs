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
        foreach (ManifestFile file in Files)
        {
            Validate(file);
        }

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

        foreach (ManifestFile file in manifest.Files)
        {
            try
            {
                Validate(file);
            }
            catch (ArgumentException exception)
            {
                throw new InvalidDataException(exception.Message, exception);
            }
        }

        return manifest;
    }

    /// <summary>Whether <paramref name="path"/> is a safe relative path: not empty, not rooted, no <c>.</c> or <c>..</c> segments, <c>/</c> separators.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when it may be written under an output folder.</returns>
    public static bool IsSafeRelativePath(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(path))
        {
            return false;
        }

        foreach (Range segment in path.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> part = path.AsSpan()[segment];
            if (part.IsEmpty || part.SequenceEqual(".") || part.SequenceEqual(".."))
            {
                return false;
            }
        }

        return true;
    }

    private static void Validate(ManifestFile file)
    {
        if (file is null || file.Chunks is null || !IsSafeRelativePath(file.Path))
        {
            throw new ArgumentException($"The manifest path '{file?.Path}' is not a safe relative path (no root, no '.' or '..', '/' separators).", nameof(file));
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
}
