using System.Buffers;

namespace Aios.Data.Compression;

/// <summary>
/// Measures codecs on real bytes: the compressed size, and compression and decompression speed from a round trip that
/// is checked byte for byte.
/// </summary>
/// <remarks>
/// Speeds are the best of <c>repetitions</c> runs (the minimum is the estimate least disturbed by other work); for
/// publishable numbers use the BenchmarkDotNet suite in <c>benchmarks/</c>. Time is read from the given
/// <see cref="TimeProvider"/>.
/// </remarks>
public static class CompressionEvaluator
{
    /// <summary>Gets the codecs compared by default: raw, LZ4, LZ4-9, zstd −1/1/3/9/19, Brotli 1/5/11 and Deflate 1/6/9.</summary>
    public static IReadOnlyList<Codec> DefaultCodecs { get; } =
    [
        Codec.Raw, Codec.Lz4, Codec.CreateLz4(9), Codec.CreateZstd(-1), Codec.CreateZstd(1), Codec.CreateZstd(3), Codec.CreateZstd(9),
        Codec.CreateZstd(19), Codec.CreateBrotli(1), Codec.CreateBrotli(5), Codec.CreateBrotli(11), Codec.CreateDeflate(1),
        Codec.CreateDeflate(6), Codec.CreateDeflate(9),
    ];

    /// <summary>Compresses and decompresses <paramref name="data"/> with <paramref name="codec"/>.</summary>
    /// <param name="data">The input (one chunk or one file).</param>
    /// <param name="codec">The codec.</param>
    /// <param name="repetitions">Timed runs of each direction; 1 ≤ it ≤ 1000.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codec"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="repetitions"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The codec did not give back the input (a codec defect).</exception>
    public static CompressionEvaluation Evaluate(ReadOnlySpan<byte> data, Codec codec, int repetitions = 1, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(repetitions, 1000);
        TimeProvider clock = timeProvider ?? TimeProvider.System;
        if (codec.Id == CodecId.Constant && !data.IsEmpty && data.IndexOfAnyExcept(data[0]) >= 0)
        {
            throw new ArgumentException("The constant codec only applies to data of one repeated byte value.", nameof(codec));
        }

        byte[] compressed = ArrayPool<byte>.Shared.Rent(codec.GetMaxCompressedLength(data.Length));
        byte[] restored = ArrayPool<byte>.Shared.Rent(data.Length);
        try
        {
            int length = 0;
            TimeSpan compressTime = TimeSpan.MaxValue;
            for (int run = 0; run < repetitions; run++)
            {
                long start = clock.GetTimestamp();
                if (!codec.TryCompress(data, compressed, out length))
                {
                    throw new InvalidOperationException($"{codec.Name} needed more than its own bound of {compressed.Length} bytes.");
                }

                compressTime = Min(compressTime, clock.GetElapsedTime(start));
            }

            TimeSpan decompressTime = TimeSpan.MaxValue;
            Span<byte> output = restored.AsSpan(0, data.Length);
            for (int run = 0; run < repetitions; run++)
            {
                long start = clock.GetTimestamp();
                codec.Decompress(compressed.AsSpan(0, length), output);
                decompressTime = Min(decompressTime, clock.GetElapsedTime(start));
            }

            if (!output.SequenceEqual(data))
            {
                throw new InvalidOperationException($"{codec.Name} did not restore the input byte for byte.");
            }

            return new CompressionEvaluation(codec.Name, data.Length, length, compressTime, decompressTime);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(restored);
        }
    }

    /// <summary>Evaluates every codec in <paramref name="codecs"/> (by default <see cref="DefaultCodecs"/>) on the same input.</summary>
    /// <param name="data">The input.</param>
    /// <param name="codecs">The codecs, or null for <see cref="DefaultCodecs"/>.</param>
    /// <param name="repetitions">Timed runs per direction; 1 ≤ it ≤ 1000.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>One evaluation per codec, in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="repetitions"/> is out of range.</exception>
    public static IReadOnlyList<CompressionEvaluation> EvaluateAll(ReadOnlySpan<byte> data, IReadOnlyList<Codec>? codecs = null, int repetitions = 1, TimeProvider? timeProvider = null)
    {
        codecs ??= DefaultCodecs;
        var results = new CompressionEvaluation[codecs.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = Evaluate(data, codecs[i], repetitions, timeProvider);
        }

        return results;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
