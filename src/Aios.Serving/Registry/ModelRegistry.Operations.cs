using System.Buffers;
using System.Buffers.Binary;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>Diff, export and verify.</summary>
public sealed partial class ModelRegistry
{
    /// <summary>
    /// Compares two versions: tensors added, removed, changed and unchanged (by name; a tensor is unchanged when its
    /// bytes, dtype and shape are), other files changed, and how many of <paramref name="to"/>'s bytes sit in chunks
    /// <paramref name="from"/> already has.
    /// </summary>
    /// <param name="from">The older reference (<c>name@1</c>).</param>
    /// <param name="to">The newer reference (<c>name@2</c>, or another model's).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>The differences.</returns>
    /// <exception cref="FormatException">A reference does not parse.</exception>
    /// <exception cref="ModelNotFoundException">A reference names nothing registered.</exception>
    /// <exception cref="ModelRegistryCorruptException">A record failed verification.</exception>
    /// <exception cref="ChunkCorruptException">A manifest failed verification.</exception>
    public async ValueTask<ModelDiff> DiffAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        ModelVersion older = await ResolveAsync(from, cancellationToken).ConfigureAwait(false);
        ModelVersion newer = await ResolveAsync(to, cancellationToken).ConfigureAwait(false);
        var before = new Dictionary<string, ModelTensor>(StringComparer.Ordinal);
        foreach (ModelTensor tensor in older.Tensors)
        {
            before.TryAdd(tensor.Name, tensor); // names are unique within a model; a duplicate across shards keeps the first
        }

        var added = new List<string>();
        var changed = new List<string>();
        int unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ModelTensor tensor in newer.Tensors)
        {
            if (!seen.Add(tensor.Name))
            {
                continue;
            }

            if (!before.TryGetValue(tensor.Name, out ModelTensor? old))
            {
                added.Add(tensor.Name);
            }
            else if (old.Content == tensor.Content && old.Dtype == tensor.Dtype && old.Shape.SequenceEqual(tensor.Shape))
            {
                unchanged++;
            }
            else
            {
                changed.Add(tensor.Name);
            }
        }

        List<string> removed = [.. before.Keys.Where(name => !seen.Contains(name))];
        DatasetManifest oldManifest = await Store.ReadManifestAsync(older.Manifest, cancellationToken).ConfigureAwait(false);
        DatasetManifest newManifest = await Store.ReadManifestAsync(newer.Manifest, cancellationToken).ConfigureAwait(false);
        var oldChunks = new HashSet<ContentId>(oldManifest.Files.SelectMany(f => f.Chunks).Select(c => c.Id));
        long shared = 0, fresh = 0;
        foreach (ManifestChunk chunk in newManifest.Files.SelectMany(f => f.Chunks))
        {
            if (oldChunks.Contains(chunk.Id))
            {
                shared += chunk.Length;
            }
            else
            {
                fresh += chunk.Length;
            }
        }

        var oldFiles = oldManifest.Files.Where(f => !IsSafetensors(older, f.Path)).ToDictionary(f => f.Path, f => f, StringComparer.Ordinal);
        var newFiles = newManifest.Files.Where(f => !IsSafetensors(newer, f.Path)).ToDictionary(f => f.Path, f => f, StringComparer.Ordinal);
        List<string> changedFiles = [.. oldFiles.Keys.Union(newFiles.Keys).Where(path =>
            !oldFiles.TryGetValue(path, out ManifestFile? a) || !newFiles.TryGetValue(path, out ManifestFile? b) || !a.Chunks.SequenceEqual(b.Chunks))];
        added.Sort(StringComparer.Ordinal);
        changed.Sort(StringComparer.Ordinal);
        removed.Sort(StringComparer.Ordinal);
        changedFiles.Sort(StringComparer.Ordinal);
        return new ModelDiff(older.Reference, newer.Reference, added, removed, changed, unchanged, changedFiles, shared, fresh);
    }

    private static bool IsSafetensors(ModelVersion version, string path) => version.Files.Any(f => f.Path == path && f.IsSafetensors);

    /// <summary>
    /// Restores a version's files byte for byte into <paramref name="outputDirectory"/>, with every chunk verified, under
    /// the rules of <see cref="DatasetPacker.UnpackAsync"/>: nothing outside the folder, no symbolic link followed below it,
    /// no existing file replaced unless <paramref name="overwrite"/>, no partial file under a final name.
    /// </summary>
    /// <param name="reference">The version (<c>name@production</c>, <c>name@3</c>, <c>name</c>).</param>
    /// <param name="outputDirectory">The folder (created when absent).</param>
    /// <param name="overwrite">Whether existing files may be replaced (atomically, by rename).</param>
    /// <param name="cancellationToken">Stops the export; temporary files are removed.</param>
    /// <returns>The version exported.</returns>
    /// <exception cref="ModelNotFoundException">The reference names nothing registered.</exception>
    /// <exception cref="ChunkCorruptException">A chunk or the manifest failed verification.</exception>
    /// <exception cref="IOException">A target exists (without <paramref name="overwrite"/>), a folder on a path is a symbolic link, or the output cannot be written.</exception>
    public async ValueTask<ModelVersion> ExportAsync(string reference, string outputDirectory, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ModelVersion version = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        await DatasetPacker.UnpackAsync(Store, version.Manifest, outputDirectory, new DatasetUnpackOptions { Overwrite = overwrite, MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, cancellationToken)
            .ConfigureAwait(false);
        return version;
    }

    /// <summary>
    /// Reads back everything a version is made of and checks it: its record and manifest (against their SHA-256 names),
    /// every chunk (checksums and SHA-256), each file's length, each safetensors header parsed again from the stored bytes
    /// and compared with the record, and each tensor's chunks (aligned to its bytes, with the content id recorded).
    /// </summary>
    /// <param name="reference">The version.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>What was checked and what failed.</returns>
    /// <exception cref="ModelNotFoundException">The reference names nothing registered.</exception>
    /// <exception cref="ModelRegistryCorruptException">The version's record failed verification.</exception>
    public async ValueTask<ModelVerification> VerifyAsync(string reference, CancellationToken cancellationToken = default)
    {
        ModelVersion version = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        DatasetManifest manifest;
        try
        {
            manifest = await Store.ReadManifestAsync(version.Manifest, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ChunkCorruptException or ChunkNotFoundException)
        {
            return new ModelVerification(version.Reference, 0, 0, [exception.Message]);
        }

        int chunks = 0;
        foreach (ModelFile file in version.Files)
        {
            ManifestFile? stored = manifest.Files.FirstOrDefault(f => f.Path == file.Path);
            if (stored is null || stored.Length != file.Length)
            {
                problems.Add($"{file.Path}: the manifest does not list it with {file.Length} bytes");
                continue;
            }

            // Chunk offsets, and the header's bytes (the header is the file's first bytes) to parse again.
            var offsets = new Dictionary<long, int>();
            long offset = 0;
            byte[]? header = null;
            long headerBytes = file.IsSafetensors ? Math.Min(file.Length, SafetensorsHeader.LengthPrefixBytes + SafetensorsHeader.MaximumHeaderLength) : 0;
            for (int i = 0; i < stored.Chunks.Count; i++)
            {
                ManifestChunk chunk = stored.Chunks[i];
                offsets[offset] = i;
                chunks++;
                byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunk.Length, 1));
                try
                {
                    int length = await Store.ReadAsync(chunk.Id, buffer, cancellationToken).ConfigureAwait(false);
                    if (length != chunk.Length || !chunk.Id.Matches(buffer.AsSpan(0, length)))
                    {
                        problems.Add($"{file.Path}: chunk {chunk.Id} does not hold the bytes its name promises");
                    }
                    else if (offset < headerBytes)
                    {
                        if (offset == 0 && length >= SafetensorsHeader.LengthPrefixBytes)
                        {
                            // The header is 8 + N bytes: keep those, not the whole file.
                            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
                            headerBytes = (long)Math.Min((ulong)headerBytes, Math.Min(declared, (ulong)SafetensorsHeader.MaximumHeaderLength) + SafetensorsHeader.LengthPrefixBytes);
                        }

                        header ??= new byte[(int)Math.Min(headerBytes, int.MaxValue)];
                        int take = (int)Math.Min(length, header.Length - offset);
                        buffer.AsSpan(0, take).CopyTo(header.AsSpan((int)offset));
                    }
                }
                catch (Exception exception) when (exception is ChunkCorruptException or ChunkNotFoundException)
                {
                    problems.Add($"{file.Path}: {exception.Message}");
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                offset += chunk.Length;
            }

            offsets[offset] = stored.Chunks.Count;
            if (file.IsSafetensors && header is not null)
            {
                CheckTensors(version, file, stored, offsets, header, problems);
            }
        }

        return new ModelVerification(version.Reference, version.Files.Count, chunks, problems);
    }

    private static void CheckTensors(ModelVersion version, ModelFile file, ManifestFile stored, Dictionary<long, int> offsets, byte[] header, List<string> problems)
    {
        if (!SafetensorsHeader.TryParse(header, file.Length, out SafetensorsHeader? parsed, out string? problem))
        {
            problems.Add($"{file.Path}: the stored header no longer parses: {problem}");
            return;
        }

        List<ModelTensor> recorded = [.. version.Tensors.Where(t => t.File == file.Path)];
        if (recorded.Count != parsed.Tensors.Count)
        {
            problems.Add($"{file.Path}: the stored header lists {parsed.Tensors.Count} tensors, the record {recorded.Count}");
            return;
        }

        for (int i = 0; i < recorded.Count; i++)
        {
            ModelTensor tensor = recorded[i];
            SafetensorsTensor header2 = parsed.Tensors[i];
            if (header2.Name != tensor.Name || header2.Dtype != tensor.Dtype || parsed.DataOffset + header2.Begin != tensor.Offset || header2.Length != tensor.Length)
            {
                problems.Add($"{file.Path}: tensor '{tensor.Name}' differs between the stored header and the record");
                continue;
            }

            if (!offsets.TryGetValue(tensor.Offset, out int first) || !offsets.TryGetValue(tensor.Offset + tensor.Length, out int last))
            {
                problems.Add($"{file.Path}: tensor '{tensor.Name}' does not start and end on chunk boundaries");
                continue;
            }

            if (TensorContent(stored.Chunks.Skip(first).Take(last - first)) != tensor.Content)
            {
                problems.Add($"{file.Path}: tensor '{tensor.Name}' has chunks other than the record's");
            }
        }
    }
}
