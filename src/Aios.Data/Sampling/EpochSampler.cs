namespace Aios.Data.Sampling;

/// <summary>
/// A seeded epoch sampler: a deterministic shuffle of a dataset's items per epoch, split among ranks (workers) so that
/// the epoch's global order is the same whatever the number of ranks, and resumable at any position.
/// </summary>
/// <remarks>
/// <para>Epoch <c>e</c>'s global order is a Fisher–Yates shuffle driven by SplitMix64 seeded from
/// (<see cref="EpochSamplerOptions.Seed"/>, <c>e</c>); bounded draws use Lemire's unbiased multiply-and-reject, so the
/// order is fixed by the seed alone on every platform and .NET version (unlike <see cref="Random"/>'s seeded sequences).
/// Rank <c>r</c> of <c>R</c> takes positions <c>r, r + R, r + 2R, …</c> of the global order: the ranks' shares partition
/// the epoch, differ in length by at most one item (no padding, no duplicates), and interleaved back they give the same
/// global order for any <c>R</c>.</para>
/// <para>Because the order is a pure function of (seed, epoch, rank), a cache can be handed the whole future access
/// sequence (<see cref="GetSchedule"/>) before reading starts — what a clairvoyant cache policy evicts by.</para>
/// </remarks>
public sealed class EpochSampler
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private readonly EpochSamplerOptions _options;

    /// <summary>Initializes a sampler over <paramref name="itemCount"/> items.</summary>
    /// <param name="itemCount">The number of items (chunks or samples), ≥ 1.</param>
    /// <param name="options">Seed, ranks and shuffling; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="itemCount"/> &lt; 1, or the rank is not in [0, ranks).</exception>
    public EpochSampler(int itemCount, EpochSamplerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        _options = (options ?? new EpochSamplerOptions()).Snapshot();
        ItemCount = itemCount;
    }

    /// <summary>Gets the number of items in the whole dataset.</summary>
    public int ItemCount { get; }

    /// <summary>Gets a copy of the options the sampler was created with; changing it has no effect on the sampler.</summary>
    public EpochSamplerOptions Options => _options.Snapshot();

    /// <summary>Gets how many items this rank reads per epoch: ⌈(n − rank) / ranks⌉.</summary>
    public int ItemsPerEpoch => (ItemCount - _options.Rank + _options.Ranks - 1) / _options.Ranks;

    /// <summary>Gets epoch <paramref name="epoch"/>'s global order over all ranks (a permutation of 0 … n − 1).</summary>
    /// <param name="epoch">The epoch, ≥ 0.</param>
    /// <returns>The items in reading order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> &lt; 0.</exception>
    public int[] GetGlobalOrder(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = new int[ItemCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (_options.Shuffle)
        {
            ulong state = Mix(_options.Seed ^ Mix(((ulong)epoch + 1) * Golden));
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = (int)NextBelow(ref state, (uint)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return order;
    }

    /// <summary>Gets this rank's items for epoch <paramref name="epoch"/>, in reading order.</summary>
    /// <param name="epoch">The epoch, ≥ 0.</param>
    /// <returns><see cref="ItemsPerEpoch"/> items.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> &lt; 0.</exception>
    public int[] GetOrder(int epoch)
    {
        int[] global = GetGlobalOrder(epoch);
        if (_options.Ranks == 1)
        {
            return global;
        }

        var mine = new int[ItemsPerEpoch];
        for (int k = 0, i = _options.Rank; i < global.Length; k++, i += _options.Ranks)
        {
            mine[k] = global[i];
        }

        return mine;
    }

    /// <summary>Enumerates this rank's reads from <paramref name="start"/> on, across epochs, as (position, item) pairs.</summary>
    /// <param name="start">Where to resume: an epoch and an offset into this rank's share of it (the state saved in a checkpoint).</param>
    /// <param name="epochs">How many epochs to read, counting the one resumed, ≥ 1.</param>
    /// <returns>The reads; <see cref="SamplerPosition"/> says where each one is, so a checkpoint can resume right after it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The start is outside an epoch, or <paramref name="epochs"/> &lt; 1.</exception>
    public IEnumerable<SampledItem> Enumerate(SamplerPosition start, int epochs)
    {
        ValidateStart(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return EnumerateCore(start, epochs);
    }

    /// <summary>Gets the sequence of items this rank will read from <paramref name="start"/> on: the future a cache can plan by.</summary>
    /// <param name="start">The first read.</param>
    /// <param name="epochs">How many epochs, counting the one resumed, ≥ 1.</param>
    /// <returns>The items in reading order (an item appears once per epoch).</returns>
    public int[] GetSchedule(SamplerPosition start, int epochs)
    {
        ValidateStart(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        int perEpoch = ItemsPerEpoch;
        long total = ((long)perEpoch * epochs) - start.Offset;
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"The schedule would hold {total} reads; at most {Array.MaxLength}.");
        }

        var schedule = new int[total];
        int written = 0;
        for (int e = 0; e < epochs; e++)
        {
            int[] order = GetOrder(start.Epoch + e);
            int from = e == 0 ? start.Offset : 0;
            order.AsSpan(from).CopyTo(schedule.AsSpan(written));
            written += order.Length - from;
        }

        return schedule;
    }

    private IEnumerable<SampledItem> EnumerateCore(SamplerPosition start, int epochs)
    {
        for (int e = 0; e < epochs; e++)
        {
            int epoch = start.Epoch + e;
            int[] order = GetOrder(epoch);
            for (int offset = e == 0 ? start.Offset : 0; offset < order.Length; offset++)
            {
                yield return new SampledItem(new SamplerPosition(epoch, offset), order[offset]);
            }
        }
    }

    private void ValidateStart(SamplerPosition start)
    {
        if (start.Epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start.Epoch, "The epoch must be ≥ 0.");
        }

        if (start.Offset < 0 || start.Offset >= Math.Max(ItemsPerEpoch, 1))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start.Offset, $"The offset must be in [0, {ItemsPerEpoch}) (this rank's items per epoch).");
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong NextSplitMix(ref ulong state)
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>An unbiased draw in [0, bound) (Lemire 2019, "Fast random integer generation in an interval").</summary>
    private static uint NextBelow(ref ulong state, uint bound)
    {
        ulong product = (NextSplitMix(ref state) >> 32) * bound;
        uint low = (uint)product;
        if (low < bound)
        {
            uint threshold = (uint)(-(int)bound) % bound;
            while (low < threshold)
            {
                product = (NextSplitMix(ref state) >> 32) * bound;
                low = (uint)product;
            }
        }

        return (uint)(product >> 32);
    }
}
