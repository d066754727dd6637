using Aios.Data.Caching;
using Aios.Data.Storage;

namespace Aios.Cli.Data;

/// <summary>
/// The first tier below memory, wrapped to count the scheduled reads that reach it per epoch: the memory tier's misses of
/// each epoch. Statistics taken when the reader crosses an epoch boundary would already hold the next epoch's prefetched
/// reads; counting by schedule position does not.
/// </summary>
/// <remarks>
/// Prefetches run concurrently, so a chunk's read early in epoch e + 1 can reach the tier before its read late in epoch e,
/// which is then served from that fetch. Such a fetch is counted for the earlier read, the one that logically missed.
/// </remarks>
internal sealed class EpochMissCounter : ChunkTier
{
    private readonly ChunkTier _inner;
    private readonly int _readsPerEpoch;
    private readonly int _window;
    private readonly long[] _misses;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContentId, Counted> _counted = [];
    private AccessSchedule<ContentId>? _schedule;

    public EpochMissCounter(ChunkTier inner, int readsPerEpoch, int epochs, int prefetchWindow)
        : base(inner.Name)
    {
        _inner = inner;
        _readsPerEpoch = readsPerEpoch;
        _window = prefetchWindow;
        _misses = new long[epochs];
    }

    public override bool IsWritable => _inner.IsWritable;

    public override long? CapacityBytes => _inner.CapacityBytes;

    public override long UsedBytes => _inner.UsedBytes;

    public override long Evictions => _inner.Evictions;

    /// <summary>Gets the reads of <paramref name="epoch"/> (counted from the schedule's start) that missed memory.</summary>
    public long GetMisses(int epoch) => Interlocked.Read(ref _misses[epoch]);

    public override ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        if (position >= 0)
        {
            Count(id, position);
        }

        return _inner.ReadAsync(id, position, cancellationToken);
    }

    public override ValueTask<(int Length, TierChunk? Chunk)> ReadIntoAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
    {
        if (position >= 0)
        {
            Count(id, position);
        }

        return _inner.ReadIntoAsync(id, destination, position, cancellationToken);
    }

    public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken) =>
        _inner.WriteAsync(id, chunk, position, cancellationToken);

    public override ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken) => _inner.RemoveAsync(id, cancellationToken);

    public override void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
        lock (_gate)
        {
            _schedule = schedule;
            _counted.Clear();
        }

        _inner.SetSchedule(schedule);
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
