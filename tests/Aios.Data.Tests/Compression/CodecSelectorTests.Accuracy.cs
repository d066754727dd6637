using Aios.Data.Compression;
using Aios.Data.Synthetic;

namespace Aios.Data.Tests.Compression;

/// <summary>
/// The published accuracy claim: on every kind of synthetic content, the selector (sampled trials) picks the oracle's
/// codec (both codecs on the whole chunk, <see cref="CodecSelector.Decide"/> on the exact savings) on at least 90% of
/// 256 KiB chunks, and stores at most 5% more bytes than the oracle.
/// </summary>
public sealed partial class CodecSelectorTests
{
    private const int PerKind = 2 << 20;

    [Fact]
    public void Encode_SyntheticContentOfEveryKind_AgreesWithTheOracleAndStoresWithinFivePercent()
    {
        CodecSelector selector = CodecSelector.Default;
        byte[] destination = new byte[selector.GetMaxEncodedLength(Chunk)];
        byte[] scratch = new byte[selector.GetMaxEncodedLength(Chunk)];
        int chunks = 0, agree = 0;
        long stored = 0, oracleStored = 0;
        var disagreements = new List<string>();
        foreach (ContentKind kind in SyntheticContent.AllKinds)
        {
            byte[] data = SyntheticContent.Generate(kind, PerKind, seed: 7);
            for (int offset = 0; offset < data.Length; offset += Chunk)
            {
                ReadOnlySpan<byte> chunk = data.AsSpan(offset, Chunk);
                CodecDecision decision = selector.Encode(chunk, destination);
                Assert.True(selector.Lz4.TryCompress(chunk, scratch, out int lz4));
                Assert.True(selector.Zstd.TryCompress(chunk, scratch, out int zstd));
                bool constant = chunk.IndexOfAnyExcept(chunk[0]) < 0;
                CodecId oracle = constant ? CodecId.Constant : selector.Decide(1 - ((double)lz4 / Chunk), 1 - ((double)zstd / Chunk));
                long oracleLength = oracle switch { CodecId.Constant => 1, CodecId.Lz4 => lz4, CodecId.Zstd => zstd, _ => Chunk };
                chunks++;
                if (decision.Codec == oracle)
                {
                    agree++;
                }
                else
                {
                    disagreements.Add($"{kind}@{offset}: {decision.Describe()}; oracle {oracle} (lz4 {lz4}, zstd {zstd})");
                }

                stored += decision.StoredLength;
                oracleStored += oracleLength;
            }
        }

        double agreement = (double)agree / chunks;
        double excess = ((double)stored / oracleStored) - 1;
        Assert.True(agreement >= 0.9, $"agreement {agreement:P1} of {chunks} chunks: {string.Join("; ", disagreements)}");
        Assert.True(excess <= 0.05, $"stored {excess:P2} more than the oracle");
    }
}
