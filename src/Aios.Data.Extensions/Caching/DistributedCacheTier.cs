using Aios.Data.Storage;
using Microsoft.Extensions.Caching.Distributed;

namespace Aios.Data.Caching;

/// <summary>
/// A shared cache tier over any <see cref="IDistributedCache"/> — a Redis-protocol server (Redis, Valkey, Garnet) through
/// Microsoft.Extensions.Caching.StackExchangeRedis, or any other — so that many machines share one cache. Values are
/// chunk file images (compressed, checksummed); every read is checked, by default against the SHA-256 name as well.
/// </summary>
/// <remarks>
/// The server's failures surface as exceptions; for those <see cref="IsTransient"/> accepts, <see cref="DatasetCache"/>
/// skips the tier for a while and reads the next one, so a server that goes away costs one failed call, not one per
/// chunk. Any other exception is a bug and reaches the reader.
/// </remarks>
public sealed class DistributedCacheTier : ChunkTier
{
    private readonly IDistributedCache _cache;
    private readonly DistributedCacheTierOptions _options;

    /// <summary>Initializes the tier.</summary>
    /// <param name="cache">The distributed cache.</param>
    /// <param name="name">The tier's name. Default "remote".</param>
    /// <param name="options">Key prefix, expiration, verification; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> or an option is null; the exception names it.</exception>
    public DistributedCacheTier(IDistributedCache cache, string name = "remote", DistributedCacheTierOptions? options = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _cache = cache;
        _options = (options ?? new DistributedCacheTierOptions()).Snapshot();
    }

    /// <summary>Gets a copy of the options the tier was created with; changing it has no effect on the tier.</summary>
    public DistributedCacheTierOptions Options => _options.Snapshot();

    /// <summary>Gets the key a chunk is stored under.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>The key.</returns>
    public string GetKey(ContentId id) => _options.KeyPrefix + id.ToString();

    /// <inheritdoc/>
    public override async ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        string key = GetKey(id);
        byte[]? image = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return image is null ? null : new TierChunk(ChunkFile.Decode(id, image, $"{Name} key {key}", _options.VerifyContentHash), image);
    }

    /// <inheritdoc/>
    public override async ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        byte[] image = chunk.Image ?? ChunkFile.Encode(id, chunk.Content, _options.Selector);
        await _cache.SetAsync(GetKey(id), image, _options.EntryOptions, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Whether a call's exception means the server is unreachable for now: the base rules (I/O, socket, timeout, a
    /// client's own cancellation), StackExchange.Redis's <c>RedisConnectionException</c> and <c>RedisTimeoutException</c>,
    /// and a <c>RedisServerException</c> for a state that passes (<c>LOADING</c> after a restart, <c>BUSY</c>,
    /// <c>MASTERDOWN</c>, <c>READONLY</c> during a failover, <c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>, <c>OOM</c>) — matched by
    /// type name, so this package does not depend on the Redis client — also when wrapped as an inner exception.
    /// </summary>
    /// <param name="exception">The exception a call of this tier threw.</param>
    /// <returns>True when the tier should be skipped for a while.</returns>
    public override bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (base.IsTransient(current) || IsTransientRedisFailure(current))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] TransientServerErrors = ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM"];

    private static bool IsTransientRedisFailure(Exception exception)
    {
        for (Type? type = exception.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            switch (type.FullName)
            {
                case "StackExchange.Redis.RedisConnectionException":
                case "StackExchange.Redis.RedisTimeoutException":
                    return true;
                case "StackExchange.Redis.RedisServerException":
                    foreach (string prefix in TransientServerErrors)
                    {
                        if (exception.Message.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override async ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken) =>
        await _cache.RemoveAsync(GetKey(id), cancellationToken).ConfigureAwait(false);
}
