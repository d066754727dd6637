using Aios.Data.Storage;

namespace Aios.Data.Caching;

/// <summary>
/// Counts the memory tier's misses of each epoch: wrap the first tier below memory in it, and it counts the scheduled
/// reads that reach that tier, by the epoch their schedule position falls in. The memory hit rate of epoch e is then
/// 1 − <see cref="GetMisses"/>(e) / reads per epoch. Statistics taken when a reader crosses an epoch boundary would
/// already hold the next epoch's prefetched reads; counting by schedule position does not.
/// </summary>
/// <remarks>
/// <para>Prefetches run concurrently, so a chunk's read early in epoch e + 1 can reach the tier before its read late in
/// epoch e, which is then served from that fetch. Such a fetch is counted for the earlier read, the one that logically
/// missed.</para>
/// <para>Positions are those <see cref="DatasetCache.GetAsync"/> receives: for a <see cref="Reading.DatasetReader"/>
/// with <see cref="Reading.DatasetReaderOptions.ScheduleLanes"/> L, reads per epoch are the reader's chunks per epoch × L.
/// Unscheduled reads (negative positions) are not counted. Every other call goes to the wrapped tier unchanged.</para>
/// </remarks>
public sealed class EpochMissCounter : ChunkTier
{
    private readonly ChunkTier _inner;
    private readonly int _readsPerEpoch;
    private readonly int _window;
    private readonly long[] _misses;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContentId, Counted> _counted = [];
    private AccessSchedule<ContentId>? _schedule;

    /// <summary>Wraps <paramref name="inner"/>, under its name.</summary>
    /// <param name="inner">The first tier below memory.</param>
    /// <param name="readsPerEpoch">The scheduled reads of one epoch (the sampler's items per epoch), ≥ 1.</param>
    /// <param name="epochs">The epochs counted (from the schedule's start), ≥ 1; reads beyond them are not counted.</param>
    /// <param name="prefetchWindow">The reader's <see cref="Reading.DatasetReaderOptions.PrefetchWindow"/>, ≥ 0: how far apart two reads of one chunk may reach the tier out of order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is outside its range.</exception>
    public EpochMissCounter(ChunkTier inner, int readsPerEpoch, int epochs, int prefetchWindow)
        : base(Validated(inner).Name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetchWindow);
        _inner = inner;
        _readsPerEpoch = readsPerEpoch;
        _window = prefetchWindow;
        _misses = new long[epochs];
    }

    /// <summary>Gets the wrapped tier.</summary>
    public ChunkTier Inner => _inner;

    /// <summary>Gets the epochs counted.</summary>
    public int Epochs => _misses.Length;

    /// <inheritdoc/>
    public override bool IsWritable => _inner.IsWritable;

    /// <inheritdoc/>
    public override long? CapacityBytes => _inner.CapacityBytes;

    /// <inheritdoc/>
    public override long UsedBytes => _inner.UsedBytes;

    /// <inheritdoc/>
    public override long Evictions => _inner.Evictions;

    /// <summary>Gets the reads of <paramref name="epoch"/> (counted from the schedule's start) that missed memory.</summary>
    /// <param name="epoch">The epoch, in [0, <see cref="Epochs"/>).</param>
    /// <returns>The misses counted so far.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is outside [0, <see cref="Epochs"/>).</exception>
    public long GetMisses(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(epoch, _misses.Length);
        return Interlocked.Read(ref _misses[epoch]);
    }

    /// <inheritdoc/>
    public override bool IsTransient(Exception exception) => _inner.IsTransient(exception);

    /// <inheritdoc/>
    public override ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        if (position >= 0)
        {
            Count(id, position);
        }

        return _inner.ReadAsync(id, position, cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask<(int Length, TierChunk? Chunk)> ReadIntoAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
    {
        if (position >= 0)
        {
            Count(id, position);
        }

        return _inner.ReadIntoAsync(id, destination, position, cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken) =>
        _inner.WriteAsync(id, chunk, position, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken) => _inner.RemoveAsync(id, cancellationToken);

    /// <inheritdoc/>
    public override void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
        lock (_gate)
        {
            _schedule = schedule;
            _counted.Clear();
        }

        _inner.SetSchedule(schedule);
    }

    private static ChunkTier Validated(ChunkTier inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return inner;
    }

    private void Count(ContentId id, long position)
    {
        long counted = position;
        lock (_gate)
        {
            Counted state = _counted.GetValueOrDefault(id, new Counted(-1, -1, -1));
            if (position == state.LentTo)
            {
                // The earlier read got the later fetch's count; now that it reached the tier itself, the count goes back.
                counted = state.LentFrom;
                state = state with { LentTo = -1 };
            }
            else if (_schedule is not null)
            {
                long earlier = -1;
                for (long next = _schedule.NextUse(id, state.Last); next < position; next = _schedule.NextUse(id, next))
                {
                    earlier = next;
                }

                if (earlier >= 0 && position - earlier <= _window + 1)
                {
                    counted = earlier;
                    state = state with { LentTo = earlier, LentFrom = position };
                }
            }

            _counted[id] = state with { Last = Math.Max(state.Last, position) };
        }

        if (counted / _readsPerEpoch < _misses.Length)
        {
            Interlocked.Increment(ref _misses[counted / _readsPerEpoch]);
        }
    }

    private readonly record struct Counted(long Last, long LentTo, long LentFrom);
}
