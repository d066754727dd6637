using Aios.Data.Storage;

namespace Aios.Data.Caching;

/// <summary>
/// A <see cref="ChunkStore"/> as a cache tier: the local disk (optionally byte-budgeted, with a policy deciding which
/// chunks stay) or a folder on a network share that a dataset was packed into (the origin).
/// </summary>
public sealed class ChunkStoreTier : ChunkTier
{
    private readonly Lock _gate = new();
    private readonly CacheIndex<ContentId>? _index;
    private readonly List<ContentId> _evicted = [];
    private readonly ChunkStoreTierOptions _options;

    /// <summary>Initializes the tier; with a budget, indexes the chunks already in the store and evicts any beyond it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="name">The tier's name (e.g. "local", "share").</param>
    /// <param name="options">Budget, policy, read-only; defaults (no budget, writable) when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    public ChunkStoreTier(ChunkStore store, string name = "local", ChunkStoreTierOptions? options = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(store);
        _options = (options ?? new ChunkStoreTierOptions()).Snapshot();
        Store = store;
        if (_options.CapacityBytes is long capacity)
        {
            _index = new CacheIndex<ContentId>(capacity, _options.Policy);
            foreach ((ContentId id, long length) in store.EnumerateChunkFiles())
            {
                _evicted.Clear();
                bool admitted = _index.TryAdmit(id, length, -1, _evicted);
                foreach (ContentId victim in _evicted)
                {
                    store.Delete(victim);
                }

                if (!admitted)
                {
                    store.Delete(id);
                }
            }
        }
    }

    /// <summary>Gets the store.</summary>
    public ChunkStore Store { get; }

    /// <summary>Gets a copy of the options the tier was created with; changing it has no effect on the tier.</summary>
    public ChunkStoreTierOptions Options => _options.Snapshot();

    /// <inheritdoc/>
    public override bool IsWritable => !_options.ReadOnly;

    /// <inheritdoc/>
    public override long? CapacityBytes => _options.CapacityBytes;

    /// <inheritdoc/>
    public override long UsedBytes
    {
        get
        {
            lock (_gate)
            {
                return _index?.UsedBytes ?? 0;
            }
        }
    }

    /// <inheritdoc/>
    public override long Evictions
    {
        get
        {
            lock (_gate)
            {
                return _index?.Evictions ?? 0;
            }
        }
    }

    /// <inheritdoc/>
    public override ValueTask<TierChunk?> ReadAsync(ContentId id, long position, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsResident(id, position))
        {
            return ValueTask.FromResult<TierChunk?>(null);
        }

        try
        {
            if (_options.ReturnImages)
            {
                byte[]? image = Store.TryReadImage(id);
                return ValueTask.FromResult(image is null ? null : new TierChunk(ChunkFile.Decode(id, image, Store.GetChunkPath(id)), image));
            }

            return ValueTask.FromResult<TierChunk?>(new TierChunk(Store.Read(id)));
        }
        catch (ChunkNotFoundException)
        {
            Forget(id);
            return ValueTask.FromResult<TierChunk?>(null);
        }
    }

    /// <inheritdoc/>
    public override ValueTask<(int Length, TierChunk? Chunk)> ReadIntoAsync(ContentId id, Memory<byte> destination, long position, CancellationToken cancellationToken)
    {
        if (_options.ReturnImages)
        {
            return base.ReadIntoAsync(id, destination, position, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!IsResident(id, position))
        {
            return ValueTask.FromResult<(int, TierChunk?)>((-1, null));
        }

        try
        {
            return ValueTask.FromResult<(int, TierChunk?)>((Store.Read(id, destination.Span), null));
        }
        catch (ChunkNotFoundException)
        {
            Forget(id);
            return ValueTask.FromResult<(int, TierChunk?)>((-1, null));
        }
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WriteAsync(ContentId id, TierChunk chunk, long position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.ReadOnly)
        {
            return ValueTask.FromResult(false);
        }

        if (_index is null)
        {
            _ = chunk.Image is null ? Store.Write(id, chunk.Content) : Store.WriteImage(id, chunk.Image);
            return ValueTask.FromResult(true);
        }

        byte[] image = chunk.Image ?? ChunkFile.Encode(id, chunk.Content, Store.Selector);

        // Admission, eviction and the write happen under one lock: a chunk evicted while another thread was still
        // writing it would otherwise land on disk outside the index, and the budget would no longer hold.
        lock (_gate)
        {
            _evicted.Clear();
            bool admitted = _index.TryAdmit(id, image.Length, position, _evicted);
            foreach (ContentId victim in _evicted)
            {
                Store.Delete(victim);
            }

            if (!admitted)
            {
                return ValueTask.FromResult(false);
            }

            try
            {
                Store.WriteImage(id, image);
            }
            catch
            {
                _index.Remove(id);
                throw;
            }
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    public override ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken)
    {
        if (!_options.ReadOnly)
        {
            Store.Delete(id);
        }

        Forget(id);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override void SetSchedule(AccessSchedule<ContentId>? schedule)
    {
        if (_index is not null)
        {
            lock (_gate)
            {
                _index.Schedule = schedule;
            }
        }
    }

    /// <summary>Records the read with the budget's policy; false when a budgeted tier does not hold the chunk (no file is touched).</summary>
    private bool IsResident(ContentId id, long position)
    {
        if (_index is null)
        {
            return true;
        }

        lock (_gate)
        {
            return _index.Touch(id, position);
        }
    }

    private void Forget(ContentId id)
    {
        if (_index is not null)
        {
            lock (_gate)
            {
                _index.Remove(id);
            }
        }
    }
}
