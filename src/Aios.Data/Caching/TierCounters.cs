namespace Aios.Data.Caching;

/// <summary>Thread-safe running counts of one tier, for <see cref="CacheTierStatistics"/>.</summary>
internal sealed class TierCounters
{
    private long _hits;
    private long _misses;
    private long _corrupt;
    private long _errors;
    private long _skipped;
    private long _bytesRead;
    private long _writes;
    private long _unavailableUntil;
    private int _unavailable;

    public void Hit(long bytes)
    {
        Interlocked.Increment(ref _hits);
        Interlocked.Add(ref _bytesRead, bytes);
    }

    public void Miss() => Interlocked.Increment(ref _misses);

    public void CorruptRead() => Interlocked.Increment(ref _corrupt);

    public void Error() => Interlocked.Increment(ref _errors);

    public void Skip() => Interlocked.Increment(ref _skipped);

    public void Write() => Interlocked.Increment(ref _writes);

    /// <summary>Gets or sets the timestamp (<see cref="TimeProvider.GetTimestamp"/>) until which the tier is skipped.</summary>
    public long UnavailableUntil
    {
        get => Volatile.Read(ref _unavailableUntil);
        set => Volatile.Write(ref _unavailableUntil, value);
    }

    /// <summary>Marks the tier unavailable; true when it was available (the transition an operator is told about).</summary>
    public bool SetUnavailable() => Interlocked.Exchange(ref _unavailable, 1) == 0;

    /// <summary>Marks the tier available; true when it was unavailable.</summary>
    public bool SetAvailable() => Volatile.Read(ref _unavailable) != 0 && Interlocked.Exchange(ref _unavailable, 0) == 1;

    public CacheTierStatistics Snapshot(string tier, long evictions, long usedBytes, long? capacity) => new(
        tier,
        Volatile.Read(ref _hits),
        Volatile.Read(ref _misses),
        Volatile.Read(ref _corrupt),
        Volatile.Read(ref _errors),
        Volatile.Read(ref _skipped),
        Volatile.Read(ref _bytesRead),
        Volatile.Read(ref _writes),
        evictions,
        usedBytes,
        capacity);
}
