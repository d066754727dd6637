using Aios.Data.Compression;
using Aios.Data.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Compression;

/// <summary>Invariants of <see cref="CodecSelector.Encode"/> over structured inputs and several option sets.</summary>
public sealed partial class CodecSelectorTests
{
    private const int PieceSource = 64 * 1024;

    // 64 KiB of every kind, cut into pieces by the generator (generating per case would dominate the run time).
    private static readonly byte[][] Sources = [.. SyntheticContent.AllKinds.Select(kind => SyntheticContent.Generate(kind, PieceSource, seed: 9))];

    private static readonly CodecSelector[] Selectors =
    [
        CodecSelector.Default,
        new(new CodecSelectorOptions { TrialFraction = 1, TrialWindowLength = 256 }),
        new(new CodecSelectorOptions { MinimumSavings = 0, ZstdMinimumAdditionalSavings = 0 }),
        new(new CodecSelectorOptions { MinimumSavings = 0.5, RawEntropyThreshold = 8, ZstdLevel = 3, Lz4Level = 9 }),
        new(new CodecSelectorOptions { TrialFraction = 1e-6, TrialWindowLength = 256, RawEntropyThreshold = 8, ZstdLevel = -3 }),
        new(new CodecSelectorOptions { RawEntropyThreshold = 5, ZstdMinimumAdditionalSavings = 1, TrialWindowLength = 65536 }),
    ];

    private static Gen<byte[]> StructuredChunks()
    {
        Gen<byte[]> piece =
            from kind in Gen.Choose(0, Sources.Length - 1)
            from start in Gen.Choose(0, PieceSource - 1)
            from length in Gen.Frequency((2, Gen.Choose(1, 512)), (2, Gen.Choose(513, 16 * 1024)), (1, Gen.Choose(16 * 1024, PieceSource)))
            select Sources[kind].AsSpan(start, Math.Min(length, PieceSource - start)).ToArray();
        Gen<byte[]> pieces =
            from count in Gen.Choose(1, 6)
            from parts in Gen.ArrayOf(piece, count)
            select parts.SelectMany(part => part).ToArray();
        return Gen.Frequency((4, pieces), (1, CompressionArbitraries.Bytes(16 * 1024)));
    }

    private static Arbitrary<(CodecSelector Selector, byte[] Chunk)> Cases() => Arb.From(
        from selector in Gen.Elements(Selectors)
        from chunk in StructuredChunks()
        select (selector, chunk));

    [Property(MaxTest = 1000)]
    public Property Encode_AnyChunk_DecodesToTheChunk() => Prop.ForAll(Cases(), input =>
    {
        (CodecDecision decision, byte[] stored) = Encode(input.Selector, input.Chunk);

        Assert.Equal(input.Chunk.Length, decision.OriginalLength);
        Assert.Equal(input.Chunk, Decode(decision, stored));
    });

    [Property(MaxTest = 1000)]
    public Property Encode_AnyChunk_NeverStoresMoreThanTheChunkAndCompressedSavesTheMinimum() => Prop.ForAll(Cases(), input =>
    {
        (CodecDecision decision, _) = Encode(input.Selector, input.Chunk);
        double savings = input.Chunk.Length == 0 ? 0 : 1 - ((double)decision.StoredLength / input.Chunk.Length);
        bool compressed = decision.Codec is CodecId.Lz4 or CodecId.Zstd;

        return decision.StoredLength <= input.Chunk.Length
            && (!compressed || savings >= input.Selector.Options.MinimumSavings - 1e-12);
    });

    [Property(MaxTest = 1000)]
    public Property Encode_AnyChunk_ReasonMatchesCodecLevelAndEstimates() => Prop.ForAll(Cases(), input =>
    {
        (CodecDecision decision, _) = Encode(input.Selector, input.Chunk);
        CodecSelectorOptions options = input.Selector.Options;
        bool trialed = !double.IsNaN(decision.EstimatedLz4Savings) && !double.IsNaN(decision.EstimatedZstdSavings);
        CodecId predicted = trialed ? input.Selector.Decide(decision.EstimatedLz4Savings, decision.EstimatedZstdSavings) : CodecId.Raw;

        Assert.Equal(decision.Reason == SelectionReason.Constant, input.Chunk.Length > 0 && input.Chunk.AsSpan().IndexOfAnyExcept(input.Chunk[0]) < 0);
        switch (decision.Reason)
        {
            case SelectionReason.Empty:
                Assert.Empty(input.Chunk);
                break;
            case SelectionReason.Constant:
                Assert.Equal((CodecId.Constant, 1), (decision.Codec, decision.StoredLength));
                break;
            case SelectionReason.HighEntropy:
                Assert.Equal(CodecId.Raw, decision.Codec);
                Assert.True(decision.Entropy >= options.RawEntropyThreshold);
                Assert.False(trialed);
                break;
            case SelectionReason.NoCodecPays:
                Assert.Equal((CodecId.Raw, CodecId.Raw), (decision.Codec, predicted));
                break;
            case SelectionReason.BelowMinimumSavings:
                Assert.Equal(CodecId.Raw, decision.Codec);
                Assert.NotEqual(CodecId.Raw, predicted);
                break;
            case SelectionReason.Lz4Pays:
                Assert.Equal((CodecId.Lz4, CodecId.Lz4, options.Lz4Level), (decision.Codec, predicted, decision.Level));
                break;
            case SelectionReason.ZstdPays:
                Assert.Equal((CodecId.Zstd, CodecId.Zstd, options.ZstdLevel), (decision.Codec, predicted, decision.Level));
                break;
            default:
                Assert.Fail($"unexpected reason {decision.Reason}");
                break;
        }

        Assert.Contains(decision.CodecName, decision.Describe(), StringComparison.Ordinal);
    });

    [Fact]
    public async Task Encode_SharedSelectorFromEightTasks_EveryChunkDecodes()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        var tasks = new Task[8];
        for (int task = 0; task < tasks.Length; task++)
        {
            byte[] source = Sources[task % Sources.Length];
            tasks[task] = Task.Run(() =>
            {
                for (int offset = 0; offset + 8192 <= source.Length; offset += 4096)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[] chunk = source[offset..(offset + 8192)];
                    (CodecDecision decision, byte[] stored) = Encode(CodecSelector.Default, chunk);
                    Assert.Equal(chunk, Decode(decision, stored));
                }
            }, cancellationToken);
        }

        await Task.WhenAll(tasks);
    }
}
