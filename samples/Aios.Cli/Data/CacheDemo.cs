using System.Globalization;
using Aios.Data.Caching;
using Aios.Data.Sampling;

namespace Aios.Cli.Data;

/// <summary>The demo's caching section: the three policies replayed over shuffled epochs, as <c>aios data cache-sim</c> does.</summary>
internal static class CacheDemo
{
    private const int Chunks = 10_000;
    private const int Epochs = 4;

    public static void Run(TextWriter output)
    {
        var sampler = new EpochSampler(Chunks, new EpochSamplerOptions { Seed = 0 });
        output.WriteLine("8. Caching a shuffled dataset (aios data cache-sim)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {Chunks:N0} chunks read in a new shuffled order every epoch (seed 0), {Epochs} epochs; hit rate per epoch"));
        output.WriteLine("   cache  policy         epoch 1  epoch 2  epoch 3  epoch 4   overall");
        foreach (double fraction in new[] { 0.25, 0.5, 0.75 })
        {
            foreach ((string name, CachePolicy policy) in new[] { ("lru", CachePolicy.Lru), ("minio", CachePolicy.AdmitOnce), ("clairvoyant", CachePolicy.Clairvoyant) })
            {
                CacheSimulation simulation = CacheSimulator.Run(sampler, Epochs, fraction, policy);
                string epochs = string.Join(' ', simulation.HitRatePerEpoch.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r * 100,7:F1}%")));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {fraction * 100,4:F0}%  {name,-12} {epochs} {simulation.HitRate * 100,8:F1}%"));
            }
        }

        output.WriteLine("   LRU collapses under shuffling: each miss evicts the chunk read longest ago, and in a fresh random order most cached chunks are evicted before their turn.");
        output.WriteLine("   Each chunk is read once per epoch, so a hit in epoch k must have been cached when the epoch began: after the cold epoch no policy beats the cached");
        output.WriteLine("   share. Minio (admit once, never evict) reaches it; clairvoyant (Belady's MIN over the known schedule) only ties: the bound is tight.");
        output.WriteLine("   Two jobs sharing one cache of half the dataset (a sweep: seeds 0 and 1, reads interleaved), where chunks come back within an epoch:");
        EpochSampler[] sweep = [sampler, new EpochSampler(Chunks, new EpochSamplerOptions { Seed = 1 })];
        foreach ((string name, CachePolicy policy) in new[] { ("lru", CachePolicy.Lru), ("minio", CachePolicy.AdmitOnce), ("clairvoyant", CachePolicy.Clairvoyant) })
        {
            CacheSimulation simulation = CacheSimulator.Run(sweep, Epochs, 0.5, policy);
            string epochs = string.Join(' ', simulation.HitRatePerEpoch.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r * 100,7:F1}%")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     50%  {name,-12} {epochs} {simulation.HitRate * 100,8:F1}%"));
        }

        output.WriteLine("   There the known future pays: the clairvoyant policy keeps what either job needs next ('aios data cache-sim --jobs 2').");
        output.WriteLine("   Next: 'aios data read MANIFEST --store STORE --epochs 3' reads a packed dataset through memory, local disk, Redis and an origin folder.");
    }
}
