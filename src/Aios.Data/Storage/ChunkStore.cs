using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aios.Data.Compression;
using Microsoft.Win32.SafeHandles;

namespace Aios.Data.Storage;

/// <summary>
/// A content-addressed chunk store on the local file system: chunks named by the SHA-256 of their content, stored as
/// the <see cref="CodecSelector"/> decides behind a self-describing, checksummed header; manifests named the same way.
/// Thread-safe, and safe for several processes writing into one folder at once.
/// </summary>
/// <remarks>
/// <para>Layout: <c>chunks/ab/abcd…</c> (256-way fan-out by the first byte), <c>manifests/&lt;id&gt;.json</c>,
/// <c>tmp/</c> for writes in progress.</para>
/// <para>Crash safety: every file is written under <c>tmp/</c> and renamed into place, so a process killed at any
/// instant leaves at worst a stray temporary file — never a chunk or manifest with wrong bytes; a manifest is written
/// only after every chunk it names is in place. Two writers of one chunk both write temporary files and the second
/// rename finds the first one's (identical) chunk.</para>
/// <para>Integrity: every read checks that the header names the chunk asked for (a valid file of another chunk is
/// refused), an XXH3-64 of the header fields, id and stored bytes and an XXH3-64 of the decoded content — between them
/// every byte of the file, so any flipped bit fails the read — and throws
/// <see cref="ChunkCorruptException"/> naming the chunk rather than return wrong bytes; <see cref="VerifyAsync"/> also
/// checks every chunk's SHA-256 against its name.</para>
/// <para>Reads take one <c>pread</c> of the whole file into a pooled buffer and decode from there; decoding from a
/// memory mapping of the file was measured slower than that copy (a page fault per 4 KiB page of the stored bytes).</para>
/// </remarks>
public sealed partial class ChunkStore
{
    private const string ChunksFolder = "chunks";
    private const string ManifestsFolder = "manifests";
    private const string TemporaryFolder = "tmp";
    private const string ManifestExtension = ".json";
    private readonly ChunkStoreOptions _options;
    private readonly DataMetrics _metrics;
    private readonly string _chunks;
    private readonly string _manifests;
    private readonly string _temporary;
    private readonly ConcurrentDictionary<int, bool> _fanOut = new();
    private volatile bool _temporaryExists;

    private ChunkStore(string root, ChunkStoreOptions options)
    {
        Root = root;
        _options = options.Snapshot();
        _metrics = new DataMetrics(_options.MeterFactory);
        _chunks = Path.Combine(root, ChunksFolder);
        _manifests = Path.Combine(root, ManifestsFolder);
        _temporary = Path.Combine(root, TemporaryFolder);
    }

    /// <summary>Gets the store's folder (full path).</summary>
    public string Root { get; }

    /// <summary>Gets a copy of the options the store was opened with; changing it has no effect on the store.</summary>
    public ChunkStoreOptions Options => _options.Snapshot();

    /// <summary>Gets the selector that compresses new chunks (the options' own, without copying them).</summary>
    internal CodecSelector Selector => _options.Selector;

    /// <summary>Opens the existing store in <paramref name="directory"/>; nothing is written, so a read-only store opens.</summary>
    /// <param name="directory">The store's folder (the one holding <c>chunks/</c> and <c>manifests/</c>).</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">No store is there (a wrong path is never turned into an empty store): use <see cref="OpenOrCreate"/> to make one.</exception>
    public static ChunkStore Open(string directory, ChunkStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var store = new ChunkStore(Path.GetFullPath(directory), options ?? new ChunkStoreOptions());
        if (!Directory.Exists(store._chunks) || !Directory.Exists(store._manifests))
        {
            string what = Directory.Exists(store.Root) ? "is not a chunk store (it has no chunks/ and manifests/ folders)" : "does not exist";
            throw new DirectoryNotFoundException($"'{store.Root}' {what}; open an existing store, or create one with ChunkStore.OpenOrCreate (aios data pack creates it).");
        }

        return store;
    }

    /// <summary>Opens the store in <paramref name="directory"/>, creating an empty one when absent.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="IOException">The folders cannot be created.</exception>
    public static ChunkStore OpenOrCreate(string directory, ChunkStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var store = new ChunkStore(Path.GetFullPath(directory), options ?? new ChunkStoreOptions());
        Directory.CreateDirectory(store._chunks);
        Directory.CreateDirectory(store._manifests);
        return store;
    }

    /// <summary>Gets the file a chunk is stored in (whether or not it exists).</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>The path.</returns>
    public string GetChunkPath(ContentId id) =>
        string.Create(_chunks.Length + 4 + ContentId.HexLength, (Chunks: _chunks, Id: id), static (path, state) =>
        {
            // chunks/ab/abcd…, built in place: every read asks for it, and Path.Combine over substrings cost three strings.
            state.Chunks.CopyTo(path);
            Span<char> name = path[(state.Chunks.Length + 4)..];
            _ = state.Id.TryFormat(name, out _, default, null);
            Span<char> fanOut = path.Slice(state.Chunks.Length, 4);
            fanOut[0] = Path.DirectorySeparatorChar;
            fanOut[1] = name[0];
            fanOut[2] = name[1];
            fanOut[3] = Path.DirectorySeparatorChar;
        });

    /// <summary>Gets the file a manifest is stored in (whether or not it exists).</summary>
    /// <param name="id">The manifest.</param>
    /// <returns>The path.</returns>
    public string GetManifestPath(ContentId id) => Path.Combine(_manifests, id.ToString() + ManifestExtension);

    /// <summary>Whether the chunk is stored.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>True when its file exists.</returns>
    public bool Contains(ContentId id) => File.Exists(GetChunkPath(id));

    /// <summary>Stores <paramref name="content"/> as one chunk unless an identical chunk is already stored.</summary>
    /// <param name="content">The chunk's bytes; 0 ≤ length ≤ <see cref="int.MaxValue"/> − header.</param>
    /// <returns>The chunk's id and how it was stored.</returns>
    /// <exception cref="IOException">The file system failed.</exception>
    public ChunkWriteResult Write(ReadOnlySpan<byte> content)
    {
        ContentId id = ContentId.Compute(content);
        return Write(id, content);
    }

    /// <summary>
    /// Stores <paramref name="content"/> under an id already proven to be its SHA-256 (computed from these bytes, or
    /// checked by a verified read). The id is recorded in the file and every later read trusts it, so this is not public:
    /// a caller's wrong id would be served as the truth.
    /// </summary>
    internal ChunkWriteResult Write(ContentId id, ReadOnlySpan<byte> content)
    {
        string path = GetChunkPath(id);
        if (TryFindStored(id, path, content.Length, out ChunkWriteResult stored))
        {
            return stored;
        }

        CodecSelector selector = _options.Selector;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkFormat.GetMaxFileLength(selector, content.Length));
        try
        {
            CodecDecision decision = ChunkFormat.Encode(selector, id, content, buffer, out int fileLength);
            EnsureFanOut(id, path);
            bool placed = WriteAtomically(path, buffer.AsSpan(0, fileLength));
            return Recorded(id, content.Length, fileLength, placed, decision);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Stores <paramref name="content"/> as one chunk unless an identical chunk is already stored, writing the file with
    /// asynchronous I/O (<see cref="RandomAccess.WriteAsync(SafeFileHandle, ReadOnlyMemory{byte}, long, CancellationToken)"/>).
    /// Hashing and compressing run on the caller's thread (CPU work; to spread several chunks over cores, call this from
    /// several tasks as <see cref="DatasetPacker"/> does); the temporary file and the rename are as in <see cref="Write(ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <param name="content">The chunk's bytes.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write removes its temporary file and stores nothing.</param>
    /// <returns>How it was stored.</returns>
    /// <exception cref="IOException">The file system failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ChunkWriteResult> WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ContentId id = ContentId.Compute(content.Span);
        string path = GetChunkPath(id);
        if (TryFindStored(id, path, content.Length, out ChunkWriteResult stored))
        {
            return stored;
        }

        CodecSelector selector = _options.Selector;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkFormat.GetMaxFileLength(selector, content.Length));
        try
        {
            CodecDecision decision = ChunkFormat.Encode(selector, id, content.Span, buffer, out int fileLength);
            EnsureFanOut(id, path);
            bool placed = await WriteAtomicallyAsync(path, buffer.AsMemory(0, fileLength), cancellationToken).ConfigureAwait(false);
            return Recorded(id, content.Length, fileLength, placed, decision);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts the bytes offered and, when the chunk is already stored, the dedup hit and its result.</summary>
    private bool TryFindStored(ContentId id, string path, int length, out ChunkWriteResult result)
    {
        _metrics.BytesIn.Add(length);
        var existing = new FileInfo(path);
        if (existing.Exists)
        {
            _metrics.DedupHits.Add(1);
            result = new ChunkWriteResult(id, length, existing.Length, Deduplicated: true, Decision: null);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>The result of a write that encoded the chunk: stored, or found placed by a concurrent writer meanwhile.</summary>
    private ChunkWriteResult Recorded(ContentId id, int length, int fileLength, bool placed, CodecDecision decision)
    {
        if (!placed)
        {
            _metrics.DedupHits.Add(1);
            return new ChunkWriteResult(id, length, fileLength, Deduplicated: true, Decision: null);
        }

        _metrics.BytesStored.Add(fileLength);
        _metrics.ChunksWritten.Add(1, new KeyValuePair<string, object?>("codec", decision.CodecName));
        return new ChunkWriteResult(id, length, fileLength, Deduplicated: false, decision);
    }

    /// <summary>Gets a stored chunk's content length from its header (the header is checked; the bytes are not read).</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>The length.</returns>
    /// <exception cref="ChunkNotFoundException">The chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The header failed its checks.</exception>
    public int GetLength(ContentId id)
    {
        string path = GetChunkPath(id);
        using SafeFileHandle handle = OpenChunk(id, path);
        Span<byte> headerBytes = stackalloc byte[ChunkFormat.HeaderLength];
        int read = ReadFully(handle, headerBytes, 0);
        ChunkHeader header = ParseHeader(id, path, headerBytes[..read], RandomAccess.GetLength(handle));
        return header.OriginalLength;
    }

    /// <summary>Reads and verifies a chunk into a new array.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="ChunkNotFoundException">The chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The chunk failed verification.</exception>
    public byte[] Read(ContentId id)
    {
        using StoredChunk chunk = Load(id);
        byte[] content = GC.AllocateUninitializedArray<byte>(chunk.Header.OriginalLength); // every byte is written by the decode
        Decode(id, chunk, content);
        return content;
    }

    /// <summary>Reads and verifies a chunk into <paramref name="destination"/>.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="destination">At least the chunk's length; when an exception is thrown its contents are unspecified.</param>
    /// <returns>The chunk's length: that many bytes of <paramref name="destination"/> hold it.</returns>
    /// <exception cref="ChunkNotFoundException">The chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The chunk failed verification.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the chunk.</exception>
    public int Read(ContentId id, Span<byte> destination)
    {
        using StoredChunk chunk = Load(id);
        int length = chunk.Header.OriginalLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Chunk {id} holds {length} bytes; the destination only {destination.Length}.", nameof(destination));
        }

        Decode(id, chunk, destination[..length]);
        return length;
    }

    /// <summary>
    /// Reads and verifies a chunk into <paramref name="destination"/>, reading the file with asynchronous I/O
    /// (<see cref="RandomAccess.ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/>); the checks and the
    /// decode then run on the continuation (CPU work, as in <see cref="Read(ContentId, Span{byte})"/>), with the same guarantees.
    /// </summary>
    /// <param name="id">The chunk.</param>
    /// <param name="destination">At least the chunk's length; when an exception is thrown its contents are unspecified.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The chunk's length.</returns>
    /// <exception cref="ChunkNotFoundException">The chunk is not stored.</exception>
    /// <exception cref="ChunkCorruptException">The chunk failed verification.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the chunk.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<int> ReadAsync(ContentId id, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using StoredChunk chunk = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
        int length = chunk.Header.OriginalLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Chunk {id} holds {length} bytes; the destination only {destination.Length}.", nameof(destination));
        }

        Decode(id, chunk, destination.Span[..length]);
        return length;
    }

    /// <summary>Writes a manifest after checking that every chunk it names is stored.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>Its id: the SHA-256 of its canonical JSON.</returns>
    /// <exception cref="ArgumentException">The manifest is malformed.</exception>
    /// <exception cref="ChunkNotFoundException">A chunk it names is not stored (nothing is written).</exception>
    public ContentId WriteManifest(DatasetManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        byte[] json = manifest.ToUtf8Json();
        foreach (ManifestFile file in manifest.Files)
        {
            foreach (ManifestChunk chunk in file.Chunks)
            {
                if (!Contains(chunk.Id))
                {
                    throw new ChunkNotFoundException(chunk.Id, GetChunkPath(chunk.Id));
                }
            }
        }

        ContentId id = ContentId.Compute(json);
        string path = GetManifestPath(id);
        if (!File.Exists(path))
        {
            _ = WriteAtomically(path, json);
        }

        return id;
    }

    /// <summary>Reads a manifest and checks its bytes against its id.</summary>
    /// <param name="id">The manifest.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ChunkNotFoundException">The manifest is not stored.</exception>
    /// <exception cref="ChunkCorruptException">Its bytes do not hash to its id or do not parse.</exception>
    public DatasetManifest ReadManifest(ContentId id)
    {
        string path = GetManifestPath(id);
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ChunkNotFoundException(id, path);
        }

        return ParseManifest(id, path, json);
    }

    /// <summary>Reads a manifest with asynchronous file I/O and checks its bytes against its id.</summary>
    /// <param name="id">The manifest.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ChunkNotFoundException">The manifest is not stored.</exception>
    /// <exception cref="ChunkCorruptException">Its bytes do not hash to its id or do not parse.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<DatasetManifest> ReadManifestAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        string path = GetManifestPath(id);
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ChunkNotFoundException(id, path);
        }

        return ParseManifest(id, path, json);
    }

    private static DatasetManifest ParseManifest(ContentId id, string path, byte[] json)
    {
        if (!id.Matches(json))
        {
            throw new ChunkCorruptException(id, path, "the manifest's SHA-256 does not match its name");
        }

        try
        {
            return DatasetManifest.FromUtf8Json(json);
        }
        catch (InvalidDataException exception)
        {
            throw new ChunkCorruptException(id, path, exception.Message, exception);
        }
    }

    /// <summary>
    /// Lists the stored chunks (by file name; a file whose name is not an id is skipped here and reported by
    /// <see cref="VerifyAsync"/>). Synchronous and lazy: each step reads the folder listing (the file system offers no
    /// asynchronous listing), so an asynchronous signature would only hide blocking calls.
    /// </summary>
    /// <returns>The chunk ids, in file-system order.</returns>
    public IEnumerable<ContentId> EnumerateChunks()
    {
        foreach (string file in Directory.EnumerateFiles(_chunks, "*", SearchOption.AllDirectories))
        {
            if (ContentId.TryParse(Path.GetFileName(file), out ContentId id))
            {
                yield return id;
            }
        }
    }

    /// <summary>Lists the stored manifests.</summary>
    /// <returns>The manifest ids.</returns>
    public IReadOnlyList<ContentId> GetManifestIds()
    {
        var ids = new List<ContentId>();
        foreach (string file in Directory.EnumerateFiles(_manifests, "*" + ManifestExtension))
        {
            if (ContentId.TryParse(Path.GetFileNameWithoutExtension(file), out ContentId id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <summary>
    /// Checks every chunk (header, both checksums, and the SHA-256 of its content against its name) and every manifest
    /// (its hash, its format, and that every chunk it names is stored), in parallel.
    /// </summary>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>What was checked and what failed.</returns>
    public async ValueTask<StoreVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var corrupt = new ConcurrentBag<CorruptObject>();
        int chunks = 0;
        IEnumerable<string> files = Directory.EnumerateFiles(_chunks, "*", SearchOption.AllDirectories);
        await Parallel.ForEachAsync(files, new ParallelOptions { CancellationToken = cancellationToken }, (file, _) =>
        {
            Interlocked.Increment(ref chunks);
            if (!ContentId.TryParse(Path.GetFileName(file), out ContentId id) || !string.Equals(GetChunkPath(id), file, StringComparison.Ordinal))
            {
                corrupt.Add(new CorruptObject(null, file, "a file in chunks/ whose name is not a chunk id in its place"));
                return ValueTask.CompletedTask;
            }

            try
            {
                byte[] content = Read(id);
                if (!id.Matches(content))
                {
                    corrupt.Add(new CorruptObject(id, file, "the content's SHA-256 does not match the chunk's name"));
                }
            }
            catch (ChunkCorruptException exception)
            {
                corrupt.Add(new CorruptObject(id, file, exception.Reason));
            }
            catch (ChunkNotFoundException)
            {
                // Removed while scanning: not corruption.
                Interlocked.Decrement(ref chunks);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var missing = new List<MissingChunk>();
        var corruptManifests = new List<CorruptObject>();
        IReadOnlyList<ContentId> manifests = GetManifestIds();
        foreach (ContentId manifestId in manifests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DatasetManifest manifest;
            try
            {
                manifest = ReadManifest(manifestId);
            }
            catch (ChunkCorruptException exception)
            {
                corruptManifests.Add(new CorruptObject(manifestId, exception.Path, exception.Reason));
                continue;
            }

            foreach (ManifestFile file in manifest.Files)
            {
                foreach (ManifestChunk chunk in file.Chunks)
                {
                    if (!Contains(chunk.Id))
                    {
                        missing.Add(new MissingChunk(manifestId, file.Path, chunk.Id));
                    }
                }
            }
        }

        CorruptObject[] sorted = [.. corrupt];
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        int temporary = Directory.Exists(_temporary) ? Directory.EnumerateFiles(_temporary).Count() : 0;
        return new StoreVerification(chunks, sorted, manifests.Count, corruptManifests, missing, temporary);
    }

    /// <summary>Deletes temporary files left by writers that died, older than <paramref name="olderThan"/> (younger ones may be live writes).</summary>
    /// <param name="olderThan">The minimum age; ≥ 0.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>How many files were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="olderThan"/> is negative.</exception>
    public int RemoveTemporaryFiles(TimeSpan olderThan, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        DateTime cutoff = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime - olderThan;
        int removed = 0;
        if (!Directory.Exists(_temporary))
        {
            return 0;
        }

        foreach (string file in Directory.EnumerateFiles(_temporary))
        {
            if (File.GetLastWriteTimeUtc(file) <= cutoff)
            {
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (IOException)
                {
                    // Another cleaner got there first.
                }
            }
        }

        return removed;
    }

    private ChunkCorruptException Corrupt(ContentId id, string path, string reason, Exception? innerException = null)
    {
        _metrics.CorruptReads.Add(1);
        return new ChunkCorruptException(id, path, reason, innerException);
    }

    private static SafeFileHandle OpenChunk(ContentId id, string path) => TryOpenChunk(path) ?? throw new ChunkNotFoundException(id, path);

    private static SafeFileHandle? TryOpenChunk(string path, FileOptions options = FileOptions.None)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, options);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private ChunkHeader ParseHeader(ContentId id, string path, ReadOnlySpan<byte> headerBytes, long fileLength)
    {
        string? problem = ChunkFormat.TryParseHeader(headerBytes, fileLength, id, out ChunkHeader header);
        return problem is null ? header : throw Corrupt(id, path, problem);
    }

    /// <summary>
    /// Reads a whole chunk file with one call into a rented buffer and checks its header and the stored bytes' sum — before
    /// a caller's destination is measured against the header's length, so a corrupt length reads as corruption.
    /// </summary>
    private StoredChunk Load(ContentId id)
    {
        string path = GetChunkPath(id);
        using SafeFileHandle handle = OpenChunk(id, path);
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength > Array.MaxLength)
        {
            throw Corrupt(id, path, $"{fileLength} bytes, longer than any chunk file");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(fileLength, ChunkFormat.HeaderLength));
        try
        {
            int read = ReadFully(handle, buffer.AsSpan(0, (int)fileLength), 0);
            return CheckLoaded(id, path, buffer, read, fileLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary><see cref="Load"/> with the file read by asynchronous I/O; the same checks.</summary>
    private async ValueTask<StoredChunk> LoadAsync(ContentId id, CancellationToken cancellationToken)
    {
        string path = GetChunkPath(id);
        using SafeFileHandle handle = TryOpenChunk(path, FileOptions.Asynchronous) ?? throw new ChunkNotFoundException(id, path);
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength > Array.MaxLength)
        {
            throw Corrupt(id, path, $"{fileLength} bytes, longer than any chunk file");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(fileLength, ChunkFormat.HeaderLength));
        try
        {
            int read = 0;
            while (read < fileLength)
            {
                int got = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, (int)fileLength - read), read, cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    break;
                }

                read += got;
            }

            return CheckLoaded(id, path, buffer, read, fileLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Checks a chunk file read whole into <paramref name="buffer"/>: its header, its length and the stored bytes' sum.</summary>
    private StoredChunk CheckLoaded(ContentId id, string path, byte[] buffer, int read, long fileLength)
    {
        ChunkHeader header = ParseHeader(id, path, buffer.AsSpan(0, Math.Min(read, ChunkFormat.HeaderLength)), fileLength);
        if (read != fileLength)
        {
            throw Corrupt(id, path, "the file ended early (it shrank while being read)");
        }

        var chunk = new StoredChunk(buffer, header, path);
        if (!ChunkFormat.StoredMatches(chunk.GetFieldsAndStored(), header.StoredChecksum))
        {
            throw Corrupt(id, path, "the checksum of the stored bytes does not match (bit rot or a partial write)");
        }

        return chunk;
    }

    /// <summary>Decodes a loaded chunk into <paramref name="destination"/> (its exact length) and checks the content's sum.</summary>
    private void Decode(ContentId id, in StoredChunk chunk, Span<byte> destination)
    {
        string? problem = ChunkFormat.TryDecode(chunk.Header, chunk.Stored, destination, id, _options.VerifyContentHashOnRead, out InvalidDataException? decoderError);
        if (problem is not null)
        {
            throw Corrupt(id, chunk.Path, problem, decoderError);
        }

        _metrics.BytesRead.Add(destination.Length);
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private void EnsureFanOut(ContentId id, string path)
    {
        Span<byte> first = stackalloc byte[ContentId.Length];
        id.CopyTo(first);

        // Create before marking: a thread that finds the mark must find the folder (marking first let a racing writer
        // link into a folder not yet made).
        if (!_fanOut.ContainsKey(first[0]))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _fanOut.TryAdd(first[0], true);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a temporary file and renames it to <paramref name="path"/>; false when another writer placed it first.</summary>
    private bool WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = NewTemporaryPath(path);
        using (SafeFileHandle handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, bytes.Length))
        {
            RandomAccess.Write(handle, bytes, 0);
            if (_options.FlushToDisk)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }

        return AtomicPlacement.TryPlace(temporary, path);
    }

    /// <summary><see cref="WriteAtomically"/> with the bytes written by asynchronous I/O; a failed or cancelled write removes its temporary file.</summary>
    private async ValueTask<bool> WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        string temporary = NewTemporaryPath(path);
        try
        {
            using (SafeFileHandle handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, bytes.Length))
            {
                await RandomAccess.WriteAsync(handle, bytes, 0, cancellationToken).ConfigureAwait(false);
                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(handle); // fsync has no asynchronous form
                }
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return AtomicPlacement.TryPlace(temporary, path);
    }

    private string NewTemporaryPath(string path)
    {
        if (!_temporaryExists)
        {
            // Made on the first write, not on open: reading a store (verify, unpack, a read-only origin) writes nothing.
            Directory.CreateDirectory(_temporary);
            _temporaryExists = true;
        }

        return Path.Combine(_temporary, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }
}
