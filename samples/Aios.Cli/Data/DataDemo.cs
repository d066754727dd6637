using System.Globalization;
using Aios.Data.Compression;
using Aios.Data.Entropy;
using Aios.Data.Synthetic;

namespace Aios.Cli.Data;

/// <summary>The demo's data section: a generated mixed dataset, analysed chunk by chunk as <c>aios data analyze</c> does.</summary>
internal static class DataDemo
{
    private const int ChunkLength = 256 * 1024;
    private const int BytesPerKind = 1 << 20;

    public static void Run(TextWriter output)
    {
        ContentKind[] kinds =
        [
            ContentKind.Text, ContentKind.JsonLines, ContentKind.UInt16Tokens, ContentKind.Float16Tensor, ContentKind.Float32Tensor,
            ContentKind.SparseFloat32Tensor, ContentKind.RawImage, ContentKind.Compressed, ContentKind.Zeros,
        ];
        var selector = CodecSelector.Default;
        byte[] scratch = new byte[selector.GetMaxEncodedLength(ChunkLength)];
        byte[] zstdScratch = new byte[selector.Zstd.GetMaxCompressedLength(ChunkLength)];
        output.WriteLine("7. Storing training data (aios data analyze)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   a generated mixed dataset, {BytesPerKind >> 20} MiB of each kind, chunks of {ChunkLength >> 10} KiB; the selector chooses per chunk"));
        output.WriteLine("   data                  entropy  chosen      ratio  zstd-1 everywhere  why");
        long total = 0, stored = 0, zstdEverywhere = 0;
        foreach (ContentKind kind in kinds)
        {
            byte[] data = SyntheticContent.Generate(kind, BytesPerKind, seed: 7);
            long kindStored = 0, kindZstd = 0;
            CodecDecision last = default;
            var codecs = new SortedSet<string>(StringComparer.Ordinal);
            for (int offset = 0; offset < data.Length; offset += ChunkLength)
            {
                ReadOnlySpan<byte> chunk = data.AsSpan(offset, Math.Min(ChunkLength, data.Length - offset));
                last = selector.Encode(chunk, scratch);
                codecs.Add(last.CodecName);
                kindStored += last.StoredLength;
                _ = selector.Zstd.TryCompress(chunk, zstdScratch, out int zstd);
                kindZstd += zstd;
            }

            string why = last.Describe();
            why = why[(why.IndexOf(':', StringComparison.Ordinal) + 2)..];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {kind,-20} {ByteEntropy.Compute(data),8:F2}  {string.Join('+', codecs),-9} {(double)data.Length / kindStored,7:F2} {(double)data.Length / kindZstd,18:F2}  {why}"));
            total += data.Length;
            stored += kindStored;
            zstdEverywhere += kindZstd;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   all: {total >> 20} MiB stored in {stored / 1048576.0:F2} MiB (ratio {(double)total / stored:F2}; zstd-1 on every chunk {(double)total / zstdEverywhere:F2}, and it decodes every chunk, incompressible ones included)."));
        output.WriteLine("   Next: 'aios data pack DIR --store STORE' (deduplicated, verified), 'aios data unpack', 'aios data verify'.");
    }
}
