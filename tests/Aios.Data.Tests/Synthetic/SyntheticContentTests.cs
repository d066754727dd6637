using System.Buffers.Binary;
using System.Text.Json;
using Aios.Data.Entropy;
using Aios.Data.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Synthetic;

public sealed class SyntheticContentTests
{
    private const int Mebibyte = 1 << 20;

    // Compressed deflates a mebibyte of text per call whatever the length (≈ 0.3 s), so it has its own facts below.
    private static readonly Gen<ContentKind> Kinds = Gen.Elements(SyntheticContent.AllKinds.Where(kind => kind != ContentKind.Compressed).ToArray());

    private static float[] Floats(byte[] data)
    {
        var values = new float[data.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i));
        }

        return values;
    }

    private static (double Mean, double StandardDeviation) Moments(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(value => (value - mean) * (value - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance));
    }

    [Property(MaxTest = 300)]
    public Property Generate_SameKindLengthAndSeed_SameBytes() => Prop.ForAll(
        Arb.From(
            from kind in Kinds
            from length in Gen.Choose(0, 5000)
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            select (Kind: kind, Length: length, Seed: seed)),
        input => SyntheticContent.Generate(input.Kind, input.Length, input.Seed).AsSpan().SequenceEqual(SyntheticContent.Generate(input.Kind, input.Length, input.Seed)));

    [Property(MaxTest = 300)]
    public Property Generate_DifferentSeeds_DifferentBytes() => Prop.ForAll(
        Arb.From(
            from kind in Kinds.Where(kind => kind != ContentKind.Zeros)
            from length in Gen.Choose(256, 5000)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (Kind: kind, Length: length, Seed: seed)),
        input => !SyntheticContent.Generate(input.Kind, input.Length, input.Seed).AsSpan().SequenceEqual(SyntheticContent.Generate(input.Kind, input.Length, input.Seed + 1)));

    [Property(MaxTest = 500)]
    public Property Generate_AnyLength_ExactlyThatLength() => Prop.ForAll(
        Gen.Zip(Kinds, Gen.Frequency((3, Gen.Choose(0, 9)), (3, Gen.Choose(10, 5000).Select(length => (2 * length) + 1)), (1, Gen.Choose(5000, 100_000)))).ToArbitrary(),
        input => SyntheticContent.Generate(input.Item1, input.Item2, seed: 3).Length == input.Item2);

    [Fact]
    public void Generate_Compressed_DeterministicPerSeedAndExactLength()
    {
        byte[] first = SyntheticContent.Generate(ContentKind.Compressed, 300_001, seed: 5);

        Assert.Equal(first, SyntheticContent.Generate(ContentKind.Compressed, 300_001, seed: 5));
        Assert.NotEqual(first, SyntheticContent.Generate(ContentKind.Compressed, 300_001, seed: 6));
        Assert.Equal(300_001, first.Length);
        Assert.Equal(first.AsSpan(0, 1001).ToArray(), SyntheticContent.Generate(ContentKind.Compressed, 1001, seed: 5));
    }

    [Fact]
    public void Generate_EveryKindAtOddLengths_ExactLength()
    {
        foreach (ContentKind kind in SyntheticContent.AllKinds)
        {
            foreach (int length in new[] { 0, 1, 2, 3, 5, 7, 1023, 4097, 65_537 })
            {
                Assert.Equal(length, SyntheticContent.Generate(kind, length).Length);
            }
        }
    }

    [Fact]
    public void AllKinds_EveryEnumValueInOrder() => Assert.Equal(Enum.GetValues<ContentKind>(), SyntheticContent.AllKinds);

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(int.MaxValue)]
    public void Generate_NotAKind_ThrowsNamingKind(int kind)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticContent.Generate((ContentKind)kind, 10));

        Assert.Equal("kind", exception.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData((1 << 30) + 1)]
    [InlineData(int.MinValue)]
    public void Generate_LengthOutOfRange_ThrowsNamingLength(int length)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticContent.Generate(ContentKind.Random, length));

        Assert.Equal("length", exception.ParamName);
    }

    [Fact]
    public void Generate_Random_EntropyAtLeast7Point99() =>
        Assert.InRange(ByteEntropy.Compute(SyntheticContent.Generate(ContentKind.Random, Mebibyte)), 7.99, 8);

    [Fact]
    public void Generate_Zeros_AllZeroEntropyZero()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.Zeros, Mebibyte);

        Assert.True(data.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, ByteEntropy.Compute(data));
    }

    [Fact]
    public void Generate_Text_AsciiProseWithEntropyBetween4And5Point5()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.Text, Mebibyte);
        string text = System.Text.Encoding.ASCII.GetString(data);

        Assert.InRange(ByteEntropy.Compute(data), 4, 5.5);
        Assert.True(data.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0, "not ASCII");
        Assert.Contains(". ", text, StringComparison.Ordinal);
        Assert.Contains("\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_JsonLines_EveryCompleteLineIsAJsonRecord()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.JsonLines, 256 * 1024);
        string[] lines = System.Text.Encoding.UTF8.GetString(data).Split('\n');

        Assert.True(lines.Length > 100);
        foreach (string line in lines[..^1])
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("id").ValueKind);
            Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("text").ValueKind);
            Assert.Equal(2, document.RootElement.GetProperty("tags").GetArrayLength());
        }
    }

    [Fact]
    public void Generate_Float32Tensor_NormalWithSigmaWithinFivePercentOf0Point02()
    {
        float[] values = Floats(SyntheticContent.Generate(ContentKind.Float32Tensor, Mebibyte));

        (double mean, double deviation) = Moments([.. values.Select(value => (double)value)]);

        Assert.InRange(deviation, 0.02 * 0.95, 0.02 * 1.05);
        Assert.InRange(mean, -0.001, 0.001);
        Assert.All(values, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Generate_Float16Tensor_NormalWithSigmaWithinFivePercentOf0Point02()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.Float16Tensor, Mebibyte);
        var values = new double[data.Length / 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (double)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(2 * i));
        }

        (double mean, double deviation) = Moments(values);

        Assert.InRange(deviation, 0.02 * 0.95, 0.02 * 1.05);
        Assert.InRange(mean, -0.001, 0.001);
    }

    [Fact]
    public void Generate_SparseFloat32Tensor_HalfZerosRestPositive()
    {
        float[] values = Floats(SyntheticContent.Generate(ContentKind.SparseFloat32Tensor, Mebibyte));

        double zeroShare = (double)values.Count(value => value == 0) / values.Length;

        Assert.InRange(zeroShare, 0.45, 0.55);
        Assert.All(values, value => Assert.True(value >= 0 && float.IsFinite(value)));
    }

    [Theory]
    [InlineData(ContentKind.Int32Tokens, 4)]
    [InlineData(ContentKind.UInt16Tokens, 2)]
    public void Generate_Tokens_AllBelowTheVocabularySizeAndZipfHeaded(ContentKind kind, int width)
    {
        byte[] data = SyntheticContent.Generate(kind, Mebibyte);
        var counts = new int[SyntheticContent.TokenVocabularySize];
        for (int offset = 0; offset + width <= data.Length; offset += width)
        {
            int token = width == 4 ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset));
            Assert.InRange(token, 0, SyntheticContent.TokenVocabularySize - 1);
            counts[token]++;
        }

        // Zipf with s = 1: rank 1 is drawn with probability 1/H(50,257) ≈ 8.8%, twice as often as rank 2.
        double first = (double)counts[0] / (data.Length / width);
        Assert.InRange(first, 0.08, 0.096);
        Assert.InRange((double)counts[0] / counts[1], 1.8, 2.2);
    }

    [Fact]
    public void Generate_Compressed_EntropyAtLeast7Point9()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.Compressed, Mebibyte);

        Assert.True(ByteEntropy.Compute(data) >= 7.9, $"entropy {ByteEntropy.Compute(data)}");
    }

    [Fact]
    public void Generate_RawImage_NeighbouringPixelsClose()
    {
        byte[] data = SyntheticContent.Generate(ContentKind.RawImage, 3 * 1024 * 64);
        long difference = 0;
        for (int i = 3; i < data.Length; i++)
        {
            difference += Math.Abs(data[i] - data[i - 3]);
        }

        Assert.InRange((double)difference / (data.Length - 3), 0, 8);
    }
}
