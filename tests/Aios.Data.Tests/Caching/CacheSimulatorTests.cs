using Aios.Data.Caching;
using Aios.Data.Sampling;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Caching;

public sealed class CacheSimulatorTests
{
    /// <summary>
    /// Never-evict on shuffled epochs: the first epoch is cold (every chunk read once), later epochs hit exactly the
    /// ⌊f·n⌋ admitted chunks; clairvoyant reaches the same per-epoch bound — no policy can beat it, because each chunk is
    /// read once per epoch, so a hit in epoch k needs the chunk resident when epoch k starts — and LRU stays below.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property ShuffledEpochs_PoliciesMatchTheirTheory(PositiveInt count, NonNegativeInt fractionSeed, ulong seed, PositiveInt epochSeed)
    {
        int n = 1 + (count.Get % 3000);
        double fraction = (fractionSeed.Get % 101) / 100.0;
        int epochs = 1 + (epochSeed.Get % 5);
        var sampler = new EpochSampler(n, new EpochSamplerOptions { Seed = seed });
        double cached = Math.Floor(fraction * n) / n;
        CacheSimulation minio = CacheSimulator.Run(sampler, epochs, fraction, CachePolicy.AdmitOnce);
        CacheSimulation clairvoyant = CacheSimulator.Run(sampler, epochs, fraction, CachePolicy.Clairvoyant);
        CacheSimulation lru = CacheSimulator.Run(sampler, epochs, fraction, CachePolicy.Lru);
        for (int e = 0; e < epochs; e++)
        {
            double bound = e == 0 ? 0 : cached;
            if (minio.HitRatePerEpoch[e] != bound || clairvoyant.HitRatePerEpoch[e] != bound || lru.HitRatePerEpoch[e] > bound)
            {
                return false.Label($"epoch {e}: minio {minio.HitRatePerEpoch[e]}, clairvoyant {clairvoyant.HitRatePerEpoch[e]}, lru {lru.HitRatePerEpoch[e]}, bound {bound}");
            }
        }

        return (minio.HitRatePerEpoch.Count == epochs && minio.Accesses == (long)n * epochs).ToProperty();
    }

    /// <summary>
    /// LRU under per-epoch reshuffling, against the figures in ANCHORS.md (≈ 3 %, 15 %, 41 %, 67 % for caches of 25, 50,
    /// 75, 90 % of the dataset), over epochs 2–4 of 10,000 chunks; ± 2 points.
    /// </summary>
    [Theory]
    [InlineData(0.25, 0.03)]
    [InlineData(0.50, 0.15)]
    [InlineData(0.75, 0.41)]
    [InlineData(0.90, 0.67)]
    public void Lru_ShuffledEpochs_HitsAsPublished(double fraction, double published)
    {
        CacheSimulation lru = CacheSimulator.Run(new EpochSampler(10_000, new EpochSamplerOptions { Seed = 11 }), 4, fraction, CachePolicy.Lru);
        double warm = lru.HitRatePerEpoch.Skip(1).Average();
        Assert.InRange(warm, published - 0.02, published + 0.02);
    }

    [Fact]
    public void Clairvoyant_HalfTheDataset_FourEpochs_HitsHalfOfEveryWarmEpoch()
    {
        var sampler = new EpochSampler(10_000, new EpochSamplerOptions { Seed = 5 });
        CacheSimulation clairvoyant = CacheSimulator.Run(sampler, 4, 0.5, CachePolicy.Clairvoyant);
        CacheSimulation lru = CacheSimulator.Run(sampler, 4, 0.5, CachePolicy.Lru);
        Assert.Equal([0, 0.5, 0.5, 0.5], clairvoyant.HitRatePerEpoch);
        Assert.Equal(0.375, clairvoyant.HitRate);
        Assert.True(lru.HitRate < 0.13, $"LRU {lru.HitRate}");
    }

    [Property(MaxTest = 200)]
    public Property SharedByJobs_ClairvoyantBeatsEveryOtherPolicy_AndOneJobIsTheSingleReplay(PositiveInt count, NonNegativeInt fractionSeed, ulong seed, PositiveInt jobSeed)
    {
        int n = 1 + (count.Get % 1000);
        double fraction = (fractionSeed.Get % 101) / 100.0;
        int jobs = 1 + (jobSeed.Get % 4);
        EpochSampler[] samplers = [.. Enumerable.Range(0, jobs).Select(j => new EpochSampler(n, new EpochSamplerOptions { Seed = seed + (ulong)j }))];
        CacheSimulation clairvoyant = CacheSimulator.Run(samplers, 3, fraction, CachePolicy.Clairvoyant);
        CacheSimulation minio = CacheSimulator.Run(samplers, 3, fraction, CachePolicy.AdmitOnce);
        CacheSimulation lru = CacheSimulator.Run(samplers, 3, fraction, CachePolicy.Lru);
        CacheSimulation single = CacheSimulator.Run(samplers[0], 3, fraction, CachePolicy.Lru);
        return (clairvoyant.Hits >= minio.Hits && clairvoyant.Hits >= lru.Hits && clairvoyant.Accesses == 3L * n * jobs
            && (jobs > 1 || lru.HitRatePerEpoch.SequenceEqual(single.HitRatePerEpoch))).ToProperty();
    }

    [Fact]
    public void SharedByTwoJobs_HalfTheDataset_ClairvoyantHitsAboutSeventyPercent()
    {
        EpochSampler[] sweep = [new EpochSampler(10_000), new EpochSampler(10_000, new EpochSamplerOptions { Seed = 1 })];
        CacheSimulation clairvoyant = CacheSimulator.Run(sweep, 4, 0.5, CachePolicy.Clairvoyant);
        CacheSimulation minio = CacheSimulator.Run(sweep, 4, 0.5, CachePolicy.AdmitOnce);
        Assert.Equal([0.25, 0.5, 0.5, 0.5], minio.HitRatePerEpoch);
        Assert.All(clairvoyant.HitRatePerEpoch.Skip(1), rate => Assert.InRange(rate, 0.68, 0.78)); // an independent Python replay gives 0.71–0.74
        Assert.Throws<ArgumentException>(() => CacheSimulator.Run([new EpochSampler(5), new EpochSampler(6)], 1, 0.5, CachePolicy.Lru));
        Assert.Equal("jobs", Assert.Throws<ArgumentOutOfRangeException>(() => CacheSimulator.Run(Array.Empty<EpochSampler>(), 1, 0.5, CachePolicy.Lru)).ParamName);
    }

    [Fact]
    public void SizedItems_ByteBudget_HoldsAndCountsHits()
    {
        int[] accesses = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        long[] sizes = [5, 5, 10];
        CacheSimulation lru = CacheSimulator.Run(accesses, 3, 10, CachePolicy.Lru, sizes);
        CacheSimulation clairvoyant = CacheSimulator.Run(accesses, 3, 10, CachePolicy.Clairvoyant, sizes);
        Assert.Equal(0, lru.Hits); // 0 and 1 fill it, 2 evicts both, and so on
        Assert.Equal(4, clairvoyant.Hits); // keeps 0 and 1, never admits 2
        Assert.Equal([0, 2.0 / 3, 2.0 / 3], clairvoyant.HitRatePerEpoch);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var sampler = new EpochSampler(10);
        Assert.Equal("cacheFraction", Assert.Throws<ArgumentOutOfRangeException>(() => CacheSimulator.Run(sampler, 1, 1.5, CachePolicy.Lru)).ParamName);
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => CacheSimulator.Run(sampler, 0, 0.5, CachePolicy.Lru)).ParamName);
        Assert.Equal("sizes", Assert.Throws<ArgumentOutOfRangeException>(() => CacheSimulator.Run([0], 1, 1, CachePolicy.Lru, [-1])).ParamName);
    }
}
