using Aios.Data.Chunking;
using Aios.Data.Storage;
using Aios.Data.Synthetic;
using Aios.Data.Tests.Storage;

namespace Aios.Data.Tests.Caching;

/// <summary>A generated dataset (files of mixed kinds) packed with fixed-size chunks into an origin store in a temporary folder.</summary>
internal sealed class PackedDataset : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    private PackedDataset()
    {
    }

    public string Root => _folder.Path;

    public ChunkStore Origin { get; private set; } = null!;

    public DatasetManifest Manifest { get; private set; } = null!;

    public ContentId ManifestId { get; private set; }

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public long TotalBytes => Files.Values.Sum(f => (long)f.Length);

    public static async Task<PackedDataset> CreateAsync(int files = 6, int fileLength = 256 * 1024, int chunkLength = 16 * 1024, CancellationToken cancellationToken = default)
    {
        var dataset = new PackedDataset();
        string source = dataset._folder.Combine("source");
        Directory.CreateDirectory(source);
        ContentKind[] kinds = [ContentKind.Text, ContentKind.JsonLines, ContentKind.Float32Tensor, ContentKind.UInt16Tokens, ContentKind.Random, ContentKind.RawImage];
        for (int i = 0; i < files; i++)
        {
            byte[] bytes = SyntheticContent.Generate(kinds[i % kinds.Length], fileLength, seed: i + 1);
            string name = $"part-{i:D3}.bin";
            await File.WriteAllBytesAsync(Path.Combine(source, name), bytes, cancellationToken);
            dataset.Files[name] = bytes;
        }

        dataset.Origin = ChunkStore.OpenOrCreate(dataset._folder.Combine("origin"));
        DatasetPackResult packed = await DatasetPacker.PackAsync(dataset.Origin, source, Chunker.CreateFixed(chunkLength), cancellationToken: cancellationToken);
        dataset.ManifestId = packed.Manifest;
        dataset.Manifest = dataset.Origin.ReadManifest(packed.Manifest);
        return dataset;
    }

    public string Combine(params string[] parts) => _folder.Combine(parts);

    /// <summary>The bytes a dataset chunk must hold: the slice of its source file.</summary>
    public ReadOnlySpan<byte> Expected(Aios.Data.Reading.DatasetChunk chunk) => Files[chunk.File].AsSpan((int)chunk.Offset, chunk.Length);

    public void Dispose() => _folder.Dispose();
}
