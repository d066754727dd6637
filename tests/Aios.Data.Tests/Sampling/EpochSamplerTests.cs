using Aios.Data.Sampling;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Sampling;

public sealed class EpochSamplerTests
{
    [Fact]
    public void GlobalOrder_PinnedSeeds_MatchIndependentImplementation()
    {
        // Computed by an independent Python implementation of SplitMix64 + Lemire's bounded draw + Fisher–Yates.
        Assert.Equal([1, 4, 5, 0, 7, 6, 9, 8, 2, 3], new EpochSampler(10).GetGlobalOrder(0));
        Assert.Equal([9, 7, 4, 3, 0, 2, 8, 6, 1, 5], new EpochSampler(10).GetGlobalOrder(1));
        Assert.Equal([5, 1, 4, 8, 6, 3, 9, 2, 0, 7], new EpochSampler(10, new EpochSamplerOptions { Seed = 42 }).GetGlobalOrder(0));
        Assert.Equal([15, 7, 3, 19, 1, 17, 0, 6, 14, 8, 11, 10, 18, 2, 5, 4, 13, 9, 16, 12], new EpochSampler(20, new EpochSamplerOptions { Seed = 7 }).GetGlobalOrder(3));
    }

    [Property(MaxTest = 2000)]
    public Property GlobalOrder_IsAPermutation_AndDeterministic(PositiveInt count, ulong seed, NonNegativeInt epoch)
    {
        int n = 1 + (count.Get % 3000);
        var sampler = new EpochSampler(n, new EpochSamplerOptions { Seed = seed });
        int[] order = sampler.GetGlobalOrder(epoch.Get % 1000);
        int[] sorted = [.. order.Order()];
        return (sorted.SequenceEqual(Enumerable.Range(0, n)) && order.SequenceEqual(new EpochSampler(n, new EpochSamplerOptions { Seed = seed }).GetGlobalOrder(epoch.Get % 1000))).ToProperty();
    }

    [Property(MaxTest = 1000)]
    public Property Ranks_PartitionTheEpoch_AndInterleaveToTheSameGlobalOrderForAnyCount(PositiveInt count, PositiveInt ranks, ulong seed, NonNegativeInt epoch)
    {
        int n = 1 + (count.Get % 2000);
        int r = 1 + (ranks.Get % 16);
        int e = epoch.Get % 100;
        int[] single = new EpochSampler(n, new EpochSamplerOptions { Seed = seed }).GetOrder(e);
        var interleaved = new int[n];
        int minimum = int.MaxValue, maximum = 0;
        for (int rank = 0; rank < r; rank++)
        {
            var sampler = new EpochSampler(n, new EpochSamplerOptions { Seed = seed, Ranks = r, Rank = rank });
            int[] share = sampler.GetOrder(e);
            if (share.Length != sampler.ItemsPerEpoch)
            {
                return false.ToProperty();
            }

            minimum = Math.Min(minimum, share.Length);
            maximum = Math.Max(maximum, share.Length);
            for (int k = 0; k < share.Length; k++)
            {
                interleaved[rank + (k * r)] = share[k];
            }
        }

        return (interleaved.SequenceEqual(single) && maximum - minimum <= 1).Label($"n={n} r={r}");
    }

    [Property(MaxTest = 500)]
    public Property Resume_MidEpoch_GivesExactlyTheRest(PositiveInt count, PositiveInt ranks, ulong seed, NonNegativeInt at)
    {
        int n = 1 + (count.Get % 500);
        int r = 1 + (ranks.Get % 4);
        var sampler = new EpochSampler(n, new EpochSamplerOptions { Seed = seed, Ranks = r, Rank = r - 1 });
        if (sampler.ItemsPerEpoch == 0)
        {
            return true.ToProperty();
        }

        SampledItem[] all = [.. sampler.Enumerate(new SamplerPosition(0, 0), 3)];
        int skip = at.Get % all.Length;
        SamplerPosition resumeAt = skip == 0 ? new SamplerPosition(0, 0) : all[skip - 1].Position.Next(sampler.ItemsPerEpoch);
        SampledItem[] resumed = [.. sampler.Enumerate(resumeAt, 3 - resumeAt.Epoch)];
        int[] schedule = sampler.GetSchedule(resumeAt, 3 - resumeAt.Epoch);
        return (resumed.SequenceEqual(all.Skip(skip)) && schedule.SequenceEqual(resumed.Select(s => s.Item))).ToProperty();
    }

    [Fact]
    public void Shuffle_PlacesEachItemUniformly_ChiSquare()
    {
        // Where item 0 lands over 16,000 epochs of 16 items: 1,000 expected per slot; χ² with 15 degrees of freedom
        // exceeds 37.7 with probability 0.001.
        var sampler = new EpochSampler(16, new EpochSamplerOptions { Seed = 3 });
        var landed = new int[16];
        for (int epoch = 0; epoch < 16_000; epoch++)
        {
            landed[Array.IndexOf(sampler.GetGlobalOrder(epoch), 0)]++;
        }

        double chiSquare = landed.Sum(c => (c - 1000.0) * (c - 1000.0) / 1000.0);
        Assert.True(chiSquare < 37.7, $"χ² = {chiSquare:F1} over slots {string.Join(",", landed)}");
    }

    [Fact]
    public void Epochs_AndSeeds_GiveDifferentOrders()
    {
        var sampler = new EpochSampler(1000);
        Assert.NotEqual(sampler.GetGlobalOrder(0), sampler.GetGlobalOrder(1));
        Assert.NotEqual(sampler.GetGlobalOrder(0), new EpochSampler(1000, new EpochSamplerOptions { Seed = 1 }).GetGlobalOrder(0));
    }

    [Fact]
    public void NoShuffle_ReadsInOrder()
    {
        var sampler = new EpochSampler(7, new EpochSamplerOptions { Shuffle = false, Ranks = 2, Rank = 1 });
        Assert.Equal([1, 3, 5], sampler.GetOrder(4));
    }

    [Fact]
    public void BadArguments_NameTheParameterAndRange()
    {
        Assert.Equal("itemCount", Assert.Throws<ArgumentOutOfRangeException>(() => new EpochSampler(0)).ParamName);
        Assert.Equal("Ranks", Assert.Throws<ArgumentOutOfRangeException>(() => new EpochSampler(5, new EpochSamplerOptions { Ranks = 0 })).ParamName);
        ArgumentOutOfRangeException rank = Assert.Throws<ArgumentOutOfRangeException>(() => new EpochSampler(5, new EpochSamplerOptions { Ranks = 2, Rank = 2 }));
        Assert.Equal("Rank", rank.ParamName);
        Assert.Contains("[0, 2)", rank.Message, StringComparison.Ordinal);
        var sampler = new EpochSampler(5);
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.GetOrder(-1)).ParamName);
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.GetSchedule(new SamplerPosition(0, 5), 1)).ParamName);
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Enumerate(new SamplerPosition(0, 0), 0)).ParamName);
    }
}
