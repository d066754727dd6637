using FsCheck;
using FsCheck.Fluent;

namespace Aios.Data.Tests.Compression;

/// <summary>One piece of a generated input: a run of one byte, random bytes, text over a small alphabet, or a copy of earlier bytes.</summary>
/// <param name="Kind">0 run, 1 random, 2 small alphabet, 3 copy of an earlier stretch.</param>
/// <param name="Length">Bytes in the piece.</param>
/// <param name="Seed">The piece's own seed (the run's value, the copy's distance).</param>
public readonly record struct Segment(int Kind, int Length, int Seed);

/// <summary>FsCheck generators of codec inputs: empty, one byte, arbitrary bytes, and mixes of runs, random bytes and repeats.</summary>
public static class CompressionArbitraries
{
    /// <summary>Builds the bytes the segments describe (deterministic).</summary>
    public static byte[] Build(IReadOnlyList<Segment> segments, int maxLength)
    {
        var bytes = new List<byte>();
        foreach (Segment segment in segments)
        {
            int length = Math.Min(segment.Length, maxLength - bytes.Count);
            var random = new Random(segment.Seed);
            switch (segment.Kind)
            {
                case 0:
                    bytes.AddRange(Enumerable.Repeat((byte)segment.Seed, length));
                    break;
                case 1:
                    byte[] noise = new byte[length];
                    random.NextBytes(noise);
                    bytes.AddRange(noise);
                    break;
                case 2:
                    const string Alphabet = "  eetaoinshrdlu.,\n";
                    for (int i = 0; i < length; i++)
                    {
                        bytes.Add((byte)Alphabet[random.Next(Alphabet.Length)]);
                    }

                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        int start = random.Next(bytes.Count);
                        for (int i = 0; i < length; i++)
                        {
                            bytes.Add(bytes[start + (i % (bytes.Count - start))]);
                        }
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Inputs of at most <paramref name="maxLength"/> bytes, with extra weight on empty and one-byte inputs.</summary>
    public static Gen<byte[]> Bytes(int maxLength)
    {
        Gen<Segment> segment =
            from kind in Gen.Choose(0, 3)
            from length in Gen.Frequency((3, Gen.Choose(1, 16)), (3, Gen.Choose(17, 300)), (1, Gen.Choose(301, Math.Max(301, maxLength / 2))))
            from seed in Gen.Choose(0, int.MaxValue)
            select new Segment(kind, length, seed);
        Gen<byte[]> structured =
            from count in Gen.Choose(1, 12)
            from segments in Gen.ArrayOf(segment, count)
            select Build(segments, maxLength);
        Gen<byte[]> arbitrary = Gen.ArrayOf(Gen.Choose(0, 255).Select(value => (byte)value)).Select(data => data.Length > maxLength ? data[..maxLength] : data);
        return Gen.Frequency(
            (1, Gen.Constant(Array.Empty<byte>())),
            (1, Gen.Choose(0, 255).Select(value => new[] { (byte)value })),
            (3, arbitrary),
            (8, structured));
    }

    /// <summary>Inputs of one repeated byte value (0 to <paramref name="maxLength"/> bytes).</summary>
    public static Gen<byte[]> ConstantBytes(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from value in Gen.Choose(0, 255)
        select Enumerable.Repeat((byte)value, length).ToArray();
}
