namespace Aios.Data.Reading;

/// <summary>What a <see cref="DatasetReader"/> delivered, over all its reads so far.</summary>
/// <param name="Chunks">Chunks delivered.</param>
/// <param name="Bytes">Content bytes delivered.</param>
/// <param name="StallTime">Time the reader waited for chunks that were not fetched yet (what prefetching hides).</param>
/// <param name="MaxPrefetchedBytes">The most bytes ever held by fetched-but-unread and in-flight chunks.</param>
public sealed record DatasetReaderStatistics(long Chunks, long Bytes, TimeSpan StallTime, long MaxPrefetchedBytes);
