using System.Runtime.InteropServices;

namespace Aios.Data.Caching;

/// <summary>Builds <see cref="AccessSchedule{TKey}"/>s.</summary>
public static class AccessSchedules
{
    /// <summary>
    /// Merges the schedules of several readers sharing one cache: read p of lane r is at position p·lanes + r, as if the
    /// readers took turns read by read. Each reader passes those positions (<c>DatasetReaderOptions.ScheduleLane</c> and
    /// <c>ScheduleLanes</c>); readers that drift apart make the plan approximate, never wrong.
    /// </summary>
    /// <typeparam name="TKey">The cache key.</typeparam>
    /// <param name="lanes">Each reader's reads in order, at least one lane.</param>
    /// <returns>The merged schedule.</returns>
    /// <exception cref="ArgumentException"><paramref name="lanes"/> is empty or holds null.</exception>
    public static AccessSchedule<TKey> Interleave<TKey>(IReadOnlyList<IReadOnlyList<TKey>> lanes)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(lanes);
        if (lanes.Count == 0 || lanes.Any(l => l is null))
        {
            throw new ArgumentException("Give at least one lane, and no null ones.", nameof(lanes));
        }

        var lists = new Dictionary<TKey, List<long>>();
        int count = 0;
        for (int lane = 0; lane < lanes.Count; lane++)
        {
            IReadOnlyList<TKey> keys = lanes[lane];
            for (int i = 0; i < keys.Count; i++)
            {
                ref List<long>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(lists, keys[i], out _);
                (list ??= []).Add(((long)i * lanes.Count) + lane);
            }

            count += keys.Count;
        }

        var positions = new Dictionary<TKey, long[]>(lists.Count);
        foreach ((TKey key, List<long> list) in lists)
        {
            long[] sorted = [.. list];
            Array.Sort(sorted);
            positions.Add(key, sorted);
        }

        return new AccessSchedule<TKey>(positions, count);
    }
}
