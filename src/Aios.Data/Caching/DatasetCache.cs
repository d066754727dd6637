using System.Collections.Concurrent;
using Aios.Data.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Data.Caching;

/// <summary>
/// The chunked dataset cache: a byte-budgeted memory tier over an ordered list of <see cref="ChunkTier"/>s (local disk,
/// a shared server, the origin). A read walks down until a tier has the chunk, verifies it, fills the tiers above and
/// offers it to the memory tier's policy. Thread-safe for any number of concurrent readers.
/// </summary>
/// <remarks>
/// <para>Integrity: every tier's bytes are checked before use; a tier that returns bad bytes is counted
/// (<see cref="CacheTierStatistics.Corrupt"/>), the chunk is read from the next tier, and the bad copy is replaced. A
/// reader never receives wrong bytes: when no tier has good ones the read throws.</para>
/// <para>Availability: a tier whose call fails transiently (a Redis server stopped, a share unmounted: see
/// <see cref="ChunkTier.IsTransient"/>) is skipped for <see cref="DatasetCacheOptions.RetryUnavailableAfter"/>, then
/// tried again, so reads continue from the tiers below and pick the tier up again when it returns. Any other exception
/// from a tier (a bug) propagates to the reader, as does cancellation.</para>
/// <para>Logging (<see cref="DatasetCacheOptions.LoggerFactory"/>): a tier becoming unavailable (with the exception)
/// and available again, a corrupt copy found and repaired, a chunk no tier holds good.</para>
/// <para>Concurrent misses of one chunk are fetched once; the others wait for that fetch.</para>
/// </remarks>
public sealed class DatasetCache : IDisposable
{
    private const string MemoryTierName = "memory";
    private readonly MemoryTier _memory;
    private readonly TierCounters _memoryCounters = new();
    private readonly ChunkTier[] _tiers;
    private readonly TierCounters[] _counters;
    private readonly CacheMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ContentId, Task<byte[]>> _inFlight = new();
    private readonly ConcurrentDictionary<ContentId, DirectFetch> _direct = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly DatasetCacheOptions _options;

    /// <summary>Initializes the cache.</summary>
    /// <param name="tiers">The tiers below memory, fastest first; the last is usually the origin. From 1 to 32.</param>
    /// <param name="options">Memory budget and policy, retry delay, meter; defaults when null.</param>
    /// <exception cref="ArgumentException"><paramref name="tiers"/> is empty, holds more than 32 tiers or null, or two tiers share a name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public DatasetCache(IEnumerable<ChunkTier> tiers, DatasetCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        _tiers = [.. tiers];
        if (_tiers.Length is 0 or > 32 || Array.Exists(_tiers, static t => t is null))
        {
            throw new ArgumentException($"Give from 1 to 32 tiers, and no null ones (got {_tiers.Length}).", nameof(tiers));
        }

        var names = new HashSet<string>(StringComparer.Ordinal) { MemoryTierName };
        foreach (ChunkTier tier in _tiers)
        {
            if (!names.Add(tier.Name))
            {
                throw new ArgumentException($"Tier names must be distinct (and not \"{MemoryTierName}\"): \"{tier.Name}\" repeats.", nameof(tiers));
            }
        }

        _options = (options ?? new DatasetCacheOptions()).Snapshot();
        _memory = new MemoryTier(_options.MemoryBytes, _options.MemoryPolicy);
        _counters = [.. _tiers.Select(_ => new TierCounters())];
        _metrics = new CacheMetrics(_options.MeterFactory);
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DatasetCache>();
    }

    /// <summary>Gets a copy of the options the cache was created with; changing it has no effect on the cache.</summary>
    public DatasetCacheOptions Options => _options.Snapshot();

    /// <summary>Gets the tiers below memory, in reading order.</summary>
    public IReadOnlyList<ChunkTier> Tiers => _tiers;

    internal CacheMetrics Metrics => _metrics;

    /// <summary>Hands every tier the reader's future accesses, for clairvoyant policies (null forgets them).</summary>
    /// <param name="schedule">The schedule; positions passed to <see cref="GetAsync"/> refer to it.</param>
    public void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
        _memory.SetSchedule(schedule);
        foreach (ChunkTier tier in _tiers)
        {
            tier.SetSchedule(schedule);
        }
    }

    /// <summary>Reads a chunk through the tiers.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="position">The read's position in the schedule (see <see cref="SetSchedule"/>); negative when unscheduled.</param>
    /// <param name="cancellationToken">Stops waiting (a fetch shared with other readers continues for them).</param>
    /// <returns>The verified content. Do not modify it: memory-tier hits share the cached array.</returns>
    /// <exception cref="ChunkNotFoundException">No tier holds the chunk.</exception>
    /// <exception cref="ChunkCorruptException">Every tier that holds it holds bad bytes.</exception>
    /// <exception cref="IOException">No reachable tier holds it and some tier was unreachable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<ReadOnlyMemory<byte>> GetAsync(ContentId id, long position = -1, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_memory.TryGet(id, position, out byte[] cached))
        {
            CountMemoryHit(cached.Length);
            return new ValueTask<ReadOnlyMemory<byte>>(cached);
        }

        CountMemoryMiss();
        return FetchSharedAsync(id, position, cancellationToken);
    }

    /// <summary>
    /// Reads a chunk through the tiers into <paramref name="destination"/>: memory hits are copied, a local store decodes
    /// straight into it, and an array is allocated only when the memory tier admits the chunk or a tier above takes it.
    /// </summary>
    /// <param name="id">The chunk.</param>
    /// <param name="destination">At least the chunk's length.</param>
    /// <param name="position">The read's position in the schedule; negative when unscheduled.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The chunk's length: that many bytes of <paramref name="destination"/> hold it, verified.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the chunk.</exception>
    /// <exception cref="ChunkNotFoundException">No tier holds the chunk.</exception>
    /// <exception cref="ChunkCorruptException">Every tier that holds it holds bad bytes.</exception>
    public async ValueTask<int> ReadAsync(ContentId id, Memory<byte> destination, long position = -1, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (!_memory.TryGet(id, position, out byte[] content))
        {
            CountMemoryMiss();
            if (_inFlight.TryGetValue(id, out Task<byte[]>? shared))
            {
                content = await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                (byte[]? joined, int length) = await JoinOrFetchDirectAsync(id, destination, position, cancellationToken).ConfigureAwait(false);
                if (joined is null)
                {
                    return length; // fetched into the destination ourselves
                }

                content = joined;
            }
        }
        else
        {
            CountMemoryHit(content.Length);
        }

        if (content.Length > destination.Length)
        {
            throw new ArgumentException($"Chunk {id} holds {content.Length} bytes; the destination only {destination.Length}.", nameof(destination));
        }

        content.CopyTo(destination);
        return content.Length;
    }

    /// <summary>Reads a chunk and pins it in the memory tier: it is never evicted until <see cref="Unpin"/>.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when it is pinned.</returns>
    /// <exception cref="InvalidOperationException">The pinned chunks would exceed the memory budget (nothing changes).</exception>
    public async ValueTask PinAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> content = await GetAsync(id, -1, cancellationToken).ConfigureAwait(false);
        byte[] array = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();
        if (!_memory.TryPin(id, array))
        {
            throw new InvalidOperationException($"Pinning chunk {id} ({array.Length} bytes) would exceed the memory budget of {_options.MemoryBytes} bytes ({_memory.PinnedBytes} already pinned).");
        }
    }

    /// <summary>Unpins a chunk; it stays cached under the memory policy.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>Whether it was pinned.</returns>
    public bool Unpin(ContentId id) => _memory.Unpin(id);

    /// <summary>Whether a chunk is pinned in the memory tier.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>True when pinned.</returns>
    public bool IsPinned(ContentId id) => _memory.IsPinned(id);

    /// <summary>Gets what each tier served, memory first.</summary>
    /// <returns>One entry per tier.</returns>
    public IReadOnlyList<CacheTierStatistics> GetStatistics()
    {
        var statistics = new CacheTierStatistics[_tiers.Length + 1];
        statistics[0] = _memoryCounters.Snapshot(MemoryTierName, _memory.Evictions, _memory.UsedBytes, _memory.Capacity);
        for (int i = 0; i < _tiers.Length; i++)
        {
            statistics[i + 1] = _counters[i].Snapshot(_tiers[i].Name, _tiers[i].Evictions, _tiers[i].UsedBytes, _tiers[i].CapacityBytes);
        }

        return statistics;
    }

    /// <summary>Gets the bytes the memory tier holds (never more than <see cref="DatasetCacheOptions.MemoryBytes"/>).</summary>
    public long MemoryUsedBytes => _memory.UsedBytes;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _memory.Dispose();
            _disposed.Dispose();
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> FetchSharedAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<byte[]> shared = _inFlight.GetOrAdd(id, mine.Task);
        if (shared == mine.Task)
        {
            try
            {
                mine.SetResult(await FetchAsync(id, position, _disposed.Token).ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<ContentId, Task<byte[]>>(id, mine.Task));
            }
        }

        return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins another reader's running direct fetch of the chunk (returns its content), or fetches into
    /// <paramref name="destination"/> registered so that concurrent readers join this one (returns no content, the length).
    /// </summary>
    private async ValueTask<(byte[]? Joined, int Length)> JoinOrFetchDirectAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            DirectFetch? finished = null;
            if (_direct.TryGetValue(id, out DirectFetch? running))
            {
                if (running.TryJoin())
                {
                    byte[]? shared = await running.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (shared is not null)
                    {
                        return (shared, shared.Length);
                    }
                }

                // It finished without content for us (or its owner was cancelled) and its owner is about to remove it:
                // take its place at once rather than wait for the removal (the owner removes only its own entry).
                finished = running;
            }

            var mine = new DirectFetch();
            if (!(finished is null ? _direct.TryAdd(id, mine) : _direct.TryUpdate(id, mine, finished)))
            {
                continue; // another reader registered first: join it
            }

            try
            {
                (int length, byte[]? content) = await FetchCoreAsync(id, destination, intoDestination: true, position, cancellationToken).ConfigureAwait(false);
                mine.Complete(waiting => waiting ? content ?? destination[..length].ToArray() : null);
                return (null, length);
            }
            catch (Exception exception)
            {
                mine.Fail(exception);
                throw;
            }
            finally
            {
                _direct.TryRemove(new KeyValuePair<ContentId, DirectFetch>(id, mine));
            }
        }
    }

    private async Task<byte[]> FetchAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        (_, byte[]? content) = await FetchCoreAsync(id, Memory<byte>.Empty, intoDestination: false, position, cancellationToken).ConfigureAwait(false);
        return content!;
    }

    /// <summary>
    /// Walks the tiers. With <paramref name="intoDestination"/> each tier reads into <paramref name="destination"/> (no
    /// allocation from a local store) and an array is made only for the tiers above or the memory tier if they take
    /// the chunk; otherwise the tiers return arrays and the content array is returned.
    /// </summary>
    private async ValueTask<(int Length, byte[]? Content)> FetchCoreAsync(ContentId id, Memory<byte> destination, bool intoDestination, long position, CancellationToken cancellationToken)
    {
        ChunkCorruptException? corrupt = null;
        Exception? unavailable = null;
        int corruptTiers = 0; // bit i: tier i held bad bytes
        for (int i = 0; i < _tiers.Length; i++)
        {
            ChunkTier tier = _tiers[i];
            TierCounters counters = _counters[i];
            if (IsSkipped(i))
            {
                counters.Skip();
                continue;
            }

            int length;
            TierChunk? chunk;
            try
            {
                if (intoDestination)
                {
                    (length, chunk) = await tier.ReadIntoAsync(id, destination, position, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    chunk = await tier.ReadAsync(id, position, cancellationToken).ConfigureAwait(false);
                    length = chunk?.Content.Length ?? -1;
                }
            }
            catch (ChunkCorruptException exception)
            {
                NoteAvailable(i);
                counters.CorruptRead();
                _metrics.Corrupt.Add(1, CacheMetrics.Tier(tier.Name));
                Log.CorruptCopy(_logger, tier.Name, id, exception);
                corrupt = exception;
                corruptTiers |= 1 << i;
                continue;
            }
            catch (Exception exception) when (IsTransientFailure(tier, exception, cancellationToken))
            {
                MarkUnavailable(i, exception);
                unavailable = exception;
                continue;
            }

            NoteAvailable(i);

            if (length < 0)
            {
                counters.Miss();
                _metrics.Misses.Add(1, CacheMetrics.Tier(tier.Name));
                continue;
            }

            counters.Hit(length);
            _metrics.Hits.Add(1, CacheMetrics.Tier(tier.Name));
            _metrics.BytesRead.Add(length, CacheMetrics.Tier(tier.Name));
            if (chunk is null && HasWritableAbove(i))
            {
                chunk = new TierChunk(destination[..length].ToArray());
            }

            // A bad copy is dropped only now that a good one replaces it: with none found, the bad file stays where it is
            // (for verify to report and an operator to inspect) rather than vanish as a "missing" chunk.
            int removed = 0; // bit b: tier b's bad copy was removed
            for (int bad = 0; bad < i; bad++)
            {
                if ((corruptTiers & (1 << bad)) != 0
                    && await TryAsync(bad, static async (t, id, _, token) => { await t.RemoveAsync(id, token).ConfigureAwait(false); return true; }, id, default, cancellationToken).ConfigureAwait(false))
                {
                    removed |= 1 << bad;
                }
            }

            int written = chunk is not null ? await FillAboveAsync(i, id, chunk, position, cancellationToken).ConfigureAwait(false) : 0;
            for (int bad = 0; bad < i; bad++)
            {
                if ((removed & (1 << bad)) != 0)
                {
                    Log.CorruptCopyRepaired(_logger, id, _tiers[bad].Name, tier.Name, (written & (1 << bad)) != 0);
                }
            }

            int evicted = chunk is not null
                ? _memory.Offer(id, chunk.Content, position)
                : _memory.Offer(id, length, destination[..length], static d => d.ToArray(), position);
            if (evicted > 0)
            {
                _metrics.Evictions.Add(evicted, CacheMetrics.Tier(MemoryTierName));
            }

            return (length, chunk?.Content);
        }

        if (corrupt is not null)
        {
            Log.NoGoodCopy(_logger, id, string.Join(", ", _tiers.Where((_, t) => (corruptTiers & (1 << t)) != 0).Select(t => t.Name)), corrupt);
            throw corrupt;
        }

        throw unavailable is not null
                ? new IOException($"Chunk {id} is in no reachable tier; a tier was unreachable: {unavailable.Message}", unavailable)
                : new ChunkNotFoundException(id, $"tiers {string.Join(", ", _tiers.Select(t => t.Name))}", $"Chunk {id} is in none of the cache's tiers ({string.Join(", ", _tiers.Select(t => t.Name))}).");
    }

    private bool HasWritableAbove(int found)
    {
        for (int i = 0; i < found; i++)
        {
            if (_tiers[i].IsWritable && !IsSkipped(i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Offers the chunk to the writable tiers above <paramref name="found"/>; returns a mask of the tiers that took it.</summary>
    private async ValueTask<int> FillAboveAsync(int found, ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken)
    {
        int written = 0;
        for (int i = 0; i < found; i++)
        {
            ChunkTier tier = _tiers[i];
            if (!tier.IsWritable || IsSkipped(i))
            {
                continue;
            }

            long evictionsBefore = tier.Evictions;
            if (await TryAsync(i, static (t, id, state, token) => t.WriteAsync(id, state.Chunk!, state.Position, token), id, (chunk, position), cancellationToken).ConfigureAwait(false))
            {
                _counters[i].Write();
                written |= 1 << i;
            }

            long evicted = tier.Evictions - evictionsBefore;
            if (evicted > 0)
            {
                _metrics.Evictions.Add(evicted, CacheMetrics.Tier(tier.Name));
            }
        }

        return written;
    }

    /// <summary>
    /// Runs one call of tier <paramref name="i"/>: a transient failure marks the tier unavailable and returns false;
    /// cancellation and any other exception propagate.
    /// </summary>
    private async ValueTask<bool> TryAsync(
        int i,
        Func<ChunkTier, ContentId, (TierChunk? Chunk, long Position), CancellationToken, ValueTask<bool>> call,
        ContentId id,
        (TierChunk? Chunk, long Position) state,
        CancellationToken cancellationToken)
    {
        ChunkTier tier = _tiers[i];
        bool result;
        try
        {
            result = await call(tier, id, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransientFailure(tier, exception, cancellationToken))
        {
            MarkUnavailable(i, exception);
            return false;
        }

        NoteAvailable(i);
        return result;
    }

    /// <summary>
    /// Whether a tier's exception means the tier is unreachable for now: never the caller's own cancellation, never a
    /// corrupt chunk (handled by the caller), otherwise as the tier's <see cref="ChunkTier.IsTransient"/> says.
    /// </summary>
    private static bool IsTransientFailure(ChunkTier tier, Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && exception is not ChunkCorruptException
        && tier.IsTransient(exception);

    /// <summary>Whether tier <paramref name="i"/> is inside the skip window of its last failure.</summary>
    private bool IsSkipped(int i) => _counters[i].UnavailableUntil > _options.TimeProvider.GetTimestamp();

    private void CountMemoryHit(int bytes)
    {
        _memoryCounters.Hit(bytes);
        _metrics.Hits.Add(1, CacheMetrics.Tier(MemoryTierName));
        _metrics.BytesRead.Add(bytes, CacheMetrics.Tier(MemoryTierName));
    }

    private void CountMemoryMiss()
    {
        _memoryCounters.Miss();
        _metrics.Misses.Add(1, CacheMetrics.Tier(MemoryTierName));
    }

    private void MarkUnavailable(int i, Exception exception)
    {
        ChunkTier tier = _tiers[i];
        TierCounters counters = _counters[i];
        counters.Error();
        _metrics.Errors.Add(1, CacheMetrics.Tier(tier.Name));
        counters.UnavailableUntil = _options.TimeProvider.GetTimestamp() + (long)(_options.RetryUnavailableAfter.TotalSeconds * _options.TimeProvider.TimestampFrequency);
        if (counters.SetUnavailable())
        {
            Log.TierUnavailable(_logger, tier.Name, _options.RetryUnavailableAfter, exception);
        }
        else
        {
            Log.TierStillUnavailable(_logger, tier.Name, _options.RetryUnavailableAfter, exception);
        }
    }

    /// <summary>Records that a call of tier <paramref name="i"/> succeeded: a tier marked unavailable is available again.</summary>
    private void NoteAvailable(int i)
    {
        if (_counters[i].SetAvailable())
        {
            Log.TierAvailable(_logger, _tiers[i].Name);
        }
    }
}
