namespace Aios.Data.Caching;

/// <summary>What one tier of a <see cref="DatasetCache"/> served.</summary>
/// <param name="Tier">The tier's name ("memory" for the memory tier).</param>
/// <param name="Hits">Reads the tier served.</param>
/// <param name="Misses">Reads that found nothing there.</param>
/// <param name="Corrupt">Reads that found bad bytes there (served from a tier below instead, and rewritten).</param>
/// <param name="Errors">Calls that failed (tier unreachable); the tier was then skipped for a while.</param>
/// <param name="Skipped">Reads that skipped the tier while it was marked unavailable.</param>
/// <param name="BytesRead">Content bytes the tier served.</param>
/// <param name="Writes">Chunks filled into the tier from below.</param>
/// <param name="Evictions">Chunks evicted to honour the tier's budget.</param>
/// <param name="UsedBytes">Bytes held against the budget.</param>
/// <param name="CapacityBytes">The budget, or null for none.</param>
public sealed record CacheTierStatistics(
    string Tier,
    long Hits,
    long Misses,
    long Corrupt,
    long Errors,
    long Skipped,
    long BytesRead,
    long Writes,
    long Evictions,
    long UsedBytes,
    long? CapacityBytes)
{
    /// <summary>Gets hits ÷ (hits + misses + corrupt) — the share of the reads that reached the tier it served; 0 when none did.</summary>
    public double HitRate => Hits + Misses + Corrupt == 0 ? 0 : (double)Hits / (Hits + Misses + Corrupt);
}
