using Aios.Data.Caching;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Caching;

public sealed class CacheIndexTests
{
    private static readonly CachePolicy[] Policies = [CachePolicy.Lru, CachePolicy.AdmitOnce, CachePolicy.Clairvoyant];

    /// <summary>
    /// Random admissions of random sizes, hits, pins, unpins and removals against a model of the resident set: the budget
    /// holds after every step, the index's byte count equals the model's, pinned keys are never evicted, evicted keys
    /// were resident.
    /// </summary>
    [Property(MaxTest = 3000)]
    public Property RandomOperations_BudgetHoldsExactly_PinnedNeverEvicted(PositiveInt capacitySeed, int[] operations, NonNegativeInt policySeed)
    {
        CachePolicy policy = Policies[policySeed.Get % Policies.Length];
        long capacity = capacitySeed.Get % 500;
        var index = new CacheIndex<int>(capacity, policy);
        var schedule = new List<int>();
        foreach (int operation in operations)
        {
            schedule.Add(Math.Abs(operation % 40));
        }

        index.Schedule = new AccessSchedule<int>(schedule);
        var resident = new Dictionary<int, long>();
        var pinned = new HashSet<int>();
        var evicted = new List<int>();
        for (int position = 0; position < operations.Length; position++)
        {
            int key = schedule[position];
            int kind = (int)((uint)operations[position] % 7);
            long size = (uint)operations[position] % 97;
            evicted.Clear();
            switch (kind)
            {
                case 0 or 1 or 2:
                    bool admitted = index.TryAdmit(key, resident.TryGetValue(key, out long existing) ? existing : size, position, evicted);
                    if (admitted && !resident.ContainsKey(key))
                    {
                        resident[key] = size;
                    }

                    break;
                case 3:
                    if (index.Touch(key, position) != resident.ContainsKey(key))
                    {
                        return false.Label($"hit disagrees for {key}");
                    }

                    break;
                case 4:
                    long pinSize = resident.TryGetValue(key, out long have) ? have : size;
                    if (index.TryPin(key, pinSize, evicted))
                    {
                        resident[key] = pinSize;
                        pinned.Add(key);
                    }

                    break;
                case 5:
                    if (index.Unpin(key) != pinned.Remove(key))
                    {
                        return false.Label($"unpin disagrees for {key}");
                    }

                    break;
                default:
                    if (index.Remove(key) != resident.Remove(key))
                    {
                        return false.Label($"remove disagrees for {key}");
                    }

                    pinned.Remove(key);
                    break;
            }

            foreach (int victim in evicted)
            {
                if (pinned.Contains(victim) || !resident.Remove(victim))
                {
                    return false.Label($"evicted {victim}: pinned or not resident");
                }
            }

            long used = resident.Values.Sum();
            if (index.UsedBytes != used || used > capacity || index.Count != resident.Count
                || index.PinnedBytes != pinned.Sum(p => resident[p]))
            {
                return false.Label($"step {position}: used {index.UsedBytes} vs model {used}, capacity {capacity}");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property Lru_UnitSizes_HitsExactlyAsAReferenceSimulation(int[] keys, PositiveInt capacitySeed)
    {
        int capacity = capacitySeed.Get % 12;
        var index = new CacheIndex<int>(capacity, CachePolicy.Lru);
        var reference = new List<int>(); // most recent last
        var evicted = new List<int>();
        for (int position = 0; position < keys.Length; position++)
        {
            int key = keys[position] % 16;
            bool referenceHit = reference.Remove(key);
            if (referenceHit || capacity > 0)
            {
                reference.Add(key);
            }

            if (reference.Count > capacity)
            {
                reference.RemoveAt(0);
            }

            bool hit = index.Touch(key, position);
            if (!hit)
            {
                index.TryAdmit(key, 1, position, evicted);
            }

            if (hit != referenceHit)
            {
                return false.Label($"position {position}: index {hit}, reference {referenceHit}");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property Clairvoyant_UnitSizes_HitsAsManyAsANaiveBeladyReference(int[] keys, PositiveInt capacitySeed)
    {
        int capacity = 1 + (capacitySeed.Get % 8);
        int[] sequence = [.. keys.Select(k => Math.Abs(k % 20))];
        CacheSimulation simulation = CacheSimulator.Run(sequence, Math.Max(sequence.Length, 1), capacity, CachePolicy.Clairvoyant);
        return (simulation.Hits == NaiveBeladyHits(sequence, capacity)
            && simulation.Hits >= CacheSimulator.Run(sequence, Math.Max(sequence.Length, 1), capacity, CachePolicy.Lru).Hits
            && simulation.Hits >= CacheSimulator.Run(sequence, Math.Max(sequence.Length, 1), capacity, CachePolicy.AdmitOnce).Hits).ToProperty();
    }

    [Fact]
    public void Clairvoyant_WithoutSchedule_KeepsWhatItHas()
    {
        var index = new CacheIndex<int>(2, CachePolicy.Clairvoyant);
        var evicted = new List<int>();
        Assert.True(index.TryAdmit(1, 1, 0, evicted));
        Assert.True(index.TryAdmit(2, 1, 1, evicted));
        Assert.False(index.TryAdmit(3, 1, 2, evicted));
        Assert.Empty(evicted);
    }

    [Fact]
    public void Pin_BeyondCapacity_IsRefused_AndChangesNothing()
    {
        var index = new CacheIndex<int>(10, CachePolicy.Lru);
        var evicted = new List<int>();
        Assert.True(index.TryPin(1, 6, evicted));
        Assert.False(index.TryPin(2, 5, evicted));
        Assert.True(index.TryAdmit(3, 4, 0, evicted));
        Assert.False(index.TryAdmit(4, 5, 1, evicted)); // only 4 bytes are not pinned
        Assert.Equal(10, index.UsedBytes);
        Assert.True(index.IsPinned(1));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new CacheIndex<int>(-1, CachePolicy.Lru)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentOutOfRangeException>(() => new CacheIndex<int>(1, (CachePolicy)9)).ParamName);
    }

    [Property(MaxTest = 1000)]
    public Property Schedule_NextUse_MatchesAScan(int[] keys, int key, NonNegativeInt at)
    {
        int[] sequence = [.. keys.Select(k => Math.Abs(k % 10))];
        var schedule = new AccessSchedule<int>(sequence, 5);
        int probe = Math.Abs(key % 10);
        long position = 5 + (at.Get % (sequence.Length + 2)) - 1;
        long expected = long.MaxValue;
        for (int i = 0; i < sequence.Length; i++)
        {
            if (sequence[i] == probe && 5 + i > position)
            {
                expected = 5 + i;
                break;
            }
        }

        return (schedule.NextUse(probe, position) == expected).ToProperty();
    }

    private static long NaiveBeladyHits(int[] sequence, int capacity)
    {
        var cache = new HashSet<int>();
        long hits = 0;
        for (int i = 0; i < sequence.Length; i++)
        {
            if (cache.Contains(sequence[i]))
            {
                hits++;
                continue;
            }

            cache.Add(sequence[i]);
            if (cache.Count > capacity)
            {
                // Drop whichever resident (the newcomer included) is needed furthest in the future.
                int furthest = -1;
                long furthestUse = -1;
                foreach (int candidate in cache)
                {
                    int next = Array.IndexOf(sequence, candidate, i + 1);
                    long use = next < 0 ? long.MaxValue : next;
                    if (use > furthestUse)
                    {
                        furthestUse = use;
                        furthest = candidate;
                    }
                }

                cache.Remove(furthest);
            }
        }

        return hits;
    }
}
