using System.IO.Pipelines;
using System.Security.Cryptography;
using Aios.Data.Chunking;
using FsCheck;
using FsCheck.Fluent;

namespace Aios.Data.Tests.Chunking;

/// <summary>Inputs, small random options, a plain reference FastCDC and ways of feeding a chunker in pieces.</summary>
internal static class ChunkingTestData
{
    /// <summary>The bytes of <paramref name="seed"/>'s SplitMix64 stream, little-endian: the same on every .NET version.</summary>
    public static byte[] SplitMixBytes(int length, ulong seed)
    {
        var data = new byte[length];
        ulong state = seed;
        for (int i = 0; i < length; i += 8)
        {
            ulong z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            for (int k = 0; k < 8 && i + k < length; k++)
            {
                data[i + k] = (byte)(z >> (8 * k));
            }
        }

        return data;
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Random data, or low-entropy data (1, 2 or 4 distinct values, or long runs) that drives cuts to the bounds.</summary>
    public static byte[] MixedBytes(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        switch (random.Next(5))
        {
            case 0:
                random.NextBytes(data);
                break;
            case 4:
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)(i / (1 + random.Next(500)) % 3);
                }

                break;
            default:
                int values = 1 << (random.Next(3));
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)random.Next(values);
                }

                break;
        }

        return data;
    }

    /// <summary>Chunk lengths by repeated <see cref="Chunker.NextChunkLength"/> over the whole input.</summary>
    public static List<int> SpanChunkLengths(Chunker chunker, ReadOnlySpan<byte> data)
    {
        var lengths = new List<int>();
        while (!data.IsEmpty)
        {
            int length = chunker.NextChunkLength(data, isFinalBlock: true);
            if (length <= 0 || length > data.Length)
            {
                throw new InvalidOperationException($"NextChunkLength returned {length} for {data.Length} final bytes.");
            }

            lengths.Add(length);
            data = data[length..];
        }

        return lengths;
    }

    /// <summary>The chunks of a stream, each copied (the enumerator reuses its buffer).</summary>
    public static async Task<List<(long Offset, byte[] Data)>> CollectAsync(IAsyncEnumerable<ContentChunk> chunks, CancellationToken cancellationToken)
    {
        var result = new List<(long, byte[])>();
        await foreach (ContentChunk chunk in chunks.WithCancellation(cancellationToken))
        {
            result.Add((chunk.Offset, chunk.Data.ToArray()));
        }

        return result;
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="writer"/> in random pieces of 1 to <paramref name="maximumWrite"/> bytes, then completes it.</summary>
    public static async Task WriteInPiecesAsync(PipeWriter writer, byte[] data, int seed, int maximumWrite, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        for (int offset = 0; offset < data.Length;)
        {
            int length = Math.Min(data.Length - offset, 1 + random.Next(maximumWrite));
            FlushResult result = await writer.WriteAsync(data.AsMemory(offset, length), cancellationToken);
            if (result.IsCompleted)
            {
                break;
            }

            offset += length;
        }

        await writer.CompleteAsync();
    }

    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data));

    /// <summary>
    /// FastCDC as the definition states it, one byte at a time: fp ← (fp ≪ 1) + Gear[b] from byte min − 64, tested at
    /// every length L ≥ min against the strict mask up to the average and the loose one above, cut at max. The gear table
    /// and masks are rebuilt here from their documented formulas (SplitMix64 from "FastCDC!", bits at 16 + ⌊47 i / k⌋).
    /// </summary>
    public static int ReferenceChunkLength(ReadOnlySpan<byte> data, FastCdcOptions options)
    {
        int bits = (int)Math.Round(Math.Log2(options.AverageLength));
        ulong strict = ReferenceMask(bits + options.NormalizationLevel);
        ulong loose = ReferenceMask(bits - options.NormalizationLevel);
        int available = Math.Min(data.Length, options.MaximumLength);
        ulong fingerprint = 0;
        for (int j = options.MinimumLength - 64; j < available; j++)
        {
            fingerprint = (fingerprint << 1) + ReferenceGear[data[j]];
            int length = j + 1;
            if (length < options.MinimumLength)
            {
                continue;
            }

            if (length == options.MaximumLength || (fingerprint & (length <= options.AverageLength ? strict : loose)) == 0)
            {
                return length;
            }
        }

        return available;
    }

    public static ulong ReferenceMask(int bits)
    {
        ulong mask = 0;
        for (int i = 0; i < bits; i++)
        {
            mask |= 1UL << (16 + (47 * i / bits));
        }

        return mask;
    }

    public static readonly ulong[] ReferenceGear = CreateReferenceGear();

    private static ulong[] CreateReferenceGear()
    {
        byte[] bytes = SplitMixBytes(256 * 8, 0x4661737443444321);
        var gear = new ulong[256];
        for (int i = 0; i < 256; i++)
        {
            gear[i] = BitConverter.ToUInt64(bytes, 8 * i);
        }

        return gear;
    }
}

/// <summary>
/// One generated case: a chunker (FastCDC with small random lengths and any level, or fixed of 1–700 bytes), an input
/// (random or low-entropy, 0–8000 bytes, rebuilt from its seed) the piece sizes a stream or pipe delivers it in, and a split point.
/// FsCheck's own integers are bounded by its size parameter (|x| ≤ 100 by default), too small for these ranges.
/// </summary>
public sealed record ChunkingCase(bool ContentDefined, int Seed, int Length, int Minimum, int Average, int Maximum, int Level, int FixedLength, int PieceLength, int Split)
{
    public FastCdcOptions Options => new() { MinimumLength = Minimum, AverageLength = Average, MaximumLength = Maximum, NormalizationLevel = Level };

    public Chunker CreateChunker() => ContentDefined ? Chunker.CreateContentDefined(Options) : Chunker.CreateFixed(FixedLength);

    public byte[] CreateInput() => ChunkingTestData.MixedBytes(Length, Seed);
}

/// <summary>Generators for <see cref="ChunkingCase"/> and lengths, for <c>[Property(Arbitrary = …)]</c>.</summary>
public static class ChunkingArbitraries
{
    public static Arbitrary<ChunkingCase> Cases()
    {
        Gen<ChunkingCase> cases =
            from contentDefined in Gen.Elements(true, true, false)
            from seed in Gen.Choose(0, int.MaxValue)
            from length in Gen.Frequency((1, Gen.Choose(0, 300)), (4, Gen.Choose(0, 8000)))
            from minimum in Gen.Choose(64, 263)
            from averageAbove in Gen.Choose(1, 500)
            from maximumAbove in Gen.Choose(1, 1500)
            from level in Gen.Choose(0, 4)
            from fixedLength in Gen.Frequency((1, Gen.Choose(1, 8)), (3, Gen.Choose(1, 700)))
            from pieceLength in Gen.Frequency((1, Gen.Choose(1, 4)), (3, Gen.Choose(1, 1000)))
            from split in Gen.Choose(0, 8000)
            select new ChunkingCase(contentDefined, seed, length, minimum, minimum + averageAbove, minimum + averageAbove + maximumAbove, level, fixedLength, pieceLength, split);
        return Arb.From(cases, Shrink);
    }

    /// <summary>Lengths in [1, <see cref="Chunker.MaximumSupportedLength"/>].</summary>
    public static Arbitrary<SupportedLength> Lengths() =>
        Arb.From(Gen.Frequency((1, Gen.Choose(1, 1 << 12)), (3, Gen.Choose(1, Chunker.MaximumSupportedLength))).Select(value => new SupportedLength(value)));

    private static IEnumerable<ChunkingCase> Shrink(ChunkingCase value)
    {
        if (value.Length > 0)
        {
            yield return value with { Length = value.Length / 2 };
            yield return value with { Length = value.Length - 1 };
        }
    }
}

/// <summary>A length in [1, <see cref="Chunker.MaximumSupportedLength"/>].</summary>
public readonly record struct SupportedLength(int Value);

/// <summary>A read-only stream over an array that returns random short reads (1 to a given maximum bytes).</summary>
internal sealed class ShortReadStream(byte[] data, int seed, int maximumRead) : Stream
{
    private readonly Random _random = new(seed);
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int length = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + _random.Next(maximumRead));
        data.AsSpan(_position, length).CopyTo(buffer);
        _position += length;
        return length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
