namespace Aios.Data.Reading;

/// <summary>Options of a <see cref="DatasetReader"/>.</summary>
public sealed class DatasetReaderOptions
{
    /// <summary>
    /// Gets how many chunks are fetched ahead of the one being read, ≥ 0 (0: no prefetching). These fetches run
    /// concurrently, so the window also bounds the reader's parallelism. Default 8.
    /// </summary>
    public int PrefetchWindow { get; init; } = 8;

    /// <summary>
    /// Gets the most bytes held by fetched-but-unread and in-flight chunks, ≥ 1; the window shrinks to honour it (one
    /// chunk is always allowed, whatever its size). Default 64 MiB.
    /// </summary>
    public long PrefetchBytes { get; init; } = 64L << 20;

    internal void Validate()
    {
        if (PrefetchWindow < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchWindow), PrefetchWindow, "The prefetch window must be ≥ 0 chunks.");
        }

        if (PrefetchBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchBytes), PrefetchBytes, "The prefetch budget must be ≥ 1 byte.");
        }
    }
}
