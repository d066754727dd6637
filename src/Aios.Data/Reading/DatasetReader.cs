using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Aios.Data.Caching;
using Aios.Data.Sampling;
using Aios.Data.Storage;

namespace Aios.Data.Reading;

/// <summary>
/// Reads a packed dataset through a <see cref="DatasetCache"/>: chunks in any requested order (a sampler's shuffled
/// epochs, hand-picked indices) with bounded prefetching, byte ranges of files, or a stream into a <see cref="PipeWriter"/>.
/// Every chunk is decompressed and verified on the way. Thread-safe: concurrent reads share the cache.
/// </summary>
public sealed class DatasetReader
{
    private readonly DatasetCache _cache;
    private readonly DatasetReaderOptions _options;
    private readonly DatasetChunk[] _chunks;
    private readonly Dictionary<string, (int First, int Count, long Length)> _files = new(StringComparer.Ordinal);
    private long _deliveredChunks;
    private long _deliveredBytes;
    private long _stallTicks;
    private long _maxPrefetched;

    /// <summary>Initializes a reader of <paramref name="manifest"/>'s dataset.</summary>
    /// <param name="manifest">The dataset version.</param>
    /// <param name="cache">The cache to read through (its tiers must hold the manifest's chunks).</param>
    /// <param name="options">Prefetching; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public DatasetReader(DatasetManifest manifest, DatasetCache cache, DatasetReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(cache);
        _options = (options ?? new DatasetReaderOptions()).Snapshot();
        _cache = cache;
        var chunks = new List<DatasetChunk>();
        foreach (ManifestFile file in manifest.Files)
        {
            long offset = 0;
            int first = chunks.Count;
            foreach (ManifestChunk chunk in file.Chunks)
            {
                chunks.Add(new DatasetChunk(chunks.Count, file.Path, offset, chunk.Length, chunk.Id));
                offset += chunk.Length;
            }

            _files[file.Path] = (first, chunks.Count - first, offset);
        }

        _chunks = [.. chunks];
        TotalBytes = manifest.TotalLength;
    }

    /// <summary>Gets a copy of the options the reader was created with; changing it has no effect on the reader.</summary>
    public DatasetReaderOptions Options => _options.Snapshot();

    /// <summary>Gets the dataset's chunks, numbered over its files in order.</summary>
    public IReadOnlyList<DatasetChunk> Chunks => _chunks;

    /// <summary>Gets the dataset's length in bytes.</summary>
    public long TotalBytes { get; }

    /// <summary>Gets what this reader delivered so far.</summary>
    /// <returns>The totals.</returns>
    public DatasetReaderStatistics GetStatistics() => new(
        Interlocked.Read(ref _deliveredChunks),
        Interlocked.Read(ref _deliveredBytes),
        _cache.Options.TimeProvider.GetElapsedTime(0, Interlocked.Read(ref _stallTicks)),
        Interlocked.Read(ref _maxPrefetched));

    /// <summary>Creates a sampler over this dataset's chunks.</summary>
    /// <param name="options">Seed, ranks, shuffling.</param>
    /// <returns>The sampler.</returns>
    public EpochSampler CreateSampler(EpochSamplerOptions? options = null) => new(_chunks.Length, options);

    /// <summary>
    /// Reads <paramref name="epochs"/> epochs of <paramref name="sampler"/>'s order from <paramref name="start"/> on, first
    /// handing the cache the whole schedule so its clairvoyant policies know the future.
    /// </summary>
    /// <param name="sampler">A sampler over this dataset's chunks (<see cref="EpochSampler.ItemCount"/> = <see cref="Chunks"/>.Count).</param>
    /// <param name="start">Where to start (resume) in the sampler's epochs.</param>
    /// <param name="epochs">How many epochs, counting the one resumed, ≥ 1.</param>
    /// <param name="cancellationToken">Cancels reading; fetches in flight are cancelled and awaited before the enumeration ends.</param>
    /// <returns>The chunks in order.</returns>
    /// <exception cref="ArgumentException">The sampler is over a different number of items.</exception>
    public IAsyncEnumerable<DatasetChunkData> ReadEpochsAsync(EpochSampler sampler, SamplerPosition start, int epochs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (sampler.ItemCount != _chunks.Length)
        {
            throw new ArgumentException($"The sampler draws from {sampler.ItemCount} items; the dataset has {_chunks.Length} chunks.", nameof(sampler));
        }

        int[] order = sampler.GetSchedule(start, epochs);
        if (_options.ScheduleLanes == 1)
        {
            _cache.SetSchedule(CreateSchedule(order));
        }

        int perEpoch = sampler.ItemsPerEpoch;
        return ReadCoreAsync(order, i => PlaceOf(start, perEpoch, i), cancellationToken);
    }

    /// <summary>Reads chunks in <paramref name="order"/> (indices into <see cref="Chunks"/>; repeats allowed), prefetching ahead.</summary>
    /// <param name="order">The chunk indices; read position i is <paramref name="order"/>[i].</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The chunks in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, chunks).</exception>
    public IAsyncEnumerable<DatasetChunkData> ReadAsync(IReadOnlyList<int> order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        for (int i = 0; i < order.Count; i++)
        {
            if ((uint)order[i] >= (uint)_chunks.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(order), order[i], $"Chunk indices must be in [0, {_chunks.Length}); position {i} holds {order[i]}.");
            }
        }

        return ReadCoreAsync(order, static i => new SamplerPosition(0, i), cancellationToken);
    }

    /// <summary>
    /// Builds the merged schedule of several readers sharing this reader's cache, one lane per sampler (lane r reads
    /// <paramref name="samplers"/>[r] from <paramref name="start"/> for <paramref name="epochs"/> epochs), to hand to
    /// <see cref="DatasetCache.SetSchedule"/>; each reader is created with <see cref="DatasetReaderOptions.ScheduleLane"/> r
    /// of <see cref="DatasetReaderOptions.ScheduleLanes"/>.
    /// </summary>
    /// <param name="samplers">One sampler per reader, each over this dataset's chunks.</param>
    /// <param name="start">Where every reader starts.</param>
    /// <param name="epochs">How many epochs each reads.</param>
    /// <returns>The merged schedule.</returns>
    public AccessSchedule<ContentId> CreateSharedSchedule(IReadOnlyList<EpochSampler> samplers, SamplerPosition start, int epochs)
    {
        ArgumentNullException.ThrowIfNull(samplers);
        var lanes = new ContentId[samplers.Count][];
        for (int r = 0; r < lanes.Length; r++)
        {
            int[] order = samplers[r].GetSchedule(start, epochs);
            lanes[r] = [.. order.Select(i => _chunks[i].Id)];
        }

        return AccessSchedules.Interleave<ContentId>(lanes);
    }

    /// <summary>Builds the cache schedule of reading <paramref name="order"/>: the chunk ids in order, from position 0.</summary>
    /// <param name="order">Chunk indices.</param>
    /// <returns>The schedule.</returns>
    public AccessSchedule<ContentId> CreateSchedule(IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var ids = new ContentId[order.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = _chunks[order[i]].Id;
        }

        return new AccessSchedule<ContentId>(ids);
    }

    /// <summary>Writes the chunks in <paramref name="order"/> to <paramref name="destination"/>, back to back, and flushes after each.</summary>
    /// <param name="destination">The pipe; stops early when its reader completes.</param>
    /// <param name="order">Chunk indices.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>The bytes written.</returns>
    public async Task<long> CopyToAsync(PipeWriter destination, IReadOnlyList<int> order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long written = 0;
        await foreach (DatasetChunkData chunk in ReadAsync(order, cancellationToken).ConfigureAwait(false))
        {
            FlushResult result = await destination.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
            written += chunk.Data.Length;
            if (result.IsCompleted)
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Reads bytes of one file of the dataset, across chunk boundaries.</summary>
    /// <param name="path">The file's path as in the manifest.</param>
    /// <param name="offset">Where to start, in [0, file length].</param>
    /// <param name="destination">Where to put the bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read: the destination's length, or fewer at the end of the file.</returns>
    /// <exception cref="FileNotFoundException">The manifest has no such file.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside the file.</exception>
    public async ValueTask<int> ReadRangeAsync(string path, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_files.TryGetValue(path, out (int First, int Count, long Length) file))
        {
            throw new FileNotFoundException($"The dataset has no file \"{path}\".", path);
        }

        if (offset < 0 || offset > file.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset must be in [0, {file.Length}] (the file's length).");
        }

        int index = FindChunk(file.First, file.Count, offset);
        int copied = 0;
        while (copied < destination.Length && index < file.First + file.Count)
        {
            DatasetChunk chunk = _chunks[index];
            ReadOnlyMemory<byte> data = await _cache.GetAsync(chunk.Id, -1, cancellationToken).ConfigureAwait(false);
            int from = (int)(offset + copied - chunk.Offset);
            int count = Math.Min(chunk.Length - from, destination.Length - copied);
            data.Slice(from, count).CopyTo(destination[copied..]);
            copied += count;
            index++;
        }

        return copied;
    }

    /// <summary>
    /// Reads byte ranges (samples) of the dataset's files in the order given, with up to
    /// <see cref="DatasetReaderOptions.PrefetchWindow"/> ranges fetched ahead concurrently.
    /// </summary>
    /// <param name="ranges">The ranges; each is checked before reading starts.</param>
    /// <param name="cancellationToken">Cancels reading; fetches in flight are awaited before the enumeration ends.</param>
    /// <returns>The ranges' bytes in order.</returns>
    /// <exception cref="FileNotFoundException">A range names a file the manifest does not have.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range starts outside its file or has a negative length.</exception>
    public IAsyncEnumerable<DatasetRangeData> ReadRangesAsync(IReadOnlyList<DatasetRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        for (int i = 0; i < ranges.Count; i++)
        {
            DatasetRange range = ranges[i];
            if (range.File is null || !_files.TryGetValue(range.File, out (int First, int Count, long Length) file))
            {
                throw new FileNotFoundException($"Range {i} names \"{range.File}\", which the dataset does not have.", range.File);
            }

            if (range.Offset < 0 || range.Offset > file.Length || range.Length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ranges), range, $"Range {i} must start in [0, {file.Length}] (its file's length) and have a length ≥ 0.");
            }
        }

        return ReadRangesCoreAsync(ranges, cancellationToken);
    }

    private async IAsyncEnumerable<DatasetRangeData> ReadRangesCoreAsync(IReadOnlyList<DatasetRange> ranges, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<(byte[] Buffer, Task<int> Fetch)>();
        int next = 0;
        try
        {
            for (int index = 0; index < ranges.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (next < ranges.Count && window.Count <= _options.PrefetchWindow)
                {
                    DatasetRange ahead = ranges[next];
                    byte[] buffer = _options.PooledBuffers ? ArrayPool<byte>.Shared.Rent(Math.Max(ahead.Length, 1)) : new byte[ahead.Length];

                    // Task.Run: the window's ranges are fetched and decoded in parallel (CPU work; see Fetch).
                    Task<int> fetch = _options.PrefetchWindow == 0
                        ? ReadRangeAsync(ahead.File, ahead.Offset, buffer.AsMemory(0, ahead.Length), stop.Token).AsTask()
                        : Task.Run(() => ReadRangeAsync(ahead.File, ahead.Offset, buffer.AsMemory(0, ahead.Length), stop.Token).AsTask(), stop.Token);
                    window.Enqueue((buffer, fetch));
                    next++;
                }

                (byte[] current, Task<int> pending) = window.Peek();
                int length = await AwaitCountingStallsAsync(pending).ConfigureAwait(false);
                _ = window.Dequeue(); // from here the buffer is the consumer's

                Interlocked.Add(ref _deliveredBytes, length);
                _cache.Metrics.ReaderBytes.Add(length);
                yield return _options.PooledBuffers
                    ? new DatasetRangeData(ranges[index], index, new RentedBuffer(current), length)
                    : new DatasetRangeData(ranges[index], index, current.AsMemory(0, length));
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            while (window.TryDequeue(out (byte[] Buffer, Task<int> Fetch) pending))
            {
                await ((Task)pending.Fetch).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (_options.PooledBuffers)
                {
                    ArrayPool<byte>.Shared.Return(pending.Buffer);
                }
            }
        }
    }

    private static SamplerPosition PlaceOf(SamplerPosition start, int perEpoch, int i)
    {
        long absolute = start.Offset + (long)i;
        return new SamplerPosition(start.Epoch + (int)(absolute / perEpoch), (int)(absolute % perEpoch));
    }

    private int FindChunk(int first, int count, long offset)
    {
        int low = first;
        int high = first + count - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_chunks[middle].Offset <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return count == 0 ? first : low;
    }

    private async IAsyncEnumerable<DatasetChunkData> ReadCoreAsync(IReadOnlyList<int> order, Func<int, SamplerPosition> placeOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<(byte[]? Buffer, Task<ReadOnlyMemory<byte>> Fetch)>();
        long held = 0;
        int next = 0;
        try
        {
            for (int position = 0; position < order.Count; position++)
            {
                cancellationToken.ThrowIfCancellationRequested(); // chunks already fetched are not delivered after a cancel
                while (next < order.Count && window.Count <= _options.PrefetchWindow
                    && (window.Count == 0 || held + _chunks[order[next]].Length <= _options.PrefetchBytes))
                {
                    DatasetChunk ahead = _chunks[order[next]];
                    byte[]? rented = _options.PooledBuffers ? ArrayPool<byte>.Shared.Rent(Math.Max(ahead.Length, 1)) : null;
                    window.Enqueue((rented, Fetch(ahead, rented, next, stop.Token)));
                    held += ahead.Length;
                    next++;
                }

                UpdateMax(held);
                (byte[]? buffer, Task<ReadOnlyMemory<byte>> fetch) = window.Peek();
                ReadOnlyMemory<byte> data = await AwaitCountingStallsAsync(fetch).ConfigureAwait(false);
                _ = window.Dequeue(); // from here a pooled buffer is the consumer's, returned when it disposes the chunk

                DatasetChunk chunk = _chunks[order[position]];
                held -= chunk.Length;
                Interlocked.Increment(ref _deliveredChunks);
                Interlocked.Add(ref _deliveredBytes, data.Length);
                _cache.Metrics.ReaderBytes.Add(data.Length);
                yield return buffer is null
                    ? new DatasetChunkData(chunk, position, placeOf(position), data)
                    : new DatasetChunkData(chunk, position, placeOf(position), new RentedBuffer(buffer), data.Length);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            while (window.TryDequeue(out (byte[]? Buffer, Task<ReadOnlyMemory<byte>> Fetch) pending))
            {
                await ((Task)pending.Fetch).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (pending.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(pending.Buffer);
                }
            }
        }
    }

    /// <summary>Awaits a fetch; time spent waiting on one not yet done is the reader's stall.</summary>
    private async ValueTask<T> AwaitCountingStallsAsync<T>(Task<T> fetch)
    {
        if (fetch.IsCompleted)
        {
            return await fetch.ConfigureAwait(false);
        }

        // The cache's clock, so that a test's FakeTimeProvider drives stall times too.
        TimeProvider clock = _cache.Options.TimeProvider;
        long started = clock.GetTimestamp();
        try
        {
            return await fetch.ConfigureAwait(false);
        }
        finally
        {
            long stalled = clock.GetTimestamp() - started;
            Interlocked.Add(ref _stallTicks, stalled);
            _cache.Metrics.Stall.Record((double)stalled / clock.TimestampFrequency);
        }
    }

    private Task<ReadOnlyMemory<byte>> Fetch(DatasetChunk chunk, byte[]? buffer, long position, CancellationToken cancellationToken)
    {
        if (_options.PrefetchWindow == 0)
        {
            return FetchOneAsync(chunk, buffer, position, cancellationToken);
        }

        // Real parallel work, not an async wrapper: a fetch is mostly CPU (checksums and the LZ4/zstd decode of a chunk,
        // and local-store reads that complete synchronously), so starting it inline would run the whole window one
        // chunk after another on the consumer's thread. Task.Run spreads the window's fetches over the thread pool.
        return Task.Run(() => FetchOneAsync(chunk, buffer, position, cancellationToken), cancellationToken);
    }

    private async Task<ReadOnlyMemory<byte>> FetchOneAsync(DatasetChunk chunk, byte[]? buffer, long position, CancellationToken cancellationToken)
    {
        position = (position * _options.ScheduleLanes) + _options.ScheduleLane;
        if (buffer is null)
        {
            return await _cache.GetAsync(chunk.Id, position, cancellationToken).ConfigureAwait(false);
        }

        int length = await _cache.ReadAsync(chunk.Id, buffer.AsMemory(0, chunk.Length), position, cancellationToken).ConfigureAwait(false);
        return buffer.AsMemory(0, length);
    }

    private void UpdateMax(long held)
    {
        long current = Interlocked.Read(ref _maxPrefetched);
        while (held > current)
        {
            long seen = Interlocked.CompareExchange(ref _maxPrefetched, held, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }
}
