using System.Buffers;
using System.IO.Pipelines;

namespace Aios.Data.Entropy;

/// <summary>
/// Order-0 Shannon entropy of bytes, in bits per byte (0 for constant data, 8 for uniformly random data): exact over a
/// span, stride-sampled as btrfs samples before compressing, or streamed from a <see cref="PipeReader"/>.
/// </summary>
/// <remarks>
/// H = log₂ n − (1/n) Σ cᵢ log₂ cᵢ over the byte counts cᵢ of n bytes (Shannon, 1948). Counting uses four interleaved
/// tables, so consecutive equal bytes do not wait on each other's increment (the store-to-load dependency that makes a
/// one-table histogram slow on runs of equal bytes), then sums them.
/// </remarks>
public static class ByteEntropy
{
    /// <summary>The bytes sampled from each stride by default (btrfs: 16).</summary>
    public const int DefaultSampleLength = 16;

    /// <summary>The stride sampled by default (btrfs: 256): <see cref="DefaultSampleLength"/> bytes of every 256.</summary>
    public const int DefaultStride = 256;

    /// <summary>Computes the exact entropy of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>Bits per byte in [0, 8]; 0 for an empty span.</returns>
    public static double Compute(ReadOnlySpan<byte> data)
    {
        Span<long> counts = stackalloc long[256];
        AddCounts(data, counts);
        return FromCounts(counts, data.Length);
    }

    /// <summary>
    /// Estimates the entropy from <paramref name="sampleLength"/> bytes at the start of every <paramref name="stride"/>
    /// bytes (the whole span when it is shorter than one stride).
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="sampleLength">Bytes read per stride; 1 ≤ it ≤ <paramref name="stride"/>.</param>
    /// <param name="stride">The distance between samples; ≥ 1.</param>
    /// <returns>Bits per byte in [0, 8] of the sampled bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A length is out of range.</exception>
    public static double ComputeSampled(ReadOnlySpan<byte> data, int sampleLength = DefaultSampleLength, int stride = DefaultStride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleLength, stride);
        if (data.Length <= stride)
        {
            return Compute(data);
        }

        // One set of tables for all samples: a span holds fewer than 2^31 bytes, so 32-bit counters cannot overflow.
        Span<uint> tables = stackalloc uint[4 * 256];
        tables.Clear();
        long sampled = 0;
        for (int start = 0; start < data.Length; start += stride)
        {
            ReadOnlySpan<byte> sample = data.Slice(start, Math.Min(sampleLength, data.Length - start));
            CountInto(sample, tables);
            sampled += sample.Length;
        }

        Span<long> counts = stackalloc long[256];
        SumTables(tables, counts);
        return FromCounts(counts, sampled);
    }

    /// <summary>Computes the exact entropy of everything <paramref name="reader"/> yields until it completes.</summary>
    /// <param name="reader">The reader; it is read to the end but not completed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Bits per byte in [0, 8] and the number of bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async ValueTask<(double BitsPerByte, long Bytes)> ComputeAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long[] counts = new long[256];
        long total = 0;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                AddCounts(segment.Span, counts);
            }

            total += buffer.Length;
            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        return (FromCounts(counts, total), total);
    }

    /// <summary>Adds the byte counts of <paramref name="data"/> to <paramref name="counts"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="counts">256 counters, one per byte value.</param>
    /// <exception cref="ArgumentException"><paramref name="counts"/> does not have 256 entries.</exception>
    public static void AddCounts(ReadOnlySpan<byte> data, Span<long> counts)
    {
        if (counts.Length != 256)
        {
            throw new ArgumentException($"The counts must have 256 entries (got {counts.Length}).", nameof(counts));
        }

        // Four tables of 32-bit counters, flushed before they could overflow.
        Span<uint> tables = stackalloc uint[4 * 256];
        while (!data.IsEmpty)
        {
            ReadOnlySpan<byte> block = data[..Math.Min(data.Length, 1 << 30)];
            tables.Clear();
            CountInto(block, tables);
            SumTables(tables, counts);

            data = data[block.Length..];
        }
    }

    private static void CountInto(ReadOnlySpan<byte> block, Span<uint> tables)
    {
        int i = 0;
        for (; i + 4 <= block.Length; i += 4)
        {
            tables[block[i]]++;
            tables[256 + block[i + 1]]++;
            tables[512 + block[i + 2]]++;
            tables[768 + block[i + 3]]++;
        }

        for (; i < block.Length; i++)
        {
            tables[block[i]]++;
        }
    }

    private static void SumTables(ReadOnlySpan<uint> tables, Span<long> counts)
    {
        for (int value = 0; value < 256; value++)
        {
            counts[value] += (long)tables[value] + tables[256 + value] + tables[512 + value] + tables[768 + value];
        }
    }

    /// <summary>The entropy of a histogram.</summary>
    /// <param name="counts">256 counters.</param>
    /// <param name="total">Their sum.</param>
    /// <returns>Bits per byte in [0, 8]; 0 when <paramref name="total"/> is 0.</returns>
    public static double FromCounts(ReadOnlySpan<long> counts, long total)
    {
        if (total <= 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (long count in counts)
        {
            if (count > 0)
            {
                sum += count * Math.Log2(count);
            }
        }

        // Rounding can leave a tiny negative or a hair above 8; the value is defined in [0, 8].
        return Math.Clamp(Math.Log2(total) - (sum / total), 0, 8);
    }
}
