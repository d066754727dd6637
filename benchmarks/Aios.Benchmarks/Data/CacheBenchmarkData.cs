using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Benchmarks.Data;

/// <summary>The cache benchmarks' dataset: 8 MiB of text and 8 MiB of uint16 tokens in 256 KiB chunks, as one manifest.</summary>
internal static class CacheBenchmarkData
{
    public const int ChunkLength = 256 * 1024;

    public static List<byte[]> Chunks()
    {
        var chunks = new List<byte[]>();
        byte[] text = SyntheticContent.Generate(ContentKind.Text, 8 << 20, 1);
        byte[] tokens = SyntheticContent.Generate(ContentKind.UInt16Tokens, 8 << 20, 2);
        foreach (byte[] source in new[] { text, tokens })
        {
            for (int offset = 0; offset < source.Length; offset += ChunkLength)
            {
                chunks.Add(source.AsSpan(offset, ChunkLength).ToArray());
            }
        }

        return chunks;
    }

    /// <summary>Writes the chunks into <paramref name="store"/> and returns a manifest of one file made of them.</summary>
    public static DatasetManifest Pack(ChunkStore store, List<byte[]> chunks)
    {
        var entries = new List<ManifestChunk>();
        foreach (byte[] chunk in chunks)
        {
            entries.Add(new ManifestChunk(store.Write(chunk).Id, chunk.Length));
        }

        return new DatasetManifest { Chunking = $"fixed({ChunkLength})", Files = [new ManifestFile("data.bin", chunks.Sum(c => (long)c.Length), entries)] };
    }
}
