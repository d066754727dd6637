using System.Diagnostics.Metrics;

namespace Aios.Data;

/// <summary>The <c>Aios.Data</c> meter's instruments.</summary>
internal sealed class DataMetrics
{
    public const string MeterName = "Aios.Data";
    private static readonly Meter s_shared = new(MeterName);

    public DataMetrics(IMeterFactory? factory)
    {
        Meter meter = GetMeter(factory);
        BytesIn = meter.CreateCounter<long>("aios.data.store.bytes_in", "By", "Content bytes written to a chunk store, deduplicated chunks included.");
        BytesStored = meter.CreateCounter<long>("aios.data.store.bytes_stored", "By", "Bytes newly stored (chunk files, headers included); bytes_in / bytes_stored is the effective ratio.");
        ChunksWritten = meter.CreateCounter<long>("aios.data.store.chunks_written", "{chunk}", "New chunks stored, by codec.");
        DedupHits = meter.CreateCounter<long>("aios.data.store.dedup_hits", "{chunk}", "Chunk writes that found the chunk already stored.");
        BytesRead = meter.CreateCounter<long>("aios.data.store.bytes_read", "By", "Content bytes read back and verified.");
        CorruptReads = meter.CreateCounter<long>("aios.data.store.corrupt_reads", "{chunk}", "Reads that found a corrupt or truncated chunk.");
    }

    /// <summary>Gets the <c>Aios.Data</c> meter: the factory's, or one shared by every instrument set of this library.</summary>
    public static Meter GetMeter(IMeterFactory? factory) => factory?.Create(MeterName) ?? s_shared;

    public Counter<long> BytesIn { get; }

    public Counter<long> BytesStored { get; }

    public Counter<long> ChunksWritten { get; }

    public Counter<long> DedupHits { get; }

    public Counter<long> BytesRead { get; }

    public Counter<long> CorruptReads { get; }
}
