using Aios.Data.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Aios.Data.Caching;

/// <summary>
/// The memory tier: decoded chunks in a <see cref="MemoryCache"/> sized in bytes, with admission and eviction decided by
/// a <see cref="CacheIndex{TKey}"/> so any <see cref="CachePolicy"/> (and pinning) applies. Hits hand out the cached
/// array itself: no copy.
/// </summary>
/// <remarks>
/// Entries are added with <see cref="CacheItemPriority.NeverRemove"/> so the memory cache's own compaction never second-
/// guesses the policy; its <see cref="MemoryCacheOptions.SizeLimit"/> equals the budget as a second guard.
/// </remarks>
internal sealed class MemoryTier : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly CacheIndex<ContentId> _index;
    private readonly Lock _gate = new();
    private readonly List<ContentId> _evicted = [];

    public MemoryTier(long capacity, CachePolicy policy)
    {
        _index = new CacheIndex<ContentId>(capacity, policy);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(capacity, 1), TrackStatistics = false });
    }

    public long Capacity => _index.Capacity;

    public long UsedBytes
    {
        get
        {
            lock (_gate)
            {
                return _index.UsedBytes;
            }
        }
    }

    public long PinnedBytes
    {
        get
        {
            lock (_gate)
            {
                return _index.PinnedBytes;
            }
        }
    }

    public long Evictions
    {
        get
        {
            lock (_gate)
            {
                return _index.Evictions;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    public bool TryGet(ContentId id, long position, out byte[] content)
    {
        if (_cache.TryGetValue(id, out object? value) && value is byte[] bytes)
        {
            lock (_gate)
            {
                _index.Touch(id, position);
            }

            content = bytes;
            return true;
        }

        content = [];
        return false;
    }

    /// <summary>Offers a chunk read from below; returns how many chunks were evicted for it.</summary>
    public int Offer(ContentId id, byte[] content, long position) => Offer(id, content.Length, content, static c => c, position);

    /// <summary>Offers a chunk by length; <paramref name="materialize"/> makes its array only when the policy admits it.</summary>
    public int Offer<TState>(ContentId id, int length, TState state, Func<TState, byte[]> materialize, long position)
    {
        lock (_gate)
        {
            if (_index.Contains(id) && !_cache.TryGetValue(id, out _))
            {
                _index.Remove(id); // the memory cache dropped it behind the index's back; re-admit below
            }

            _evicted.Clear();
            bool admitted = _index.TryAdmit(id, length, position, _evicted);
            RemoveEvicted();
            if (admitted)
            {
                Put(id, materialize(state));
            }

            return _evicted.Count;
        }
    }

    public bool TryPin(ContentId id, byte[] content)
    {
        lock (_gate)
        {
            _evicted.Clear();
            if (!_index.TryPin(id, content.Length, _evicted))
            {
                return false;
            }

            RemoveEvicted();
            if (!_cache.TryGetValue(id, out _))
            {
                Put(id, content);
            }

            return true;
        }
    }

    public bool Unpin(ContentId id)
    {
        lock (_gate)
        {
            return _index.Unpin(id);
        }
    }

    public bool IsPinned(ContentId id)
    {
        lock (_gate)
        {
            return _index.IsPinned(id);
        }
    }

    public void Remove(ContentId id)
    {
        lock (_gate)
        {
            _index.Remove(id);
            _cache.Remove(id);
        }
    }

    public void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
        lock (_gate)
        {
            _index.Schedule = schedule;
        }
    }

    public void Dispose() => _cache.Dispose();

    private void Put(ContentId id, byte[] content)
    {
        using ICacheEntry entry = _cache.CreateEntry(id);
        entry.Value = content;
        entry.Size = content.Length;
        entry.Priority = CacheItemPriority.NeverRemove;
    }

    private void RemoveEvicted()
    {
        foreach (ContentId victim in _evicted)
        {
            _cache.Remove(victim);
        }
    }
}
