using System.Globalization;
using System.Text;

namespace Aios.Data.Caching;

/// <summary>The outcome of a <see cref="CacheSimulator"/> replay.</summary>
/// <param name="Policy">The policy replayed.</param>
/// <param name="Capacity">The cache's capacity (items, or the sizes' unit).</param>
/// <param name="Accesses">The reads replayed.</param>
/// <param name="Hits">The reads that hit.</param>
/// <param name="Evictions">The evictions.</param>
/// <param name="HitRatePerEpoch">The hit rate of each epoch, the cold first one included.</param>
public sealed record CacheSimulation(CachePolicy Policy, long Capacity, long Accesses, long Hits, long Evictions, IReadOnlyList<double> HitRatePerEpoch)
{
    /// <summary>Gets the hit rate over all epochs (0 when nothing was read).</summary>
    public double HitRate => Accesses == 0 ? 0 : (double)Hits / Accesses;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Policy = {Policy}, Capacity = {Capacity}, Accesses = {Accesses}, Hits = {Hits}, Evictions = {Evictions}, HitRatePerEpoch = {Printing.List(HitRatePerEpoch)}, HitRate = {HitRate}");
        return true;
    }
}
