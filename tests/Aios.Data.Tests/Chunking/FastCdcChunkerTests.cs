using System.Numerics;
using Aios.Data.Chunking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Aios.Data.Tests.Chunking.ChunkingTestData;

namespace Aios.Data.Tests.Chunking;

public sealed class FastCdcChunkerTests
{
    private static int[] Cuts(Chunker chunker, byte[] data) => [.. SpanChunkLengths(chunker, data)];

    private static int[] ReferenceCuts(byte[] data, FastCdcOptions options)
    {
        var lengths = new List<int>();
        for (int offset = 0; offset < data.Length;)
        {
            int length = ReferenceChunkLength(data.AsSpan(offset), options);
            lengths.Add(length);
            offset += length;
        }

        return [.. lengths];
    }

    /// <summary>The chunks of <paramref name="edited"/> whose content is not a chunk of <paramref name="original"/>, by index.</summary>
    private static List<int> DifferingChunks(Chunker chunker, byte[] original, byte[] edited)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        int offset = 0;
        foreach (int length in SpanChunkLengths(chunker, original))
        {
            known.Add(Hash(original.AsSpan(offset, length)));
            offset += length;
        }

        var differing = new List<int>();
        offset = 0;
        List<int> lengths = SpanChunkLengths(chunker, edited);
        for (int i = 0; i < lengths.Count; i++)
        {
            if (!known.Contains(Hash(edited.AsSpan(offset, lengths[i]))))
            {
                differing.Add(i);
            }

            offset += lengths[i];
        }

        return differing;
    }

    private static (byte[] Edited, int Position) Edit(byte[] original, Random random, bool insert)
    {
        int position = random.Next(original.Length);
        int count = 1 + random.Next(16);
        if (insert)
        {
            var inserted = new byte[count];
            random.NextBytes(inserted);
            return ([.. original.AsSpan(0, position), .. inserted, .. original.AsSpan(position)], position);
        }

        count = Math.Min(count, original.Length - position);
        return ([.. original.AsSpan(0, position), .. original.AsSpan(position + count)], position);
    }

    private static (double Mean, double StandardDeviation) Moments(List<int> lengths, bool withoutLast)
    {
        int count = withoutLast ? lengths.Count - 1 : lengths.Count;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < count; i++)
        {
            sum += lengths[i];
            squares += (double)lengths[i] * lengths[i];
        }

        double mean = sum / count;
        return (mean, Math.Sqrt((squares / count) - (mean * mean)));
    }

    /// <summary>
    /// The mean and standard deviation of the chunk length on random data, treating each tested fingerprint as an
    /// independent trial that matches with probability 2^−(b + level) for L ≤ avg and 2^−(b − level) above, with the
    /// forced cut at max: P(L) = p(L) Π_{min ≤ l &lt; L} (1 − p(l)).
    /// </summary>
    private static (double Mean, double StandardDeviation) ExpectedMoments(FastCdcOptions options)
    {
        int bits = (int)Math.Round(Math.Log2(options.AverageLength));
        double strict = Math.Pow(2, -(bits + options.NormalizationLevel));
        double loose = Math.Pow(2, -(bits - options.NormalizationLevel));
        double survival = 1;
        double mean = 0;
        double squares = 0;
        for (int length = options.MinimumLength; length < options.MaximumLength; length++)
        {
            double probability = survival * (length <= options.AverageLength ? strict : loose);
            mean += length * probability;
            squares += (double)length * length * probability;
            survival *= 1 - (length <= options.AverageLength ? strict : loose);
        }

        mean += options.MaximumLength * survival;
        squares += (double)options.MaximumLength * options.MaximumLength * survival;
        return (mean, Math.Sqrt(squares - (mean * mean)));
    }

    [Property(MaxTest = 3000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public Property NextChunkLength_AnyInput_MatchesThePlainOneByteDefinition(ChunkingCase test)
    {
        FastCdcOptions options = test.Options;
        byte[] data = test.CreateInput();

        int[] cuts = Cuts(Chunker.CreateContentDefined(options), data);
        int[] reference = ReferenceCuts(data, options);

        return cuts.AsSpan().SequenceEqual(reference).Label($"{test}: {string.Join(",", cuts)} vs {string.Join(",", reference)}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void NextChunkLength_DefaultLengthsOnLargeInputs_MatchesThePlainOneByteDefinition(int level)
    {
        var options = new FastCdcOptions { NormalizationLevel = level };
        byte[] data = [.. RandomBytes(3 << 20, level), .. MixedBytes(1 << 20, 100 + level)];

        Assert.Equal(ReferenceCuts(data, options), Cuts(Chunker.CreateContentDefined(options), data));
    }

    [Fact]
    public void NextChunkLength_SeededInputDefaultOptions_CutsArePinned()
    {
        byte[] data = SplitMixBytes(1 << 20, 1);

        int[] cuts = Cuts(Chunker.CreateContentDefined(), data);

        Assert.Equal([78578, 67503, 74764, 65891, 84874, 86994, 86743, 81279, 70543, 95339, 71674, 83878, 100516], cuts);
    }

    [Fact]
    public void NextChunkLength_SeededInputSmallOptions_CutsArePinned()
    {
        byte[] data = SplitMixBytes(1 << 16, 2);

        int[] cuts = Cuts(Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 256, AverageLength = 1024, MaximumLength = 4096 }), data);

        Assert.Equal(
            [3380, 1078, 1292, 545, 1321, 352, 1345, 1116, 1261, 1124, 1673, 1069, 1415, 718, 610, 1395, 344, 1148, 311, 1513, 1388, 1328, 1103, 383, 1195, 1191, 1107, 1317, 450, 581,
             1115, 1246, 1065, 1174, 1340, 1555, 1043, 1087, 1635, 1323, 1062, 1102, 1112, 1234, 1259, 1093, 741, 544, 1140, 1040, 1075, 1233, 1055, 1086, 542, 1253, 1066, 1126, 1137],
            cuts);
    }

    [Fact]
    public void NextChunkLength_SeededInputNonPowerOfTwoAverageLevelZero_CutsArePinned()
    {
        byte[] data = SplitMixBytes(1 << 16, 3);

        int[] cuts = Cuts(Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 100, AverageLength = 300, MaximumLength = 1000, NormalizationLevel = 0 }), data);

        Assert.Equal(185, cuts.Length);
        Assert.Equal([257, 138, 155, 308, 111, 1000, 188, 426, 106, 681, 119, 261, 254, 138, 160, 274, 1000, 641, 422, 436, 1000, 390, 613, 1000], cuts[..24]);
        Assert.Equal([176, 351, 295, 475], cuts[^4..]);
    }

    [Theory]
    [InlineData(65536, 16, 18, 14)]
    [InlineData(96 * 1024, 17, 19, 15)]
    [InlineData(90 * 1024, 16, 18, 14)]
    [InlineData(1000, 10, 12, 8)]
    public void Masks_AnyAverage_HaveRoundedLog2PlusAndMinusTheLevelBits(int average, int bits, int strictBits, int looseBits)
    {
        var chunker = (FastCdcChunker)Chunker.CreateContentDefined(new FastCdcOptions { MinimumLength = 64, AverageLength = average, MaximumLength = 4 * average });

        Assert.Equal(bits, (int)Math.Round(Math.Log2(average)));
        Assert.Equal(strictBits, BitOperations.PopCount(chunker.StrictMask));
        Assert.Equal(looseBits, BitOperations.PopCount(chunker.LooseMask));
    }

    [Fact]
    public void NextChunkLength_FewBytesEditedIn4MiB_EarlierChunksKeptAndLaterOnesResynchronise()
    {
        Chunker chunker = Chunker.CreateContentDefined();
        var differingCounts = new List<int>();
        for (int seed = 0; seed < 24; seed++)
        {
            var random = new Random(seed);
            byte[] original = RandomBytes(4 << 20, seed);
            (byte[] edited, int position) = Edit(original, random, insert: seed % 2 == 0);
            List<int> before = SpanChunkLengths(chunker, original);
            List<int> after = SpanChunkLengths(chunker, edited);

            int end = 0;
            for (int i = 0; end + before[i] <= position; i++)
            {
                Assert.Equal(before[i], after[i]);
                end += before[i];
            }

            List<int> differing = DifferingChunks(chunker, original, edited);
            Assert.InRange(differing.Count, 1, 4);
            Assert.Equal(differing.Count - 1, differing[^1] - differing[0]);
            differingCounts.Add(differing.Count);
        }

        Assert.True(differingCounts.Average() <= 2.5, $"differing chunks per edit: {string.Join(",", differingCounts)}");
    }

    [Fact]
    public void NextChunkLength_FixedChunksAfterAnInsertion_AllChange()
    {
        Chunker chunker = Chunker.CreateFixed();
        for (int seed = 0; seed < 8; seed++)
        {
            var random = new Random(seed);
            byte[] original = RandomBytes(4 << 20, seed);
            (byte[] edited, int position) = Edit(original, random, insert: true);

            List<int> differing = DifferingChunks(chunker, original, edited);

            int firstTouched = position / Chunker.DefaultFixedLength;
            int chunks = SpanChunkLengths(chunker, edited).Count;
            Assert.Equal(chunks - firstTouched, differing.Count);
            Assert.Equal(firstTouched, differing[0]);
        }
    }

    [Fact]
    public void NextChunkLength_RandomDataDefaultOptions_MeanAndSpreadAsDerived()
    {
        var options = new FastCdcOptions();
        (double expectedMean, double expectedDeviation) = ExpectedMoments(options);
        byte[] data = RandomBytes(32 << 20, 21);

        (double mean, double deviation) = Moments(SpanChunkLengths(Chunker.CreateContentDefined(options), data), withoutLast: true);

        // Derived: mean 74.8 KiB, standard deviation 22.4 KiB, so the band is [avg, 1.25 avg]; 450 chunks put the sample
        // mean within ±1.4% (one standard error) of the expectation, and ±5% is 3.5 standard errors.
        Assert.InRange(expectedMean, options.AverageLength, 1.25 * options.AverageLength);
        Assert.InRange(mean, 0.95 * expectedMean, 1.05 * expectedMean);
        Assert.InRange(deviation, 0.8 * expectedDeviation, 1.2 * expectedDeviation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void NextChunkLength_RandomDataSmallOptions_MeanAsDerivedAndNormalizationNarrowsTheSpread(int level)
    {
        var options = new FastCdcOptions { MinimumLength = 1024, AverageLength = 4096, MaximumLength = 16384, NormalizationLevel = level };
        (double expectedMean, double expectedDeviation) = ExpectedMoments(options);
        byte[] data = RandomBytes(12 << 20, 30 + level);

        (double mean, double deviation) = Moments(SpanChunkLengths(Chunker.CreateContentDefined(options), data), withoutLast: true);

        // ≥ 2,500 chunks: one standard error of the mean is under 1.5%; the expected spread falls from 3.7 KiB at level 0 to 0.5 KiB at level 4.
        Assert.InRange(expectedMean, options.AverageLength, 1.25 * options.AverageLength);
        Assert.InRange(mean, 0.96 * expectedMean, 1.04 * expectedMean);
        Assert.InRange(deviation, 0.9 * expectedDeviation, 1.1 * expectedDeviation);
        Assert.True(level == 0 || deviation < 0.8 * ExpectedMoments(new FastCdcOptions { MinimumLength = options.MinimumLength, AverageLength = options.AverageLength, MaximumLength = options.MaximumLength, NormalizationLevel = level - 1 }).StandardDeviation);
    }

    [Fact]
    public void NextChunkLength_TwoVersionsDifferingByAnInsertion_ShareMostChunkBytes()
    {
        byte[] original = RandomBytes(4 << 20, 40);
        byte[] inserted = RandomBytes(3000, 41);
        int position = 1_234_567;
        byte[] edited = [.. original.AsSpan(0, position), .. inserted, .. original.AsSpan(position)];

        double contentDefined = SharedFraction(Chunker.CreateContentDefined(), original, edited);
        double fixedLength = SharedFraction(Chunker.CreateFixed(), original, edited);

        Assert.True(contentDefined >= 0.9, $"content-defined chunks share {contentDefined:P1}");
        Assert.True(fixedLength < 0.35, $"fixed chunks share {fixedLength:P1}");
    }

    private static double SharedFraction(Chunker chunker, byte[] original, byte[] edited)
    {
        List<int> differing = DifferingChunks(chunker, original, edited);
        List<int> lengths = SpanChunkLengths(chunker, edited);
        long differingBytes = 0;
        foreach (int index in differing)
        {
            differingBytes += lengths[index];
        }

        return 1 - ((double)differingBytes / edited.Length);
    }
}
