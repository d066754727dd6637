namespace Aios.Data.Reading;

/// <summary>Options of a <see cref="DatasetReader"/>.</summary>
/// <remarks>
/// Every property has a documented default. A <see cref="DatasetReader"/> validates the options and takes a copy of them when it is
/// created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class DatasetReaderOptions
{
    /// <summary>
    /// Gets or sets how many chunks are fetched ahead of the one being read, ≥ 0 (0: no prefetching). These fetches run
    /// concurrently, so the window also bounds the reader's parallelism. Default 8.
    /// </summary>
    public int PrefetchWindow { get; set; } = 8;

    /// <summary>
    /// Gets or sets the most bytes held by fetched-but-unread and in-flight chunks, ≥ 1; the window shrinks to honour it (one
    /// chunk is always allowed, whatever its size). Default 64 MiB.
    /// </summary>
    public long PrefetchBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Gets or sets whether each chunk or range is read into a buffer rented from the shared pool for it alone (no array per read:
    /// a local store decodes straight into it), which the caller returns by disposing the delivered
    /// <see cref="DatasetChunkData"/> or <see cref="DatasetRangeData"/>. The reader never reuses a buffer it handed out, so
    /// items may be batched or passed on; one never disposed only costs the pool its buffer. False (the default) hands
    /// out arrays that no one writes again: the memory tier's own on hits, a new array per miss.
    /// </summary>
    public bool PooledBuffers { get; set; }

    /// <summary>
    /// Gets or sets how many readers share the cache's schedule, ≥ 1. With more than one, the reader passes the cache positions
    /// p·<see cref="ScheduleLanes"/> + <see cref="ScheduleLane"/> and <c>ReadEpochsAsync</c> leaves the cache's schedule
    /// alone: the host sets the merged one (<c>DatasetReader.CreateSharedSchedule</c>). Default 1.
    /// </summary>
    public int ScheduleLanes { get; set; } = 1;

    /// <summary>Gets this reader's lane in a shared schedule, in [0, <see cref="ScheduleLanes"/>). Default 0.</summary>
    public int ScheduleLane { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what a reader keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the exception names the first one.</exception>
    internal DatasetReaderOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (DatasetReaderOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (ScheduleLanes < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(ScheduleLanes), ScheduleLanes, "The lanes must be ≥ 1.");
        }

        if (ScheduleLane < 0 || ScheduleLane >= ScheduleLanes)
        {
            yield return new ArgumentOutOfRangeException(nameof(ScheduleLane), ScheduleLane, $"The lane must be in [0, {ScheduleLanes}).");
        }

        if (PrefetchWindow < 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(PrefetchWindow), PrefetchWindow, "The prefetch window must be ≥ 0 chunks.");
        }

        if (PrefetchBytes < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(PrefetchBytes), PrefetchBytes, "The prefetch budget must be ≥ 1 byte.");
        }
    }
}
