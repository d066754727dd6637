using System.Buffers;
using Aios.Data.Chunking;

namespace Aios.Data.Storage;

/// <summary>
/// Ingests files into a <see cref="ChunkStore"/> as a dataset version (chunks + manifest), and restores them byte for
/// byte.
/// </summary>
public static class DatasetPacker
{
    /// <summary>
    /// Chunks every file under <paramref name="source"/> (or the file itself), stores the chunks — hashing, compressing and
    /// writing on up to <paramref name="maxDegreeOfParallelism"/> threads while the next chunks are read — then writes
    /// the manifest. Files are ordered by their relative path; hidden files are included, symbolic links are skipped.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="source">A file or folder.</param>
    /// <param name="chunker">How files are cut; <see cref="Chunker.CreateContentDefined"/> with defaults when null.</param>
    /// <param name="maxDegreeOfParallelism">Chunks in flight at once; 1 ≤ it ≤ 256; the processor count when null.</param>
    /// <param name="cancellationToken">Stops the pack; chunks already stored stay (they are valid), no manifest is written.</param>
    /// <returns>The manifest's id and the totals.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is empty.</exception>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is out of range.</exception>
    public static async ValueTask<DatasetPackResult> PackAsync(
        ChunkStore store,
        string source,
        Chunker? chunker = null,
        int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        int parallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(maxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, 256, nameof(maxDegreeOfParallelism));
        chunker ??= Chunker.CreateContentDefined();
        List<(string FullPath, string RelativePath)> files = ListFiles(source);

        using var slots = new SemaphoreSlim(parallelism);
        var manifestFiles = new List<ManifestFile>(files.Count);
        var unique = new Dictionary<ContentId, long>();
        long bytes = 0;
        int chunks = 0, newChunks = 0;
        long newStored = 0;
        foreach ((string fullPath, string relativePath) in files)
        {
            var pending = new List<Task<ChunkWriteResult>>();
            try
            {
                var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                await using (stream.ConfigureAwait(false))
                {
                    await foreach (ContentChunk chunk in chunker.ChunkAsync(stream, cancellationToken).ConfigureAwait(false))
                    {
                        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                        byte[] copy = ArrayPool<byte>.Shared.Rent(chunk.Length);
                        chunk.Data.CopyTo(copy);
                        int length = chunk.Length;
                        pending.Add(Task.Run(
                            () =>
                            {
                                try
                                {
                                    return store.Write(copy.AsSpan(0, length));
                                }
                                finally
                                {
                                    ArrayPool<byte>.Shared.Return(copy);
                                    slots.Release();
                                }
                            },
                            CancellationToken.None));
                    }
                }
            }
            finally
            {
                // Never leave writes running behind a failure: they hold pooled buffers and the semaphore.
                await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var fileChunks = new ManifestChunk[pending.Count];
            long fileLength = 0;
            for (int i = 0; i < pending.Count; i++)
            {
                ChunkWriteResult result = await pending[i].ConfigureAwait(false);
                fileChunks[i] = new ManifestChunk(result.Id, result.Length);
                fileLength += result.Length;
                if (!result.Deduplicated)
                {
                    newChunks++;
                    newStored += result.StoredLength;
                }

                unique.TryAdd(result.Id, result.StoredLength);
            }

            chunks += fileChunks.Length;
            bytes += fileLength;
            manifestFiles.Add(new ManifestFile(relativePath, fileLength, fileChunks));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var manifest = new DatasetManifest { Chunking = chunker.ToString()!, Files = manifestFiles };
        ContentId id = store.WriteManifest(manifest);
        long stored = 0;
        foreach (long length in unique.Values)
        {
            stored += length;
        }

        return new DatasetPackResult(id, files.Count, bytes, chunks, unique.Count, stored, newChunks, newStored);
    }

    /// <summary>
    /// Restores a dataset version under <paramref name="outputDirectory"/>: every chunk read is verified, each file is
    /// written to a temporary name and renamed when complete, so a failed unpack never leaves a file that looks whole.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="manifest">The manifest's id.</param>
    /// <param name="outputDirectory">The folder to restore into (created when absent); existing files of the same names are replaced.</param>
    /// <param name="cancellationToken">Stops between chunks.</param>
    /// <returns>The manifest that was restored.</returns>
    /// <exception cref="ChunkNotFoundException">The manifest or a chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The manifest or a chunk failed verification (the file being written is discarded).</exception>
    public static async ValueTask<DatasetManifest> UnpackAsync(ChunkStore store, ContentId manifest, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        DatasetManifest dataset = store.ReadManifest(manifest);
        string root = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(root);
        int longest = 1;
        foreach (ManifestFile file in dataset.Files)
        {
            foreach (ManifestChunk chunk in file.Chunks)
            {
                longest = Math.Max(longest, chunk.Length);
            }
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(longest);
        try
        {
            foreach (ManifestFile file in dataset.Files)
            {
                string target = Path.GetFullPath(Path.Combine(root, file.Path));
                if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ChunkCorruptException(manifest, store.GetManifestPath(manifest), $"the path '{file.Path}' leaves the output folder");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string partial = target + ".aios-partial";
                try
                {
                    var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None);
                    await using (output.ConfigureAwait(false))
                    {
                        output.SetLength(file.Length);
                        foreach (ManifestChunk chunk in file.Chunks)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            int length = store.Read(chunk.Id, buffer);
                            if (length != chunk.Length)
                            {
                                throw new ChunkCorruptException(chunk.Id, store.GetChunkPath(chunk.Id), $"it holds {length} bytes, the manifest says {chunk.Length}");
                            }

                            await output.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    File.Move(partial, target, overwrite: true);
                }
                catch
                {
                    File.Delete(partial);
                    throw;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return dataset;
    }

    /// <summary>Lists the files <see cref="PackAsync"/> ingests from <paramref name="source"/>, in its order.</summary>
    /// <param name="source">A file or folder.</param>
    /// <returns>Full paths with their manifest paths (relative, <c>/</c>-separated, ordinal order; a file alone is its name).</returns>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> does not exist.</exception>
    public static List<(string FullPath, string RelativePath)> ListFiles(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        string full = Path.GetFullPath(source);
        var files = new List<(string, string)>();
        if (File.Exists(full))
        {
            files.Add((full, Path.GetFileName(full)));
            return files;
        }

        if (!Directory.Exists(full))
        {
            throw new FileNotFoundException($"'{source}' is neither a file nor a folder.", source);
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (string file in Directory.EnumerateFiles(full, "*", options))
        {
            files.Add((file, Path.GetRelativePath(full, file).Replace(Path.DirectorySeparatorChar, '/')));
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return files;
    }
}
