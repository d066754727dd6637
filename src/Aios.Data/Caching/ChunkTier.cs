using Aios.Data.Storage;

namespace Aios.Data.Caching;

/// <summary>
/// One tier below the memory tier of a <see cref="DatasetCache"/>: a local chunk store, a folder on a share, a shared
/// Redis-protocol server. Tiers return verified content or nothing; the cache walks them in order and fills the ones
/// above the tier that had the chunk.
/// </summary>
/// <remarks>
/// Contract: <see cref="ReadAsync"/> returns null for a miss, throws <see cref="ChunkCorruptException"/> when the tier
/// holds bad bytes for the chunk (the cache then reads the next tier, counts it, and rewrites the tier), and throws a
/// failure that <see cref="IsTransient"/> accepts when the tier is unreachable (the cache skips it for
/// <see cref="DatasetCacheOptions.RetryUnavailableAfter"/>). Any other exception is a bug, not an outage: the cache
/// lets it propagate to the reader instead of hiding it behind the tiers below. Implementations are thread-safe.
/// </remarks>
public abstract class ChunkTier
{
    /// <summary>Initializes the tier.</summary>
    /// <param name="name">Its name in statistics and metrics (e.g. "local", "redis").</param>
    protected ChunkTier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the tier's name.</summary>
    public string Name { get; }

    /// <summary>Gets whether the cache may fill this tier with chunks read from tiers below it.</summary>
    public virtual bool IsWritable => true;

    /// <summary>Gets the tier's byte budget, or null when it has none of its own (an origin, or a server that evicts by itself).</summary>
    public virtual long? CapacityBytes => null;

    /// <summary>Gets the bytes the tier holds against <see cref="CapacityBytes"/> (0 when it has no budget).</summary>
    public virtual long UsedBytes => 0;

    /// <summary>Gets the evictions the tier made to honour its budget.</summary>
    public virtual long Evictions => 0;

    /// <summary>Reads and verifies a chunk.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="position">The read's place in the access schedule (negative: unscheduled), for the tier's policy.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The chunk, or null when the tier does not hold it.</returns>
    /// <exception cref="ChunkCorruptException">The tier holds bad bytes for it.</exception>
    public abstract ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken);

    /// <summary>
    /// Reads and verifies a chunk into <paramref name="destination"/>; tiers that can decode straight into it (a local
    /// store) override this so that a read allocates nothing. The default reads with <see cref="ReadAsync"/> and copies.
    /// </summary>
    /// <param name="id">The chunk.</param>
    /// <param name="destination">At least the chunk's length.</param>
    /// <param name="position">The read's place in the access schedule (negative: unscheduled).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The chunk's length (−1 for a miss) and, when the tier produced one anyway, the chunk as <see cref="ReadAsync"/> returns it.</returns>
    /// <exception cref="ChunkCorruptException">The tier holds bad bytes for it.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the chunk.</exception>
    public virtual async ValueTask<(int Length, TierChunk? Chunk)> ReadIntoAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
    {
        TierChunk? chunk = await ReadAsync(id, position, cancellationToken).ConfigureAwait(false);
        if (chunk is null)
        {
            return (-1, null);
        }

        if (chunk.Content.Length > destination.Length)
        {
            throw new ArgumentException($"Chunk {id} holds {chunk.Content.Length} bytes; the destination only {destination.Length}.", nameof(destination));
        }

        chunk.Content.CopyTo(destination);
        return (chunk.Content.Length, chunk);
    }

    /// <summary>Stores a chunk read from a tier below, if the tier's admission policy takes it.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="chunk">Its verified content and, when the source had it, its file image (passed on without re-encoding).</param>
    /// <param name="position">The read's place in the access schedule (negative: unscheduled).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the tier now holds the chunk.</returns>
    public abstract ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken);

    /// <summary>Removes a chunk (after it was found corrupt); a no-op for tiers that cannot.</summary>
    /// <param name="id">The chunk.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when it is gone.</returns>
    public virtual ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Hands the tier the reader's future accesses (for a clairvoyant policy); ignored by tiers without a policy.</summary>
    /// <param name="schedule">The schedule, or null to forget it.</param>
    public virtual void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
    }

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown by one of this tier's calls, means the tier is unreachable for now
    /// (the cache then skips the tier for <see cref="DatasetCacheOptions.RetryUnavailableAfter"/> and reads the tiers
    /// below) rather than a bug (the cache lets it propagate).
    /// </summary>
    /// <remarks>
    /// The default accepts the outside world's failures: <see cref="IOException"/> (a share gone, a disk error — but not
    /// <see cref="ChunkCorruptException"/>, which the cache handles on its own), <see cref="UnauthorizedAccessException"/>
    /// (a share remounted read-only or its permissions changed: an operator fixes it and the tier comes back),
    /// <see cref="TimeoutException"/>, <see cref="System.Net.Sockets.SocketException"/>, and an
    /// <see cref="OperationCanceledException"/> the caller did not ask for (a client's own timeout). Everything else —
    /// <see cref="NullReferenceException"/>, <see cref="ArgumentException"/>, <see cref="InvalidOperationException"/>
    /// from misuse — is not transient. Tiers over a client with failures of its own override this (and usually call
    /// the base).
    /// </remarks>
    /// <param name="exception">The exception a call of this tier threw.</param>
    /// <returns>True when the tier should be marked unavailable and skipped.</returns>
    public virtual bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ChunkCorruptException => false,
            IOException or UnauthorizedAccessException or TimeoutException or System.Net.Sockets.SocketException => true,
            OperationCanceledException => true, // the caller's own cancellation never reaches here: the cache rethrows it first
            _ => false,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
