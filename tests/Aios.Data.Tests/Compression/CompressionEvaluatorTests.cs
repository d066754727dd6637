using Aios.Data.Compression;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Data.Tests.Compression;

public sealed class CompressionEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static FakeTimeProvider Clock() => new(Start) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    private static int CompressedLength(Codec codec, byte[] data)
    {
        byte[] compressed = new byte[codec.GetMaxCompressedLength(data.Length)];
        Assert.True(codec.TryCompress(data, compressed, out int written));
        return written;
    }

    [Fact]
    public void Evaluate_ZerosWithZstd_RatioAndSavingsExact()
    {
        byte[] data = new byte[1 << 20];
        Codec codec = Codec.CreateZstd(1);
        int expected = CompressedLength(codec, data);

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(data, codec, timeProvider: Clock());

        Assert.Equal("zstd-1", evaluation.Codec);
        Assert.Equal(data.Length, evaluation.OriginalLength);
        Assert.Equal(expected, evaluation.CompressedLength);
        Assert.Equal((double)data.Length / expected, evaluation.Ratio);
        Assert.Equal(1 - ((double)expected / data.Length), evaluation.Savings);
        Assert.True(evaluation.Ratio > 100, $"ratio {evaluation.Ratio}");
    }

    [Fact]
    public void Evaluate_RandomWithLz4_RatioJustBelowOne()
    {
        byte[] data = new byte[256 * 1024];
        new Random(5).NextBytes(data);
        int expected = CompressedLength(Codec.Lz4, data);

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(data, Codec.Lz4, timeProvider: Clock());

        Assert.Equal(expected, evaluation.CompressedLength);
        Assert.True(expected > data.Length, "LZ4 expands random bytes by its literal-run headers");
        Assert.InRange(evaluation.Ratio, 0.99, 1.0);
        Assert.True(evaluation.Ratio < 1);
        Assert.Equal(1 - ((double)expected / data.Length), evaluation.Savings);
        Assert.True(evaluation.Savings < 0);
    }

    [Fact]
    public void Evaluate_Raw_RatioOneSavingsZero()
    {
        byte[] data = [1, 2, 3, 4, 5, 6, 7];

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(data, Codec.Raw, timeProvider: Clock());

        Assert.Equal(7, evaluation.CompressedLength);
        Assert.Equal(1, evaluation.Ratio);
        Assert.Equal(0, evaluation.Savings);
    }

    [Fact]
    public void Evaluate_Empty_RatioOneSavingsZero()
    {
        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate([], Codec.CreateZstd(3), timeProvider: Clock());

        Assert.Equal(0, evaluation.OriginalLength);
        Assert.Equal(1, evaluation.Ratio, 12);
        Assert.Equal(0, evaluation.Savings);
    }

    [Fact]
    public void Evaluate_ConstantCodecOnConstantData_StoresOneByte()
    {
        byte[] data = Enumerable.Repeat((byte)9, 1000).ToArray();

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(data, Codec.Constant, timeProvider: Clock());

        Assert.Equal(1, evaluation.CompressedLength);
        Assert.Equal(1000, evaluation.Ratio);
        Assert.Equal(0.999, evaluation.Savings, 12);
    }

    [Fact]
    public void Evaluate_FakeClockAutoAdvancing_TimesAreExactlyOneTick()
    {
        byte[] data = new byte[10_000];
        FakeTimeProvider clock = Clock();

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(data, Codec.Lz4, repetitions: 3, timeProvider: clock);

        Assert.Equal(TimeSpan.FromMilliseconds(1), evaluation.CompressTime);
        Assert.Equal(TimeSpan.FromMilliseconds(1), evaluation.DecompressTime);
        Assert.Equal(10_000_000, evaluation.CompressBytesPerSecond, 6);
        Assert.Equal(10_000_000, evaluation.DecompressBytesPerSecond, 6);
        Assert.Equal(Start + TimeSpan.FromMilliseconds(4 * 3), clock.GetUtcNow());
    }

    [Fact]
    public void Evaluate_RunsOfDifferentLength_ReportsTheFastest()
    {
        var clock = new ScriptedTimeProvider([5, 3, 4, 9, 2, 7]);

        CompressionEvaluation evaluation = CompressionEvaluator.Evaluate(new byte[100], Codec.Lz4, repetitions: 3, timeProvider: clock);

        Assert.Equal(TimeSpan.FromSeconds(3), evaluation.CompressTime);
        Assert.Equal(TimeSpan.FromSeconds(2), evaluation.DecompressTime);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Evaluate_RepetitionsOutOfRange_ThrowsNamingRepetitions(int repetitions)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CompressionEvaluator.Evaluate([1, 2], Codec.Lz4, repetitions, Clock()));

        Assert.Equal("repetitions", exception.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Evaluate_RepetitionsAtTheLimits_Succeeds(int repetitions) =>
        Assert.Equal(2, CompressionEvaluator.Evaluate([1, 2], Codec.Raw, repetitions, Clock()).OriginalLength);

    [Fact]
    public void Evaluate_NullCodec_ThrowsNamingCodec()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => CompressionEvaluator.Evaluate([1], null!));

        Assert.Equal("codec", exception.ParamName);
    }

    [Fact]
    public void Evaluate_ConstantCodecOnMixedData_ThrowsNamingCodec()
    {
        var exception = Assert.Throws<ArgumentException>(() => CompressionEvaluator.Evaluate([1, 1, 2], Codec.Constant));

        Assert.Equal("codec", exception.ParamName);
    }

    [Fact]
    public void EvaluateAll_Default_EveryDefaultCodecInOrderAndVerified()
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i % 97} of the log, status ok\n")));

        IReadOnlyList<CompressionEvaluation> evaluations = CompressionEvaluator.EvaluateAll(data, timeProvider: Clock());

        Assert.Equal(CompressionEvaluator.DefaultCodecs.Select(codec => codec.Name), evaluations.Select(evaluation => evaluation.Codec));
        Assert.Equal(14, evaluations.Count);
        Assert.All(evaluations, evaluation => Assert.Equal(data.Length, evaluation.OriginalLength));
        Assert.All(evaluations.Skip(1), evaluation => Assert.True(evaluation.Ratio > 3, $"{evaluation.Codec}: {evaluation.Ratio}"));
    }

    [Fact]
    public void EvaluateAll_GivenCodecs_OnlyThose()
    {
        IReadOnlyList<CompressionEvaluation> evaluations = CompressionEvaluator.EvaluateAll(new byte[64], [Codec.Raw, Codec.Constant], timeProvider: Clock());

        Assert.Equal(["raw", "constant"], evaluations.Select(evaluation => evaluation.Codec));
        Assert.Equal([64L, 1L], evaluations.Select(evaluation => evaluation.CompressedLength));
    }

    [Fact]
    public void EvaluateAll_RepetitionsOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CompressionEvaluator.EvaluateAll([1], repetitions: 0));

    /// <summary>A clock whose successive timed intervals last the given numbers of seconds.</summary>
    private sealed class ScriptedTimeProvider(long[] intervalSeconds) : TimeProvider
    {
        private long _now;
        private int _calls;

        public override long TimestampFrequency => 1;

        public override long GetTimestamp()
        {
            // Odd calls end an interval: advance by the next scripted length before reading.
            if (_calls++ % 2 == 1)
            {
                _now += intervalSeconds[(_calls / 2) - 1];
            }

            return _now;
        }
    }
}
