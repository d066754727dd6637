using System.Buffers;
using System.IO.Enumeration;
using Aios.Data.Chunking;
using Aios.Data.Storage.SafeOutput;
using Microsoft.Win32.SafeHandles;

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
    /// the manifest. Files are ordered by their relative path; hidden files are included.
    /// </summary>
    /// <remarks>
    /// <para>Only regular files are packed. Symbolic links (to files or folders) are skipped — never followed, so a link
    /// loop cannot trap the walk — and so are FIFOs, sockets and devices, which are never opened (each entry's type is
    /// read with <c>lstat</c>, and files are opened with <c>O_NOFOLLOW | O_NONBLOCK</c> and their type checked again on
    /// the open handle, so one swapped in meanwhile is skipped too); all are listed in
    /// <see cref="DatasetPackResult.Skipped"/>.</para>
    /// <para>A file with several hard links is packed under each of its names (its chunks are stored once: deduplication
    /// makes the repeats free), and restored as that many independent files. A sparse file is packed as its full logical
    /// content, holes read as zeros; the zero chunks deduplicate and compress to almost nothing, and the unpack leaves
    /// all-zero chunks as holes again.</para>
    /// </remarks>
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
        var skipped = new List<SkippedFile>();
        List<(string FullPath, string RelativePath)> files = ListFiles(source, skipped);

        using var slots = new SemaphoreSlim(parallelism);
        var manifestFiles = new List<ManifestFile>(files.Count);
        var unique = new Dictionary<ContentId, long>();
        long bytes = 0;
        int chunks = 0, newChunks = 0;
        long newStored = 0;
        int packed = 0;
        foreach ((string fullPath, string relativePath) in files)
        {
            FileStream? stream = OpenRegularFile(fullPath, relativePath, skipped);
            if (stream is null)
            {
                continue;
            }

            packed++;
            var pending = new List<Task<ChunkWriteResult>>();
            try
            {
                await using (stream.ConfigureAwait(false))
                {
                    // Each chunk arrives in a rented buffer of its own, handed to the write that returns it: no copy, no
                    // array per chunk, and no buffer reused while a write still reads it.
                    await foreach (PooledContentChunk chunk in chunker.ChunkPooledAsync(stream, cancellationToken).ConfigureAwait(false))
                    {
                        try
                        {
                            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            chunk.Dispose();
                            throw;
                        }

                        pending.Add(Task.Run(
                            () =>
                            {
                                try
                                {
                                    return store.Write(chunk.Data.Span);
                                }
                                finally
                                {
                                    chunk.Dispose();
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

        skipped.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new DatasetPackResult(id, packed, bytes, chunks, unique.Count, stored, newChunks, newStored) { Skipped = skipped };
    }

    /// <summary>Opens a file for packing if it is still a regular file, without following a link or blocking on a FIFO; else records why not and returns null.</summary>
    private static FileStream? OpenRegularFile(string fullPath, string relativePath, List<SkippedFile> skipped)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }

        int fd = PosixFiles.OpenAt(null, fullPath, PosixFiles.ReadOnly | PosixFiles.NonBlocking | PosixFiles.NoFollow | PosixFiles.CloseOnExec);
        if (fd < 0)
        {
            int error = PosixFiles.LastError;
            if (error == PosixFiles.NoSuchEntry)
            {
                skipped.Add(new SkippedFile(relativePath, "it vanished while the pack ran"));
                return null;
            }

            if (error == PosixFiles.TooManyLinks)
            {
                skipped.Add(new SkippedFile(relativePath, Describe(PosixFiles.FileType.SymbolicLink)));
                return null;
            }

            throw new IOException($"Cannot open '{fullPath}': {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        PosixFiles.FileType type = PosixFiles.GetType(handle);
        if (type != PosixFiles.FileType.Regular)
        {
            handle.Dispose();
            skipped.Add(new SkippedFile(relativePath, Describe(type)));
            return null;
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 1);
    }

    private static string Describe(PosixFiles.FileType type) => type switch
    {
        PosixFiles.FileType.SymbolicLink => "a symbolic link (links are not followed)",
        PosixFiles.FileType.Fifo => "a FIFO (named pipe)",
        PosixFiles.FileType.Socket => "a socket",
        PosixFiles.FileType.CharacterDevice => "a character device",
        PosixFiles.FileType.BlockDevice => "a block device",
        PosixFiles.FileType.Missing => "it vanished while the pack ran",
        PosixFiles.FileType.Directory => "it became a folder while the pack ran",
        _ => "not a regular file",
    };

    /// <summary>
    /// Restores a dataset version under <paramref name="outputDirectory"/>: every chunk read is verified, chunks are read
    /// and written in parallel, and each file is written to a temporary name in its folder and renamed when complete, so
    /// no file under its final name ever holds anything but its complete content.
    /// </summary>
    /// <remarks>
    /// <para>Safety rules: every manifest path is checked (<see cref="DatasetManifest.ValidatePaths"/>: relative, no
    /// <c>..</c>, no empty segments, no NUL, at most 255 UTF-8 bytes a segment and 4095 in all, no path twice or both a
    /// file and a folder). The output folder is opened once (a link given as the folder itself is followed: the caller
    /// chose it); below it, every folder is opened component by component refusing symbolic links, so nothing planted
    /// inside the output — a link at a file's name, its temporary name or a subfolder's — makes the unpack write outside
    /// it. Temporary files are named <c>.aios-&lt;16 random hex digits&gt;.tmp</c> (short, so every name that packs also
    /// unpacks) and created exclusively. Before anything is written, every target is checked: existing files are refused
    /// unless <see cref="DatasetUnpackOptions.Overwrite"/>, and a folder where a file should go is always refused.</para>
    /// <para>A process killed mid-unpack can leave temporary files; the next unpack into the same folders removes the ones
    /// older than its start. Files are not flushed to disk (no <c>fsync</c>): a power loss can lose recent files.</para>
    /// </remarks>
    /// <param name="store">The store.</param>
    /// <param name="manifest">The manifest's id.</param>
    /// <param name="outputDirectory">The folder to restore into (created when absent).</param>
    /// <param name="options">Whether existing files may be replaced, and the parallelism; defaults when null.</param>
    /// <param name="cancellationToken">Stops the unpack: chunks being written finish, then every temporary file is removed (files already complete stay).</param>
    /// <returns>The manifest that was restored.</returns>
    /// <exception cref="ChunkNotFoundException">The manifest or a chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The manifest or a chunk failed verification, or the manifest names an unsafe path (the file being written is discarded).</exception>
    /// <exception cref="IOException">A target exists (without <see cref="DatasetUnpackOptions.Overwrite"/>) or is a folder, a folder on a path is a symbolic link or a file, or the output cannot be written; the message names the path.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the exception names it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<DatasetManifest> UnpackAsync(
        ChunkStore store,
        ContentId manifest,
        string outputDirectory,
        DatasetUnpackOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options = (options ?? new DatasetUnpackOptions()).Snapshot();
        DatasetManifest dataset = store.ReadManifest(manifest);
        string? problem = null;
        try
        {
            DatasetManifest.ValidatePaths(dataset.Files);
            problem = OperatingSystem.IsWindows() ? WindowsNameProblem(dataset.Files) : null;
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
        }

        if (problem is not null)
        {
            throw new ChunkCorruptException(manifest, store.GetManifestPath(manifest), problem);
        }

        cancellationToken.ThrowIfCancellationRequested();
        using OutputFolder output = OutputFolder.Open(outputDirectory);
        CheckTargets(output, dataset.Files, options.Overwrite);
        var restore = new Restore(store, output, options.Overwrite, TimeProvider.System.GetUtcNow().UtcDateTime);
        try
        {
            await Parallel.ForEachAsync(
                restore.Jobs(dataset.Files),
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken },
                restore.WriteChunk).ConfigureAwait(false);
        }
        finally
        {
            // Parallel.ForEachAsync has waited for every body, so nothing writes any more.
            restore.AbandonUnfinished();
        }

        return dataset;
    }

    /// <summary>Checks every target before anything is written: links or files on the way, existing files (unless overwriting), folders in the way.</summary>
    private static void CheckTargets(OutputFolder output, IReadOnlyList<ManifestFile> files, bool overwrite)
    {
        string? lastFolder = null;
        OutputFolder.Subfolder? folder = null;
        var existing = new List<string>();
        int count = 0;
        try
        {
            foreach (ManifestFile file in files)
            {
                (string folderPath, string name) = Split(file.Path);
                if (!string.Equals(folderPath, lastFolder, StringComparison.Ordinal))
                {
                    folder?.Release();
                    folder = null;
                    lastFolder = folderPath;
                    folder = output.OpenSubfolder(folderPath, create: false);
                }

                if (folder is null || !OutputFolder.Exists(folder, name))
                {
                    continue;
                }

                if (OutputFolder.IsFolder(folder, name))
                {
                    throw new IOException($"'{output.Describe(file.Path)}' is a folder in the output; a file of that name cannot be restored.");
                }

                if (!overwrite && count++ < 5)
                {
                    existing.Add(file.Path);
                }
            }
        }
        finally
        {
            folder?.Release();
        }

        if (count > 0)
        {
            throw new IOException(output.AlreadyExistsMessage(existing, count));
        }
    }

    private static (string Folder, string Name) Split(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? (string.Empty, path) : (path[..slash], path[(slash + 1)..]);
    }

    private static string? WindowsNameProblem(IReadOnlyList<ManifestFile> files)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        foreach (ManifestFile file in files)
        {
            foreach (string segment in file.Path.Split('/'))
            {
                string stem = segment.Split('.')[0].TrimEnd();
                bool reserved = stem.Length is 3 or 4 && (stem.ToUpperInvariant() is "CON" or "PRN" or "AUX" or "NUL"
                    || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("LPT", StringComparison.OrdinalIgnoreCase)) && char.IsAsciiDigit(stem[3])));
                if (segment.IndexOfAny(invalid) >= 0 || segment.EndsWith('.') || segment.EndsWith(' ') || reserved)
                {
                    return $"The manifest path '{file.Path}' is not a valid file name on Windows.";
                }
            }
        }

        return null;
    }

    /// <summary>How much of a file one unpack worker writes in one job (see <c>Restore.Jobs</c>).</summary>
    private const long SegmentLength = 16L << 20;

    /// <summary>One unpack's moving parts: the files open for writing and the chunk jobs that fill them.</summary>
    private sealed class Restore(ChunkStore store, OutputFolder output, bool overwrite, DateTime started)
    {
        private readonly List<RestoringFile> _open = [];
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        /// <summary>The chunks to write, file by file; each file's temporary file is created as its first chunk is handed out, so at most about one file per worker is open.</summary>
        public IEnumerable<ChunkJob> Jobs(IReadOnlyList<ManifestFile> files)
        {
            foreach (ManifestFile file in files)
            {
                _names.Add(file.Path);
            }

            string? lastFolder = null;
            OutputFolder.Subfolder? folder = null;
            try
            {
                foreach (ManifestFile file in files)
                {
                    (string folderPath, string name) = Split(file.Path);
                    if (folder is null || !string.Equals(folderPath, lastFolder, StringComparison.Ordinal))
                    {
                        folder?.Release();
                        folder = null;
                        folder = output.OpenSubfolder(folderPath, create: true)!;
                        lastFolder = folderPath;
                        RemoveStaleTemporaryFiles(folder);
                    }

                    folder.AddReference();
                    RestoringFile restoring;
                    try
                    {
                        SafeFileHandle handle = OutputFolder.CreateTemporary(folder, out string temporary);
                        restoring = new RestoringFile(file, folder, name, temporary, handle);
                    }
                    catch
                    {
                        folder.Release();
                        throw;
                    }

                    lock (_open)
                    {
                        _open.Add(restoring);
                    }

                    if (file.Length > 0)
                    {
                        RandomAccess.SetLength(restoring.Handle, file.Length);
                    }

                    if (file.Chunks.Count == 0)
                    {
                        restoring.Complete(output, overwrite);
                        continue;
                    }

                    // A job is a run of consecutive chunks (a whole file, or SegmentLength of a large one), written in order by
                    // one worker, so two threads rarely write into one file at once (buffered writes to one inode serialize).
                    var segments = new List<ChunkJob>();
                    long offset = 0, segmentStart = 0;
                    int first = 0;
                    for (int i = 0; i < file.Chunks.Count; i++)
                    {
                        offset += file.Chunks[i].Length;
                        if (offset - segmentStart >= SegmentLength || i == file.Chunks.Count - 1)
                        {
                            segments.Add(new ChunkJob(restoring, first, i + 1 - first, segmentStart));
                            first = i + 1;
                            segmentStart = offset;
                        }
                    }

                    restoring.Remaining = segments.Count;
                    foreach (ChunkJob job in segments)
                    {
                        yield return job;
                    }
                }
            }
            finally
            {
                folder?.Release();
            }
        }

        public ValueTask WriteChunk(ChunkJob job, CancellationToken cancellationToken)
        {
            long offset = job.Offset;
            IReadOnlyList<ManifestChunk> chunks = job.File.Chunks;
            for (int i = job.First; i < job.First + job.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ManifestChunk chunk = chunks[i];
                byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
                try
                {
                    int length;
                    try
                    {
                        length = store.Read(chunk.Id, buffer);
                    }
                    catch (ArgumentException)
                    {
                        throw new ChunkCorruptException(chunk.Id, store.GetChunkPath(chunk.Id), $"it holds more bytes than the {chunk.Length} the manifest says");
                    }

                    if (length != chunk.Length)
                    {
                        throw new ChunkCorruptException(chunk.Id, store.GetChunkPath(chunk.Id), $"it holds {length} bytes, the manifest says {chunk.Length}");
                    }

                    // The temporary file was extended with zeros (a hole): an all-zero chunk needs no write and stays sparse.
                    ReadOnlySpan<byte> content = buffer.AsSpan(0, length);
                    if (content.ContainsAnyExcept((byte)0))
                    {
                        RandomAccess.Write(job.File.Handle, content, offset);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                offset += chunk.Length;
            }

            if (Interlocked.Decrement(ref job.File.Remaining) == 0)
            {
                job.File.Complete(output, overwrite);
            }

            return ValueTask.CompletedTask;
        }

        public void AbandonUnfinished()
        {
            lock (_open)
            {
                foreach (RestoringFile file in _open)
                {
                    file.Abandon();
                }

                _open.Clear();
            }
        }

        /// <summary>Removes temporary files an earlier unpack that was killed left in <paramref name="folder"/> (only ones older than this unpack, never a manifest file's name).</summary>
        private void RemoveStaleTemporaryFiles(OutputFolder.Subfolder folder)
        {
            try
            {
                foreach (string path in Directory.EnumerateFiles(folder.FullPath, ".aios-*.tmp"))
                {
                    string name = Path.GetFileName(path);
                    string relative = folder.RelativePath.Length == 0 ? name : folder.RelativePath + "/" + name;
                    if (OutputFolder.IsTemporaryName(name) && !_names.Contains(relative) && File.GetLastWriteTimeUtc(path) < started)
                    {
                        OutputFolder.Delete(folder, name);
                    }
                }
            }
            catch (IOException)
            {
                // Best effort: a leftover temporary file is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Chunks <paramref name="First"/> to <paramref name="First"/> + <paramref name="Count"/> − 1 of a file, starting at byte <paramref name="Offset"/>.</summary>
    private readonly record struct ChunkJob(RestoringFile File, int First, int Count, long Offset);

    /// <summary>A file being restored: its temporary file, and how many of its chunks are still to be written.</summary>
    private sealed class RestoringFile(ManifestFile file, OutputFolder.Subfolder folder, string name, string temporary, SafeFileHandle handle)
    {
        private int _finished;

        /// <summary>Jobs of this file not yet written; set before the first is handed out.</summary>
        public int Remaining;

        public SafeFileHandle Handle { get; } = handle;

        public IReadOnlyList<ManifestChunk> Chunks => file.Chunks;

        public void Complete(OutputFolder output, bool overwrite)
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            try
            {
                Handle.Dispose();
                output.Place(folder, temporary, name, file.Path, overwrite);
            }
            finally
            {
                folder.Release();
            }
        }

        public void Abandon()
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            Handle.Dispose();
            OutputFolder.Delete(folder, temporary);
            folder.Release();
        }
    }

    /// <exception cref="FileNotFoundException"><paramref name="source"/> does not exist.</exception>
    public static List<(string FullPath, string RelativePath)> ListFiles(string source) => ListFiles(source, new List<SkippedFile>());

    /// <summary>
    /// Lists the regular files <see cref="PackAsync"/> ingests from <paramref name="source"/>, in its order, and adds every
    /// other entry — symbolic links (not followed), FIFOs, sockets, devices — to <paramref name="skipped"/>. Types are read
    /// with <c>lstat</c>; nothing is opened.
    /// </summary>
    /// <param name="source">A file or folder (a link given as the source itself is followed: the caller chose it).</param>
    /// <param name="skipped">Receives the entries not listed, with the reason.</param>
    /// <returns>Full paths with their manifest paths (relative, <c>/</c>-separated, ordinal order; a file alone is its name).</returns>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> does not exist.</exception>
    public static List<(string FullPath, string RelativePath)> ListFiles(string source, ICollection<SkippedFile> skipped)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(skipped);
        string full = Path.GetFullPath(source);
        var files = new List<(string, string)>();
        if (File.Exists(full))
        {
            PosixFiles.FileType type = OperatingSystem.IsWindows() ? PosixFiles.FileType.Regular : PosixFiles.GetType(new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
            if (type == PosixFiles.FileType.Regular)
            {
                files.Add((full, Path.GetFileName(full)));
            }
            else
            {
                skipped.Add(new SkippedFile(Path.GetFileName(full), Describe(type)));
            }

            return files;
        }

        if (!Directory.Exists(full))
        {
            throw new FileNotFoundException($"'{source}' is neither a file nor a folder.", source);
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var entries = new FileSystemEnumerable<(string Path, bool IsLink)>(
            full,
            static (ref FileSystemEntry entry) => (entry.ToFullPath(), (entry.Attributes & FileAttributes.ReparsePoint) != 0),
            options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0,
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        foreach ((string path, bool isLink) in entries)
        {
            string relative = Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/');
            PosixFiles.FileType type = isLink ? PosixFiles.FileType.SymbolicLink
                : OperatingSystem.IsWindows() ? PosixFiles.FileType.Regular : PosixFiles.GetType(path);
            if (type == PosixFiles.FileType.Regular)
            {
                files.Add((path, relative));
            }
            else
            {
                skipped.Add(new SkippedFile(relative, Describe(type)));
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return files;
    }
}
