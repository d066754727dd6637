using Aios.Data.Caching;
using Aios.Data.Storage;

namespace Aios.Cli.Data;

/// <summary>
/// The first tier below memory, wrapped to count the scheduled reads that reach it per epoch: the memory tier's misses of
/// each epoch. Counting by schedule position is exact under prefetching, where statistics taken when the reader crosses
/// an epoch boundary already hold the next epoch's first fetches.
/// </summary>
internal sealed class EpochMissCounter : ChunkTier
{
    private readonly ChunkTier _inner;
    private readonly int _readsPerEpoch;
    private readonly long[] _misses;

    public EpochMissCounter(ChunkTier inner, int readsPerEpoch, int epochs)
        : base(inner.Name)
    {
        _inner = inner;
        _readsPerEpoch = readsPerEpoch;
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
        if (position >= 0 && position / _readsPerEpoch < _misses.Length)
        {
            Interlocked.Increment(ref _misses[position / _readsPerEpoch]);
        }

        return _inner.ReadAsync(id, position, cancellationToken);
    }

    public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken) =>
        _inner.WriteAsync(id, chunk, position, cancellationToken);

    public override ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken) => _inner.RemoveAsync(id, cancellationToken);

    public override void SetSchedule(AccessSchedule<ContentId>? schedule) => _inner.SetSchedule(schedule);
}
