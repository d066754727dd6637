using Microsoft.Win32.SafeHandles;

namespace Aios.Data.Storage;

/// <summary>Moving chunk file images in and out of a store as they are, for cache tiers.</summary>
public sealed partial class ChunkStore
{
    /// <summary>Reads a chunk's file image as stored (not checked: decode it with <see cref="ChunkFile.Decode"/>).</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>The image, or null when the chunk is not stored.</returns>
    /// <exception cref="IOException">The file system failed.</exception>
    public byte[]? TryReadImage(ContentId id)
    {
        string path = GetChunkPath(id);
        SafeFileHandle? handle = TryOpenChunk(path);
        if (handle is null)
        {
            return null;
        }

        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                throw Corrupt(id, path, $"the file holds {length} bytes, more than a chunk can");
            }

            byte[] image = GC.AllocateUninitializedArray<byte>((int)length);
            int read = ReadFully(handle, image, 0);
            return read == image.Length ? image : image[..read];
        }
    }

    /// <summary>Places a chunk file image that came from another store or tier, after checking it.</summary>
    /// <param name="id">The chunk the image holds: the id in the image's header must be this one.</param>
    /// <param name="image">The image.</param>
    /// <returns>How it was stored (<see cref="ChunkWriteResult.Deduplicated"/> when the chunk was already there).</returns>
    /// <exception cref="ChunkCorruptException">The image fails its header or stored-bytes check or holds another chunk; nothing is written.</exception>
    /// <exception cref="IOException">The file system failed.</exception>
    public ChunkWriteResult WriteImage(ContentId id, ReadOnlySpan<byte> image)
    {
        string path = GetChunkPath(id);
        string? problem = ChunkFile.Check(id, image);
        if (problem is not null)
        {
            throw Corrupt(id, "(image to write)", problem);
        }

        int length = ChunkFile.GetContentLength(id, image);
        _metrics.BytesIn.Add(length);
        if (File.Exists(path))
        {
            _metrics.DedupHits.Add(1);
            return new ChunkWriteResult(id, length, image.Length, Deduplicated: true, Decision: null);
        }

        EnsureFanOut(id, path);
        if (!WriteAtomically(path, image))
        {
            _metrics.DedupHits.Add(1);
            return new ChunkWriteResult(id, length, image.Length, Deduplicated: true, Decision: null);
        }

        _metrics.BytesStored.Add(image.Length);
        return new ChunkWriteResult(id, length, image.Length, Deduplicated: false, Decision: null);
    }

    /// <summary>Deletes a chunk. Only for stores used as caches: a manifest naming it can no longer be read from this store.</summary>
    /// <param name="id">The chunk.</param>
    /// <returns>Whether it was there.</returns>
    /// <exception cref="IOException">The file system failed.</exception>
    public bool Delete(ContentId id)
    {
        string path = GetChunkPath(id);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Lists the stored chunks with their file sizes (for a cache tier rebuilding its index).</summary>
    /// <returns>Each chunk file's id and length; stray files that are not named by an id are skipped.</returns>
    public IEnumerable<KeyValuePair<ContentId, long>> EnumerateChunkFiles()
    {
        foreach (string folder in Directory.EnumerateDirectories(_chunks))
        {
            foreach (FileInfo file in new DirectoryInfo(folder).EnumerateFiles())
            {
                if (ContentId.TryParse(file.Name, out ContentId id))
                {
                    yield return new KeyValuePair<ContentId, long>(id, file.Length);
                }
            }
        }
    }
}
