using System.Buffers;
using Aios.Data.Chunking;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>
/// Stores chunks on up to <c>parallelism</c> threads at once and keeps their results in the order they were added.
/// Each chunk is copied into a buffer rented for it alone and returned when its write ends.
/// </summary>
internal sealed class ChunkWriter(ChunkStore store, Chunker chunker, int parallelism) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(parallelism);
    private readonly List<Task<ChunkWriteResult>> _writes = [];
    private readonly Chunker _chunker = chunker;

    public int Count => _writes.Count;

    public int Chunks { get; private set; }

    public int NewChunks { get; private set; }

    public long NewBytes { get; private set; }

    public long NewStoredBytes { get; private set; }

    public async ValueTask AddAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunk.Length, 1));
        chunk.Span.CopyTo(buffer); // before the first await: the caller reuses its window once this returns
        int length = chunk.Length;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        // Task.Run on purpose: hashing and compressing a chunk is CPU work, and the point is to spread it over cores.
        _writes.Add(Task.Run(async () =>
        {
            try
            {
                return await store.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _slots.Release();
            }
        }, CancellationToken.None));
    }

    public async ValueTask CompleteAsync()
    {
        ChunkWriteResult[] results = await Task.WhenAll(_writes).ConfigureAwait(false);
        foreach (ChunkWriteResult result in results)
        {
            Chunks++;
            if (!result.Deduplicated)
            {
                NewChunks++;
                NewBytes += result.Length;
                NewStoredBytes += result.StoredLength;
            }
        }
    }

    /// <summary>Waits for the writes in flight (so none outlives the registration that failed) and ignores their outcome.</summary>
    public async ValueTask AbandonAsync()
    {
        try
        {
            await Task.WhenAll(_writes).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The registration is failing for its own reason, which is the one to report.
        }
    }

    public ManifestChunk Result(int index)
    {
        ChunkWriteResult result = _writes[index].Result;
        return new ManifestChunk(result.Id, result.Length);
    }

    public void Dispose() => _slots.Dispose();

    public override string ToString() => $"{_writes.Count} chunks by {_chunker}";
}
