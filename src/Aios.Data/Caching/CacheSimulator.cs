using Aios.Data.Sampling;

namespace Aios.Data.Caching;

/// <summary>
/// Replays an access sequence against a cache policy and counts hits per epoch — the same admission and eviction code
/// the dataset cache's tiers run, without the bytes.
/// </summary>
public static class CacheSimulator
{
    /// <summary>Replays <paramref name="epochs"/> epochs of <paramref name="sampler"/> against a cache holding a share of the dataset.</summary>
    /// <param name="sampler">The sampler (its rank's reads are replayed).</param>
    /// <param name="epochs">The number of epochs, ≥ 1.</param>
    /// <param name="cacheFraction">The cache's size as a share of the dataset's items, in [0, 1]; the capacity is ⌊f·n⌋ items.</param>
    /// <param name="policy">The policy; a clairvoyant one is handed the sampler's whole schedule.</param>
    /// <returns>Hits per epoch and overall.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static CacheSimulation Run(EpochSampler sampler, int epochs, double cacheFraction, CachePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Guard.InRange(cacheFraction, 0, 1, upperInclusive: true);
        int[] accesses = sampler.GetSchedule(new SamplerPosition(0, 0), epochs);
        long capacity = (long)Math.Floor(cacheFraction * sampler.ItemCount);
        return Run(accesses, sampler.ItemsPerEpoch, capacity, policy);
    }

    /// <summary>
    /// Replays several jobs sharing one cache — a hyperparameter sweep over one dataset, say (Quiver, FAST'20) — each
    /// reading its own shuffled epochs, interleaved read by read. Here chunks are read more than once per epoch, and a
    /// policy that knows the future beats admit-once well past the cached share.
    /// </summary>
    /// <param name="jobs">The jobs' samplers, 1 to 1,024, all over the same number of items.</param>
    /// <param name="epochs">Epochs per job, ≥ 1; an "epoch" of the result is one epoch of every job.</param>
    /// <param name="cacheFraction">The cache's size as a share of the dataset's items, in [0, 1].</param>
    /// <param name="policy">The policy; a clairvoyant one is handed the interleaved schedule.</param>
    /// <returns>Hits per epoch and overall.</returns>
    /// <exception cref="ArgumentException">The samplers draw from different numbers of items.</exception>
    public static CacheSimulation Run(IReadOnlyList<EpochSampler> jobs, int epochs, double cacheFraction, CachePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(jobs), jobs.Count, "Give 1 to 1,024 samplers.");
        }

        int items = jobs[0].ItemCount;
        if (jobs.Any(j => j is null || j.ItemCount != items))
        {
            throw new ArgumentException("Every job's sampler must draw from the same dataset (the same item count).", nameof(jobs));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Guard.InRange(cacheFraction, 0, 1, upperInclusive: true);
        int perEpoch = jobs.Sum(j => j.ItemsPerEpoch);
        if ((long)perEpoch * epochs > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"The jobs would read {(long)perEpoch * epochs} times; at most {Array.MaxLength}.");
        }

        var accesses = new int[perEpoch * epochs];
        int written = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            int[][] orders = [.. jobs.Select(j => j.GetOrder(epoch))];
            int longest = orders.Max(o => o.Length);
            for (int i = 0; i < longest; i++)
            {
                foreach (int[] order in orders)
                {
                    if (i < order.Length)
                    {
                        accesses[written++] = order[i];
                    }
                }
            }
        }

        return Run(accesses, perEpoch, (long)Math.Floor(cacheFraction * items), policy);
    }

    /// <summary>Replays an access sequence of unit-size items (or sized ones) against a policy.</summary>
    /// <param name="accesses">The items read, in order (position i is the i-th read).</param>
    /// <param name="accessesPerEpoch">How many reads make an epoch, ≥ 1 (the last epoch may be shorter).</param>
    /// <param name="capacity">The capacity in items (or in the sizes' unit), ≥ 0.</param>
    /// <param name="policy">The policy; a clairvoyant one is handed the whole sequence.</param>
    /// <param name="sizes">Each item's size, indexed by item (all ≥ 0); null for one unit each.</param>
    /// <returns>Hits per epoch and overall.</returns>
    public static CacheSimulation Run(IReadOnlyList<int> accesses, int accessesPerEpoch, long capacity, CachePolicy policy, IReadOnlyList<long>? sizes = null)
    {
        ArgumentNullException.ThrowIfNull(accesses);
        ArgumentOutOfRangeException.ThrowIfLessThan(accessesPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var index = new CacheIndex<int>(capacity, policy);
        if (policy == CachePolicy.Clairvoyant)
        {
            index.Schedule = new AccessSchedule<int>(accesses);
        }

        int epochs = (accesses.Count + accessesPerEpoch - 1) / accessesPerEpoch;
        var hitsPerEpoch = new long[Math.Max(epochs, 0)];
        var evicted = new List<int>();
        long hits = 0;
        for (int position = 0; position < accesses.Count; position++)
        {
            int item = accesses[position];
            if (index.Touch(item, position))
            {
                hits++;
                hitsPerEpoch[position / accessesPerEpoch]++;
            }
            else
            {
                long size = sizes is null ? 1 : sizes[item];
                if (size < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(sizes), size, $"Item {item}'s size must be ≥ 0.");
                }

                evicted.Clear();
                index.TryAdmit(item, size, position, evicted);
            }
        }

        var rates = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            int reads = Math.Min(accessesPerEpoch, accesses.Count - (e * accessesPerEpoch));
            rates[e] = (double)hitsPerEpoch[e] / reads;
        }

        return new CacheSimulation(policy, capacity, accesses.Count, hits, index.Evictions, rates);
    }
}
