// <snippet:data-readme>
using Aios.Data.Caching;
using Aios.Data.Chunking;
using Aios.Data.Compression;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
// </snippet:data-readme>
using Aios.Data.Synthetic;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Data/README.md.</summary>
public sealed class DataSnippets
{
    [Fact]
    public async Task PackageReadme_DecidesPacksRestoresVerifiesAndReadsFourEpochs()
    {
        using var sandbox = new DocsSandbox();
        for (int i = 0; i < 3; i++)
        {
            sandbox.WriteFile($"corpus/train-{i:00}.jsonl", System.Text.Encoding.UTF8.GetString(SyntheticContent.Generate(ContentKind.JsonLines, 1 << 20, seed: i)));
        }

        int worldSize = 2, rank = 1;
        long trained = 0;
        void Train(ReadOnlyMemory<byte> data) => trained += data.Length;

        // <snippet:data-readme>
        // How would a chunk be stored, and why?
        byte[] sample = File.ReadAllBytes("corpus/train-00.jsonl")[..(64 * 1024)];
        var selector = CodecSelector.Default;
        byte[] stored = new byte[selector.GetMaxEncodedLength(sample.Length)];
        CodecDecision decision = selector.Encode(sample, stored);
        Console.WriteLine(decision.Describe());   // zstd-1: entropy 4.98; trial lz4 23 %, zstd 46 % (zstd pays)

        // Pack a folder into a store (deduplicated, verified), then restore it.
        ChunkStore store = ChunkStore.OpenOrCreate("store");      // Open: an existing store only, writing nothing
        DatasetPackResult packed = await DatasetPacker.PackAsync(store, "corpus", Chunker.CreateContentDefined());
        await DatasetPacker.UnpackAsync(store, packed.Manifest, "restored");
        StoreVerification health = await store.VerifyAsync();

        // Read it on this rank for 4 shuffled epochs through 1 GiB of memory, a local disk cache and the store as the
        // read-only origin (a folder on a share).
        using var cache = new DatasetCache(
        [
            new ChunkStoreTier(ChunkStore.OpenOrCreate("local-cache"), "local", new ChunkStoreTierOptions { CapacityBytes = 50L << 30 }),
            new ChunkStoreTier(ChunkStore.Open("store"), "origin", new ChunkStoreTierOptions { ReadOnly = true, ReturnImages = true }),
        ], new DatasetCacheOptions { MemoryBytes = 1L << 30, MemoryPolicy = CachePolicy.Clairvoyant });
        var reader = new DatasetReader(store.ReadManifest(packed.Manifest), cache);
        EpochSampler sampler = reader.CreateSampler(new EpochSamplerOptions { Seed = 42, Ranks = worldSize, Rank = rank });
        await foreach (DatasetChunkData chunk in reader.ReadEpochsAsync(sampler, new SamplerPosition(0, 0), epochs: 4))
        {
            Train(chunk.Data);                              // verified bytes; chunk.Sample is the checkpoint to resume after
        }
        // </snippet:data-readme>

        Assert.Equal("zstd-1: entropy 4.98; trial lz4 23 %, zstd 46 % (zstd pays)\n", sandbox.Output);
        Assert.Equal(File.ReadAllBytes("corpus/train-02.jsonl"), File.ReadAllBytes("restored/train-02.jsonl"));
        Assert.True(health.IsHealthy);
        long half = reader.TotalBytes / 2;
        Assert.InRange(trained, 4 * (half - (256 << 10)), 4 * (half + (256 << 10)));
    }

    [Fact]
    public async Task PackageReadme_ChunkingStreamsTheSameChunksAsTheSpanPath()
    {
        using var sandbox = new DocsSandbox();
        byte[] data = SyntheticContent.Generate(ContentKind.Text, 1 << 20, seed: 3);
        File.WriteAllBytes("train-00.txt", data);
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        ChunkStore store = ChunkStore.OpenOrCreate("store");

        // <snippet:data-chunking>
        Chunker chunker = Chunker.CreateContentDefined();                 // 16 KiB / 64 KiB / 256 KiB, normalization level 2
        int first = chunker.NextChunkLength(data, isFinalBlock: true);     // length of the chunk at data[0]

        using (FileStream stream = File.OpenRead("train-00.txt"))
        {
            await foreach (ContentChunk chunk in chunker.ChunkAsync(stream, cancellationToken))
            {
                store.Write(chunk.Data.Span);                             // each chunk's Data is an array of its own: keep it if you like
            }
        }

        using (FileStream stream = File.OpenRead("train-00.txt"))
        {
            await foreach (PooledContentChunk chunk in chunker.ChunkPooledAsync(stream, cancellationToken))
            {
                using (chunk)                                             // a rented buffer, never reused until disposed
                {
                    store.Write(chunk.Data.Span);
                }
            }
        }
        // </snippet:data-chunking>

        Assert.InRange(first, 16 * 1024, 256 * 1024);
    }
}
