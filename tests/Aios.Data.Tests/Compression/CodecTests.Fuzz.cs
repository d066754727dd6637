using Aios.Data.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Compression;

/// <summary>
/// Decoder fuzzing: random bytes and mutated valid blocks must fail with <see cref="InvalidDataException"/> or decode
/// into exactly the destination, never anything else and never outside it.
/// </summary>
/// <remarks>
/// A mutated block that decodes without an exception may still decode to the wrong bytes: LZ4 blocks, raw Deflate and
/// Brotli streams carry no checksum, and Aios's Zstandard frames are written without one. Catching that is the chunk
/// store's job (it checksums every chunk); the codecs only promise not to throw anything else or write out of bounds.
/// </remarks>
public sealed partial class CodecTests
{
    private const byte Canary = 0xA5;
    private const int Guard = 64;

    private static readonly CodecId[] DecodableIds = [CodecId.Raw, CodecId.Constant, CodecId.Lz4, CodecId.Zstd, CodecId.Brotli, CodecId.Deflate];

    private static readonly Codec[] Encoders =
    [
        Codec.Raw, Codec.Lz4, Lz4High, ZstdFast, Zstd1, Zstd3, Brotli1, Codec.CreateBrotli(5), Deflate1, Codec.CreateDeflate(6),
    ];

    /// <summary>Decodes into a slice followed by a guard region, returning whether it decoded; throws anything but InvalidDataException.</summary>
    private static bool DecodeGuarded(Codec codec, byte[] block, int destinationLength)
    {
        byte[] buffer = new byte[destinationLength + Guard];
        buffer.AsSpan().Fill(Canary);
        bool decoded;
        try
        {
            codec.Decompress(block, buffer.AsSpan(0, destinationLength));
            decoded = true;
        }
        catch (InvalidDataException exception)
        {
            Assert.False(string.IsNullOrWhiteSpace(exception.Message));
            decoded = false;
        }

        Assert.True(buffer.AsSpan(destinationLength).IndexOfAnyExcept(Canary) < 0, $"{codec.Name} wrote past a destination of {destinationLength} bytes");
        return decoded;
    }

    private static int DestinationLength(Random random, int rightLength) => random.Next(5) switch
    {
        0 or 1 => rightLength,
        2 => Math.Max(0, rightLength + random.Next(-2, 3)),
        3 => random.Next(0, 16),
        _ => random.Next(0, (2 * rightLength) + 64),
    };

    private static byte[] Mutate(Random random, byte[] block)
    {
        switch (random.Next(5))
        {
            case 0:
                if (block.Length == 0)
                {
                    return [(byte)random.Next(256)];
                }

                byte[] flipped = (byte[])block.Clone();
                int flips = random.Next(1, 9);
                for (int i = 0; i < flips; i++)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case 1:
                return block[..random.Next(0, Math.Max(1, block.Length))];
            case 2:
                byte[] suffix = new byte[random.Next(1, 17)];
                random.NextBytes(suffix);
                return [.. block, .. suffix];
            case 3:
                byte[] prefix = new byte[random.Next(1, 17)];
                random.NextBytes(prefix);
                return [.. prefix, .. block];
            default:
                byte[] both = (byte[])block.Clone();
                if (both.Length > 0)
                {
                    both[random.Next(both.Length)] = (byte)random.Next(256);
                }

                return both[..random.Next(0, both.Length + 1)];
        }
    }

    [Property(MaxTest = 5000)]
    public Property Decompress_RandomBytes_OnlyInvalidDataOrExactOutput() => Prop.ForAll(
        Gen.Zip(Gen.Elements(DecodableIds), Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        pair =>
        {
            var random = new Random(pair.Item2);
            byte[] block = new byte[random.Next(3) == 0 ? random.Next(0, 16) : random.Next(0, 2048)];
            random.NextBytes(block);
            if (block.Length > 0 && random.Next(4) == 0)
            {
                // A plausible header: the Zstandard magic number, so that the frame parser and not the magic check meets the noise.
                byte[] magic = [0x28, 0xB5, 0x2F, 0xFD];
                magic.AsSpan(0, Math.Min(4, block.Length)).CopyTo(block);
            }

            _ = DecodeGuarded(Codec.ForDecoding(pair.Item1), block, DestinationLength(random, random.Next(0, 4096)));
        });

    [Property(MaxTest = 10000)]
    public Property Decompress_MutatedValidBlock_OnlyInvalidDataOrExactOutput() => Prop.ForAll(
        Arb.From(
            from encoder in Gen.Elements(Encoders)
            from data in CompressionArbitraries.Bytes(SmallInput)
            from seed in Gen.Choose(0, int.MaxValue)
            select (Encoder: encoder, Data: data, Seed: seed)),
        triple =>
        {
            (Codec encoder, byte[] data, int seed) = triple;
            var random = new Random(seed);
            byte[] compressed = new byte[encoder.GetMaxCompressedLength(data.Length)];
            Assert.True(encoder.TryCompress(data, compressed, out int written));
            byte[] block = compressed[..written];
            Codec decoder = Codec.ForDecoding(encoder.Id);

            Assert.True(DecodeGuarded(decoder, block, data.Length), $"{encoder.Name} could not decode its own block of {data.Length} bytes");

            byte[] mutated = Mutate(random, block);
            _ = DecodeGuarded(decoder, mutated, DestinationLength(random, data.Length));
        });

    [Property(MaxTest = 1000)]
    public Property Decompress_MutatedConstantBlock_OnlyInvalidDataOrExactOutput() => Prop.ForAll(
        Gen.Zip(CompressionArbitraries.ConstantBytes(256), Gen.Choose(0, int.MaxValue)).ToArbitrary(),
        pair =>
        {
            var random = new Random(pair.Item2);
            byte[] compressed = new byte[1];
            Assert.True(Codec.Constant.TryCompress(pair.Item1, compressed, out int written));
            _ = DecodeGuarded(Codec.Constant, Mutate(random, compressed[..written]), DestinationLength(random, pair.Item1.Length));
        });

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd-1")]
    [InlineData("brotli-1")]
    [InlineData("deflate-6")]
    public void Decompress_TruncatedBlock_ThrowsInvalidData(string name)
    {
        Codec codec = Codec.Parse(name);
        byte[] data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 200)));
        byte[] compressed = new byte[codec.GetMaxCompressedLength(data.Length)];
        Assert.True(codec.TryCompress(data, compressed, out int written));

        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed.AsSpan(0, written / 2), new byte[data.Length]));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("lz4")]
    [InlineData("zstd-1")]
    [InlineData("brotli-1")]
    [InlineData("deflate-6")]
    public void Decompress_WrongDestinationLength_ThrowsInvalidData(string name)
    {
        Codec codec = Codec.Parse(name);
        byte[] data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("pack my box with five dozen liquor jugs ", 100)));
        byte[] compressed = new byte[codec.GetMaxCompressedLength(data.Length)];
        Assert.True(codec.TryCompress(data, compressed, out int written));

        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed.AsSpan(0, written), new byte[data.Length - 1]));
        Assert.Throws<InvalidDataException>(() => codec.Decompress(compressed.AsSpan(0, written), new byte[data.Length + 1]));
    }
}
