using System.Buffers;
using Aios.Data.Storage;
using Microsoft.Win32.SafeHandles;

namespace Aios.Serving.Registry;

/// <summary>Registration: read and check every header, chunk and store the files, then commit a numbered version.</summary>
public sealed partial class ModelRegistry
{
    private const string SafetensorsExtension = ".safetensors";
    private const string ConfigFile = "config.json";
    private const int MaximumConfigBytes = 16 << 20;
    private const int WindowBytes = 4 << 20;

    /// <summary>
    /// Registers the files under <paramref name="directory"/> as the next version of <see cref="ModelRegistration.Name"/>:
    /// every safetensors header is read and checked first (a bad one fails the registration before anything is
    /// written); then each safetensors file is stored as its header's chunks followed by each tensor's chunks, cut by
    /// content-defined chunking within the tensor (so an unchanged tensor gives the same chunks whatever else changed),
    /// other files by content-defined chunking; then the manifest, the version's record, and the commit.
    /// </summary>
    /// <remarks>
    /// Files are listed as <c>aios data pack</c> lists them (<see cref="DatasetPacker.ListFiles(string, ICollection{SkippedFile})"/>):
    /// regular files only, in ordinal path order; symbolic links, FIFOs and devices are skipped and reported. A
    /// <c>config.json</c> at the top gives <see cref="ModelVersion.Architecture"/> when it holds the figures.
    /// </remarks>
    /// <param name="directory">The model's folder.</param>
    /// <param name="registration">The name, parent version and labels.</param>
    /// <param name="cancellationToken">Stops the registration; nothing becomes visible (chunks already stored stay, unreferenced).</param>
    /// <returns>The new version and what it added to the store.</returns>
    /// <exception cref="ArgumentException">An option of <paramref name="registration"/> is invalid.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> is not a folder.</exception>
    /// <exception cref="SafetensorsFormatException">A safetensors file is invalid (nothing was written).</exception>
    /// <exception cref="ModelNotFoundException">The parent version does not exist (nothing was written).</exception>
    /// <exception cref="IOException">A file changed while it was read, the lock stayed taken past the timeout, or the store failed.</exception>
    public async ValueTask<ModelRegistrationResult> RegisterAsync(string directory, ModelRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(registration);
        ModelRegistration request = registration.Snapshot();
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"'{directory}' is not a folder; register a model's folder (its safetensors, config and tokenizer files).");
        }

        var skipped = new List<SkippedFile>();
        List<(string FullPath, string RelativePath)> listed = DatasetPacker.ListFiles(directory, skipped);
        if (listed.Count == 0)
        {
            throw new IOException($"'{directory}' holds no files to register.");
        }

        if (request.ParentVersion is { } parent)
        {
            CheckParent((await ReadIndexAsync(cancellationToken).ConfigureAwait(false)).Index, request.Name, parent);
        }

        // Every header is read and checked before a single chunk is written: a hostile file leaves the store untouched.
        var files = new List<PendingFile>(listed.Count);
        try
        {
            foreach ((string fullPath, string relativePath) in listed)
            {
                files.Add(await OpenAsync(fullPath, relativePath, cancellationToken).ConfigureAwait(false));
            }

            ModelArchitecture? architecture = await ReadArchitectureAsync(files, cancellationToken).ConfigureAwait(false);
            using var writer = new ChunkWriter(Store, _chunker, _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount);
            var manifestFiles = new List<ManifestFile>(files.Count);
            var tensors = new List<TensorRecord>();
            try
            {
                foreach (PendingFile file in files)
                {
                    await StoreFileAsync(writer, file, cancellationToken).ConfigureAwait(false);
                }

                await writer.CompleteAsync().ConfigureAwait(false);
            }
            catch
            {
                await writer.AbandonAsync().ConfigureAwait(false);
                throw;
            }

            foreach (PendingFile file in files)
            {
                List<ManifestChunk> chunks = file.Ranges.SelectMany(r => r.Chunks(writer)).ToList();
                manifestFiles.Add(new ManifestFile(file.RelativePath, file.Length, chunks));
                foreach (PendingRange range in file.Ranges)
                {
                    if (range.Tensor is { } tensor)
                    {
                        tensors.Add(new TensorRecord
                        {
                            File = file.RelativePath,
                            Name = tensor.Name,
                            Dtype = tensor.Dtype,
                            Shape = [.. tensor.Shape],
                            Offset = range.Offset,
                            Length = range.Length,
                            Content = TensorContent(range.Chunks(writer)).ToString(),
                        });
                    }
                }
            }

            var manifest = new DatasetManifest { Chunking = "safetensors-tensors+" + _chunker, Files = manifestFiles };
            ContentId manifestId = Store.WriteManifest(manifest);
            VersionRecord record = BuildRecord(request, files, tensors, manifestId, architecture);
            (ModelVersion version, ContentId _) = await CommitAsync(async (index, token) =>
            {
                // Numbered under the lock from the index it will replace: two writers of one name never share a number.
                ModelEntry? entry = Find(index, request.Name);
                if (entry is null)
                {
                    entry = new ModelEntry { Name = request.Name };
                    index.Models.Add(entry);
                }

                if (request.ParentVersion is { } parentVersion)
                {
                    CheckParent(index, request.Name, parentVersion);
                }

                record.Version = entry.Versions.Count + 1;
                record.RegisteredAt = _options.TimeProvider.GetUtcNow();
                ContentId id = await WriteRecordAsync(record, RegistryJsonContext.Default.VersionRecord, token).ConfigureAwait(false);
                entry.Versions.Add(id.ToString());
                return (ToVersion(record, id, []), id);
            }, cancellationToken).ConfigureAwait(false);
            return new ModelRegistrationResult(version, writer.Chunks, writer.NewChunks, writer.NewBytes, writer.NewStoredBytes) { Skipped = skipped };
        }
        finally
        {
            foreach (PendingFile file in files)
            {
                file.Handle.Dispose();
            }
        }
    }

    private static void CheckParent(IndexRecord index, string name, int parent)
    {
        int count = Find(index, name)?.Versions.Count ?? 0;
        if (parent > count)
        {
            throw new ModelNotFoundException($"{name}@{parent}", count == 0
                ? $"the parent version does not exist ('{name}' has no versions yet)"
                : $"the parent version does not exist ('{name}' has versions 1 to {count})");
        }
    }

    private static VersionRecord BuildRecord(ModelRegistration request, List<PendingFile> files, List<TensorRecord> tensors, ContentId manifest, ModelArchitecture? architecture)
    {
        var record = new VersionRecord
        {
            Name = request.Name,
            Parent = request.ParentVersion,
            Manifest = manifest.ToString(),
            Architecture = architecture,
            Tensors = tensors,
        };
        foreach (KeyValuePair<string, string> label in request.Labels)
        {
            record.Labels[label.Key] = label.Value;
        }

        foreach (PendingFile file in files)
        {
            record.Files.Add(new FileRecord { Path = file.RelativePath, Length = file.Length, Safetensors = file.Header is not null, HeaderLength = file.Header?.HeaderLength });
            record.TotalBytes += file.Length;
            if (file.Header is { } header)
            {
                record.ParameterCount += header.ParameterCount;
                record.WeightBytes += header.DataLength;
                foreach (KeyValuePair<string, long> bytes in header.BytesByDtype)
                {
                    record.BytesByDtype[bytes.Key] = record.BytesByDtype.GetValueOrDefault(bytes.Key) + bytes.Value;
                }
            }
        }

        return record;
    }

    /// <summary>A tensor's content id: the SHA-256 of its chunks' ids in order (equal exactly when the bytes are, as the bytes alone decide the chunks).</summary>
    private static ContentId TensorContent(IEnumerable<ManifestChunk> chunks)
    {
        var ids = new List<byte>();
        Span<byte> id = stackalloc byte[ContentId.Length];
        foreach (ManifestChunk chunk in chunks)
        {
            chunk.Id.CopyTo(id);
            ids.AddRange(id);
        }

        return ContentId.Compute(ids.ToArray());
    }

    private static async ValueTask<PendingFile> OpenAsync(string fullPath, string relativePath, CancellationToken cancellationToken)
    {
        SafeFileHandle handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        try
        {
            long length = RandomAccess.GetLength(handle);
            var file = new PendingFile(relativePath, handle, length);
            if (relativePath.EndsWith(SafetensorsExtension, StringComparison.OrdinalIgnoreCase))
            {
                (SafetensorsHeader header, byte[] headerBytes) = await SafetensorsHeader.ReadAsync(handle, relativePath, cancellationToken).ConfigureAwait(false);
                file.Header = header;
                file.HeaderBytes = headerBytes;
                file.Ranges.Add(new PendingRange(null, 0, header.DataOffset));
                foreach (SafetensorsTensor tensor in header.Tensors)
                {
                    file.Ranges.Add(new PendingRange(tensor, header.DataOffset + tensor.Begin, tensor.Length));
                }
            }
            else
            {
                file.Ranges.Add(new PendingRange(null, 0, length));
            }

            return file;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static async ValueTask<ModelArchitecture?> ReadArchitectureAsync(List<PendingFile> files, CancellationToken cancellationToken)
    {
        PendingFile? config = files.Find(f => f.RelativePath == ConfigFile);
        if (config is null || config.Length > MaximumConfigBytes)
        {
            return null;
        }

        byte[] json = new byte[config.Length];
        int read = 0;
        while (read < json.Length)
        {
            int got = await RandomAccess.ReadAsync(config.Handle, json.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return ModelArchitecture.FromConfig(json.AsSpan(0, read));
    }

    /// <summary>Cuts each range of a file by content-defined chunking within the range, handing each chunk to the writer.</summary>
    private async ValueTask StoreFileAsync(ChunkWriter writer, PendingFile file, CancellationToken cancellationToken)
    {
        if (RandomAccess.GetLength(file.Handle) != file.Length)
        {
            throw new IOException($"'{file.RelativePath}' changed size while it was registered; register it again when it is complete.");
        }

        byte[] window = ArrayPool<byte>.Shared.Rent(WindowBytes);
        try
        {
            foreach (PendingRange range in file.Ranges)
            {
                range.FirstChunk = writer.Count;
                long position = range.Offset, end = range.Offset + range.Length;
                int filled = 0, start = 0;
                while (true)
                {
                    // Keep at least one maximum-length chunk in the window unless the range's end is in it.
                    bool final = position >= end;
                    if (!final && filled - start < _chunker.MaximumChunkLength)
                    {
                        if (start > 0)
                        {
                            Buffer.BlockCopy(window, start, window, 0, filled - start);
                            filled -= start;
                            start = 0;
                        }

                        int want = (int)Math.Min(window.Length - filled, end - position);
                        int got = await RandomAccess.ReadAsync(file.Handle, window.AsMemory(filled, want), position, cancellationToken).ConfigureAwait(false);
                        if (got == 0)
                        {
                            throw new IOException($"'{file.RelativePath}' ended early: it shrank while it was registered.");
                        }

                        filled += got;
                        position += got;
                        continue;
                    }

                    int cut = _chunker.NextChunkLength(window.AsSpan(start, filled - start), final);
                    if (cut == 0)
                    {
                        break; // the range is done (final and empty)
                    }

                    if (range.Tensor is null && file.HeaderBytes is { } checkedHeader
                        && !window.AsSpan(start, cut).SequenceEqual(checkedHeader.AsSpan((int)(position - (filled - start)), cut)))
                    {
                        // The header was rewritten between its check and now: what would be stored is not what was checked.
                        throw new IOException($"'{file.RelativePath}' changed while it was registered; register it again when it is complete.");
                    }

                    await writer.AddAsync(window.AsMemory(start, cut), cancellationToken).ConfigureAwait(false);
                    start += cut;
                }

                range.ChunkCount = writer.Count - range.FirstChunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    private sealed class PendingFile(string relativePath, SafeFileHandle handle, long length)
    {
        public string RelativePath { get; } = relativePath;

        public SafeFileHandle Handle { get; } = handle;

        public long Length { get; } = length;

        public SafetensorsHeader? Header { get; set; }

        /// <summary>The header's bytes as checked; the chunks stored for the header must be these.</summary>
        public byte[]? HeaderBytes { get; set; }

        public List<PendingRange> Ranges { get; } = [];
    }

    /// <summary>A byte range chunked on its own: a safetensors header, one tensor, or a whole other file.</summary>
    private sealed class PendingRange(SafetensorsTensor? tensor, long offset, long length)
    {
        public SafetensorsTensor? Tensor { get; } = tensor;

        public long Offset { get; } = offset;

        public long Length { get; } = length;

        public int FirstChunk { get; set; }

        public int ChunkCount { get; set; }

        public IEnumerable<ManifestChunk> Chunks(ChunkWriter writer)
        {
            for (int i = FirstChunk; i < FirstChunk + ChunkCount; i++)
            {
                yield return writer.Result(i);
            }
        }
    }
}
