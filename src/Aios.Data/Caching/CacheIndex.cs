namespace Aios.Data.Caching;

/// <summary>
/// The bookkeeping of a byte-budgeted cache: which keys are resident, their sizes, pins, and the policy's order. Decides
/// admissions and victims; the tier that owns it stores the bytes. Not thread-safe: the owner serializes calls.
/// </summary>
/// <remarks>
/// The budget holds exactly: <see cref="UsedBytes"/> ≤ <see cref="Capacity"/> after every call. Pinned keys are kept
/// outside the policy's order, so no policy can choose them as victims.
/// </remarks>
internal sealed class CacheIndex<TKey>
    where TKey : notnull
{
    private static readonly Comparer<long> s_latestFirst = Comparer<long>.Create(static (a, b) => b.CompareTo(a));
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly LinkedList<TKey> _recency = new();
    private readonly PriorityQueue<(TKey Key, int Version), long> _future = new(s_latestFirst);
    private AccessSchedule<TKey>? _schedule;
    private long _now = -1;

    public CacheIndex(long capacity, CachePolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "The policy must be Lru, AdmitOnce or Clairvoyant.");
        }

        Capacity = capacity;
        Policy = policy;
    }

    public long Capacity { get; }

    public CachePolicy Policy { get; }

    public long UsedBytes { get; private set; }

    public long PinnedBytes { get; private set; }

    public int Count => _entries.Count;

    public long Evictions { get; private set; }

    /// <summary>Gets or sets the future reads the clairvoyant policy plans by; setting it re-ranks the resident keys.</summary>
    public AccessSchedule<TKey>? Schedule
    {
        get => _schedule;
        set
        {
            _schedule = value;
            _future.Clear();
            foreach ((TKey key, Entry entry) in _entries)
            {
                if (!entry.Pinned && Policy == CachePolicy.Clairvoyant)
                {
                    Rank(key, entry, NextUse(key, _now));
                }
            }
        }
    }

    public bool Contains(TKey key) => _entries.ContainsKey(key);

    public bool IsPinned(TKey key) => _entries.TryGetValue(key, out Entry? entry) && entry.Pinned;

    /// <summary>Records a read of <paramref name="key"/> at <paramref name="position"/> (negative: unscheduled, "now").</summary>
    /// <returns>Whether the key is resident (a hit).</returns>
    public bool Touch(TKey key, long position)
    {
        position = Advance(position);
        if (!_entries.TryGetValue(key, out Entry? entry))
        {
            return false;
        }

        if (!entry.Pinned)
        {
            switch (Policy)
            {
                case CachePolicy.Lru:
                    _recency.Remove(entry.Node!);
                    _recency.AddLast(entry.Node!);
                    break;
                case CachePolicy.Clairvoyant:
                    Rank(key, entry, NextUse(key, position));
                    break;
            }
        }

        return true;
    }

    /// <summary>Decides whether to admit <paramref name="key"/> after a miss, evicting what the policy chooses to make room.</summary>
    /// <param name="key">The key (not resident).</param>
    /// <param name="size">Its size in bytes, ≥ 0.</param>
    /// <param name="position">The read's position (negative: unscheduled).</param>
    /// <param name="evicted">Receives the keys evicted; the owner removes their bytes.</param>
    /// <returns>Whether the key was admitted (when false, some keys may still have been evicted for it).</returns>
    public bool TryAdmit(TKey key, long size, long position, List<TKey> evicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        position = Advance(position);
        if (_entries.ContainsKey(key))
        {
            Touch(key, position);
            return true;
        }

        if (size > Capacity - PinnedBytes)
        {
            return false;
        }

        long next = Policy == CachePolicy.Clairvoyant ? NextUse(key, position) : 0;
        if (Policy == CachePolicy.Clairvoyant && next == long.MaxValue && UsedBytes + size > Capacity)
        {
            return false;
        }

        while (UsedBytes + size > Capacity)
        {
            if (!TryChooseVictim(next, out TKey? victim))
            {
                return false;
            }

            RemoveEntry(victim, _entries[victim]);
            Evictions++;
            evicted.Add(victim);
        }

        var entry = new Entry { Size = size };
        _entries.Add(key, entry);
        UsedBytes += size;
        switch (Policy)
        {
            case CachePolicy.Lru:
                entry.Node = _recency.AddLast(key);
                break;
            case CachePolicy.Clairvoyant:
                Rank(key, entry, next);
                break;
        }

        return true;
    }

    /// <summary>Pins <paramref name="key"/> (resident or not), evicting unpinned keys for room as needed.</summary>
    /// <returns>False when the pinned keys would exceed the capacity (nothing changes then).</returns>
    public bool TryPin(TKey key, long size, List<TKey> evicted)
    {
        if (_entries.TryGetValue(key, out Entry? existing))
        {
            if (!existing.Pinned)
            {
                Unrank(existing);
                existing.Pinned = true;
                PinnedBytes += existing.Size;
            }

            return true;
        }

        if (size > Capacity - PinnedBytes)
        {
            return false;
        }

        while (UsedBytes + size > Capacity)
        {
            TKey victim = AnyUnpinnedVictim();
            RemoveEntry(victim, _entries[victim]);
            Evictions++;
            evicted.Add(victim);
        }

        _entries.Add(key, new Entry { Size = size, Pinned = true });
        UsedBytes += size;
        PinnedBytes += size;
        return true;
    }

    /// <summary>Unpins <paramref name="key"/>; it stays resident under the policy.</summary>
    public bool Unpin(TKey key)
    {
        if (!_entries.TryGetValue(key, out Entry? entry) || !entry.Pinned)
        {
            return false;
        }

        entry.Pinned = false;
        PinnedBytes -= entry.Size;
        switch (Policy)
        {
            case CachePolicy.Lru:
                entry.Node = _recency.AddLast(key);
                break;
            case CachePolicy.Clairvoyant:
                Rank(key, entry, NextUse(key, _now));
                break;
        }

        return true;
    }

    /// <summary>Forgets <paramref name="key"/> (its bytes were found corrupt or removed), pinned or not.</summary>
    public bool Remove(TKey key)
    {
        if (!_entries.TryGetValue(key, out Entry? entry))
        {
            return false;
        }

        RemoveEntry(key, entry);
        return true;
    }

    private long Advance(long position)
    {
        if (position < 0)
        {
            return _now;
        }

        _now = Math.Max(_now, position);
        return position;
    }

    private long NextUse(TKey key, long position) => _schedule?.NextUse(key, position) ?? long.MaxValue;

    private void Rank(TKey key, Entry entry, long nextUse)
    {
        entry.NextUse = nextUse;
        entry.Version++;
        _future.Enqueue((key, entry.Version), nextUse);
    }

    private void Unrank(Entry entry)
    {
        if (entry.Node is not null)
        {
            _recency.Remove(entry.Node);
            entry.Node = null;
        }

        entry.Version++; // a clairvoyant heap entry goes stale
    }

    private bool TryChooseVictim(long candidateNextUse, out TKey victim)
    {
        switch (Policy)
        {
            case CachePolicy.Lru:
                if (_recency.First is { } first)
                {
                    victim = first.Value;
                    return true;
                }

                break;
            case CachePolicy.Clairvoyant:
                while (_future.TryPeek(out (TKey Key, int Version) top, out long nextUse))
                {
                    if (!_entries.TryGetValue(top.Key, out Entry? entry) || entry.Pinned || entry.Version != top.Version)
                    {
                        _future.Dequeue();
                        continue;
                    }

                    if (nextUse != long.MaxValue && nextUse <= _now)
                    {
                        // The read it was ranked for went by without touching it (skipped or resumed past): re-rank.
                        _future.Dequeue();
                        Rank(top.Key, entry, NextUse(top.Key, _now));
                        continue;
                    }

                    if (nextUse > candidateNextUse)
                    {
                        victim = top.Key;
                        return true;
                    }

                    break;
                }

                break;
        }

        victim = default!;
        return false;
    }

    private TKey AnyUnpinnedVictim()
    {
        if (TryChooseVictim(-1, out TKey victim))
        {
            return victim;
        }

        foreach ((TKey key, Entry entry) in _entries)
        {
            if (!entry.Pinned)
            {
                return key;
            }
        }

        throw new InvalidOperationException("No unpinned entry to evict although the pinned bytes fit the capacity.");
    }

    private void RemoveEntry(TKey key, Entry entry)
    {
        _entries.Remove(key);
        UsedBytes -= entry.Size;
        if (entry.Pinned)
        {
            PinnedBytes -= entry.Size;
        }
        else if (entry.Node is not null)
        {
            _recency.Remove(entry.Node);
        }

        entry.Node = null;
        entry.Version++;
    }

    private sealed class Entry
    {
        public long Size;
        public bool Pinned;
        public LinkedListNode<TKey>? Node;
        public long NextUse;
        public int Version;
    }
}
