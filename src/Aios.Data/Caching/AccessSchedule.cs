using System.Runtime.InteropServices;

namespace Aios.Data.Caching;

/// <summary>
/// The known future of a reader: the keys it will read, in order, by position. Clairvoyant policies evict by it.
/// </summary>
/// <typeparam name="TKey">The cache key.</typeparam>
/// <remarks>Built once (O(n)); <see cref="NextUse"/> is a binary search over the key's own positions.</remarks>
public sealed class AccessSchedule<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, long[]> _positions;

    /// <summary>Initializes the schedule: <paramref name="keys"/>[i] is read at position <paramref name="firstPosition"/> + i.</summary>
    /// <param name="keys">The reads in order.</param>
    /// <param name="firstPosition">The position of the first read, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstPosition"/> &lt; 0.</exception>
    public AccessSchedule(IReadOnlyList<TKey> keys, long firstPosition = 0)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPosition);
        var counts = new Dictionary<TKey, int>();
        for (int i = 0; i < keys.Count; i++)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, keys[i], out _)++;
        }

        _positions = new Dictionary<TKey, long[]>(counts.Count);
        var filled = new Dictionary<TKey, int>(counts.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            TKey key = keys[i];
            ref long[]? slots = ref CollectionsMarshal.GetValueRefOrAddDefault(_positions, key, out _);
            slots ??= new long[counts[key]];
            ref int next = ref CollectionsMarshal.GetValueRefOrAddDefault(filled, key, out _);
            slots[next++] = firstPosition + i;
        }

        Count = keys.Count;
        FirstPosition = firstPosition;
    }

    internal AccessSchedule(Dictionary<TKey, long[]> positions, int count)
    {
        _positions = positions;
        Count = count;
    }

    /// <summary>Gets the number of reads.</summary>
    public int Count { get; }

    /// <summary>Gets the first read's position.</summary>
    public long FirstPosition { get; }

    /// <summary>Gets the number of distinct keys.</summary>
    public int DistinctKeys => _positions.Count;

    /// <summary>Gets the position at which <paramref name="key"/> is next read after <paramref name="position"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="position">The current position.</param>
    /// <returns>The first scheduled read of the key after the position, or <see cref="long.MaxValue"/> when there is none.</returns>
    public long NextUse(TKey key, long position)
    {
        if (!_positions.TryGetValue(key, out long[]? positions))
        {
            return long.MaxValue;
        }

        int index = Array.BinarySearch(positions, position);
        index = index >= 0 ? index + 1 : ~index;
        return index < positions.Length ? positions[index] : long.MaxValue;
    }
}
