using System.IO.Pipelines;
using Aios.Data.Entropy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Entropy;

public sealed class ByteEntropyTests
{
    private static double Naive(byte[] data)
    {
        if (data.Length == 0)
        {
            return 0;
        }

        var counts = new double[256];
        foreach (byte value in data)
        {
            counts[value]++;
        }

        double entropy = 0;
        foreach (double count in counts)
        {
            if (count > 0)
            {
                double p = count / data.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    [Fact]
    public void Compute_Empty_IsZero() => Assert.Equal(0, ByteEntropy.Compute([]));

    [Fact]
    public void Compute_Constant_IsZero() => Assert.Equal(0, ByteEntropy.Compute(new byte[100_003]));

    [Fact]
    public void Compute_EveryByteValueOnce_IsExactlyEight()
    {
        byte[] data = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

        Assert.Equal(8, ByteEntropy.Compute(data), 12);
    }

    [Fact]
    public void Compute_HalfQuarterQuarter_IsOneAndAHalf()
    {
        byte[] data = [.. Enumerable.Repeat((byte)'a', 2000), .. Enumerable.Repeat((byte)'b', 1000), .. Enumerable.Repeat((byte)'c', 1000)];

        Assert.Equal(1.5, ByteEntropy.Compute(data), 12);
    }

    [Fact]
    public void Compute_UniformRandomMebibyte_IsEightWithinTheSamplingBias()
    {
        var data = new byte[1 << 20];
        new Random(42).NextBytes(data);

        // The plug-in estimator is biased low by about (256 − 1)/(2 n ln 2) = 1.8e-4 bits at n = 2^20 (Miller, 1955).
        Assert.InRange(ByteEntropy.Compute(data), 8 - 0.001, 8);
    }

    [Property(MaxTest = 3000)]
    public Property Compute_AnyBytes_MatchesTheDefinitionAndItsBounds(byte[] data)
    {
        double entropy = ByteEntropy.Compute(data);
        double bound = data.Length == 0 ? 0 : Math.Min(8, Math.Log2(data.Length));
        return (Math.Abs(entropy - Naive(data)) < 1e-9 && entropy >= 0 && entropy <= bound + 1e-12).ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property Compute_Reordered_SameEntropy(byte[] data)
    {
        byte[] reversed = [.. data.Reverse()];
        return (ByteEntropy.Compute(data) == ByteEntropy.Compute(reversed)).ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property ComputeSampled_AnyBytes_EqualsExactEntropyOfTheSamples(byte[] data, PositiveInt strideSeed, PositiveInt lengthSeed)
    {
        int stride = 1 + (strideSeed.Get % 64);
        int sampleLength = 1 + (lengthSeed.Get % stride);
        var samples = new List<byte>();
        if (data.Length <= stride)
        {
            samples.AddRange(data);
        }
        else
        {
            for (int start = 0; start < data.Length; start += stride)
            {
                samples.AddRange(data.Skip(start).Take(sampleLength));
            }
        }

        return (Math.Abs(ByteEntropy.ComputeSampled(data, sampleLength, stride) - Naive([.. samples])) < 1e-9).ToProperty();
    }

    [Fact]
    public void ComputeSampled_RandomMebibyte_CloseToExact()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);

        Assert.InRange(ByteEntropy.ComputeSampled(data), 7.99, 8);
    }

    [Theory]
    [InlineData(16, 0, "stride")]
    [InlineData(0, 256, "sampleLength")]
    [InlineData(257, 256, "sampleLength")]
    public void ComputeSampled_OutOfRange_ThrowsNamingParameter(int sampleLength, int stride, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ByteEntropy.ComputeSampled(new byte[10], sampleLength, stride));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void AddCounts_WrongTableSize_ThrowsNamingCounts()
    {
        var exception = Assert.Throws<ArgumentException>(() => ByteEntropy.AddCounts([1, 2, 3], new long[255]));

        Assert.Equal("counts", exception.ParamName);
    }

    [Fact]
    public async Task ComputeAsync_WrittenInPieces_SameAsExact()
    {
        var data = new byte[300_001];
        var random = new Random(3);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(random.Next(64) * random.Next(4));
        }

        var pipe = new Pipe();
        Task writer = Task.Run(async () =>
        {
            for (int offset = 0; offset < data.Length; offset += 7_777)
            {
                await pipe.Writer.WriteAsync(data.AsMemory(offset, Math.Min(7_777, data.Length - offset)), TestContext.Current.CancellationToken);
            }

            await pipe.Writer.CompleteAsync();
        }, TestContext.Current.CancellationToken);

        (double bits, long bytes) = await ByteEntropy.ComputeAsync(pipe.Reader, TestContext.Current.CancellationToken);
        await writer;

        Assert.Equal(data.Length, bytes);
        Assert.Equal(ByteEntropy.Compute(data), bits, 12);
    }

    [Fact]
    public async Task ComputeAsync_Cancelled_Throws()
    {
        var pipe = new Pipe();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ByteEntropy.ComputeAsync(pipe.Reader, cancellation.Token));
    }
}
