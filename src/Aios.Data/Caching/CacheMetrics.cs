using System.Diagnostics.Metrics;

namespace Aios.Data.Caching;

/// <summary>The dataset cache's and reader's instruments on the <c>Aios.Data</c> meter; every cache count carries a <c>tier</c> tag.</summary>
internal sealed class CacheMetrics
{
    public CacheMetrics(IMeterFactory? factory)
    {
        Meter meter = DataMetrics.GetMeter(factory);
        Hits = meter.CreateCounter<long>("aios.data.cache.hits", "{chunk}", "Chunk reads a tier served.");
        Misses = meter.CreateCounter<long>("aios.data.cache.misses", "{chunk}", "Chunk reads that found nothing in a tier.");
        Corrupt = meter.CreateCounter<long>("aios.data.cache.corrupt", "{chunk}", "Chunk reads that found bad bytes in a tier (served from below instead).");
        Errors = meter.CreateCounter<long>("aios.data.cache.errors", "{call}", "Tier calls that failed (tier unreachable).");
        Evictions = meter.CreateCounter<long>("aios.data.cache.evictions", "{chunk}", "Chunks evicted to honour a tier's budget.");
        BytesRead = meter.CreateCounter<long>("aios.data.cache.bytes_read", "By", "Content bytes a tier served.");
        Stall = meter.CreateHistogram<double>("aios.data.reader.stall", "s", "Time a dataset reader waited for a chunk that was not yet fetched.");
        ReaderBytes = meter.CreateCounter<long>("aios.data.reader.bytes", "By", "Content bytes delivered by dataset readers.");
    }

    public Counter<long> Hits { get; }

    public Counter<long> Misses { get; }

    public Counter<long> Corrupt { get; }

    public Counter<long> Errors { get; }

    public Counter<long> Evictions { get; }

    public Counter<long> BytesRead { get; }

    public Histogram<double> Stall { get; }

    public Counter<long> ReaderBytes { get; }

    public static KeyValuePair<string, object?> Tier(string name) => new("tier", name);
}
