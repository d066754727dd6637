using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Aios.Data.Synthetic;

/// <summary>
/// Deterministic generators of realistic training-data bytes for demos, tests and benchmarks: the same kind, length and
/// seed give the same bytes on every machine and version.
/// </summary>
public static class SyntheticContent
{
    /// <summary>GPT-2's vocabulary size, used for token arrays.</summary>
    public const int TokenVocabularySize = 50_257;

    private const int WordVocabularySize = 20_000;

    /// <summary>Gets every kind, in declaration order.</summary>
    public static IReadOnlyList<ContentKind> AllKinds { get; } = Enum.GetValues<ContentKind>();

    /// <summary>Generates <paramref name="length"/> bytes of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind of data.</param>
    /// <param name="length">Bytes; 0 ≤ it ≤ 1 GiB.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> or <paramref name="length"/> is out of range.</exception>
    public static byte[] Generate(ContentKind kind, int length, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 1 << 30);
        var random = new Random(seed);
        var data = new byte[length];
        switch (kind)
        {
            case ContentKind.Text:
                FillText(random, data, json: false);
                break;
            case ContentKind.JsonLines:
                FillText(random, data, json: true);
                break;
            case ContentKind.Float32Tensor:
                for (int i = 0; i + 4 <= length; i += 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), (float)(0.02 * Normal(random)));
                }

                break;
            case ContentKind.Float16Tensor:
                for (int i = 0; i + 2 <= length; i += 2)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i), (Half)(0.02 * Normal(random)));
                }

                break;
            case ContentKind.SparseFloat32Tensor:
                for (int i = 0; i + 4 <= length; i += 4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), (float)Math.Max(0, Normal(random)));
                }

                break;
            case ContentKind.Int32Tokens:
            case ContentKind.UInt16Tokens:
                FillTokens(random, data, kind == ContentKind.Int32Tokens ? 4 : 2);
                break;
            case ContentKind.RawImage:
                FillImage(random, data);
                break;
            case ContentKind.Compressed:
                FillCompressed(random, data);
                break;
            case ContentKind.Random:
                random.NextBytes(data);
                break;
            case ContentKind.Zeros:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a ContentKind.");
        }

        return data;
    }

    private static double Normal(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm finite.
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static double[] ZipfCumulative(int size)
    {
        var cumulative = new double[size];
        double total = 0;
        for (int rank = 1; rank <= size; rank++)
        {
            total += 1.0 / rank;
            cumulative[rank - 1] = total;
        }

        for (int i = 0; i < size; i++)
        {
            cumulative[i] /= total;
        }

        return cumulative;
    }

    private static int Zipf(Random random, double[] cumulative)
    {
        int index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static string[] Vocabulary(Random random)
    {
        // Pronounceable words, shorter ones more frequent (rank order), as in natural languages.
        const string Consonants = "bcdfghjklmnprstvwyz";
        const string Vowels = "aeiou";
        var words = new string[WordVocabularySize];
        var builder = new StringBuilder();
        for (int rank = 0; rank < words.Length; rank++)
        {
            builder.Clear();
            int syllables = 1 + (int)Math.Min(4, Math.Log10(rank + 1) * random.NextDouble() * 1.6);
            for (int s = 0; s < syllables; s++)
            {
                builder.Append(Consonants[random.Next(Consonants.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
                if (random.Next(3) == 0)
                {
                    builder.Append(Consonants[random.Next(Consonants.Length)]);
                }
            }

            words[rank] = builder.ToString();
        }

        return words;
    }

    private static void FillText(Random random, byte[] data, bool json)
    {
        string[] words = Vocabulary(random);
        double[] cumulative = ZipfCumulative(words.Length);
        var builder = new StringBuilder(data.Length + 1024);
        long id = 1_000_000 + random.Next(1000);
        while (builder.Length < data.Length)
        {
            if (json)
            {
                builder.Append("{\"id\":").Append(id++).Append(",\"user\":\"u").Append(random.Next(5000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("\",\"text\":\"");
                AppendSentence(random, builder, words, cumulative);
                builder.Append("\",\"score\":").Append(Math.Round(random.NextDouble(), 4).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(",\"tags\":[\"").Append(words[Zipf(random, cumulative)]).Append("\",\"").Append(words[Zipf(random, cumulative)]).Append("\"]}\n");
            }
            else
            {
                int sentences = 2 + random.Next(6);
                for (int s = 0; s < sentences; s++)
                {
                    AppendSentence(random, builder, words, cumulative);
                    builder.Append(' ');
                }

                builder.Append("\n\n");
            }
        }

        Encoding.UTF8.GetBytes(builder.ToString(0, data.Length), data);
    }

    private static void AppendSentence(Random random, StringBuilder builder, string[] words, double[] cumulative)
    {
        int count = 4 + random.Next(18);
        for (int w = 0; w < count; w++)
        {
            string word = words[Zipf(random, cumulative)];
            if (w == 0)
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                builder.Append(' ').Append(word);
                if (random.Next(12) == 0)
                {
                    builder.Append(',');
                }
            }
        }

        builder.Append('.');
    }

    private static void FillTokens(Random random, byte[] data, int width)
    {
        double[] cumulative = ZipfCumulative(TokenVocabularySize);
        for (int i = 0; i + width <= data.Length; i += width)
        {
            int token = Zipf(random, cumulative);
            if (width == 4)
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i), token);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i), (ushort)token);
            }
        }
    }

    private static void FillImage(Random random, byte[] data)
    {
        // 1024-pixel-wide RGB rows: two soft gradients, a few discs of flat colour, ±2 levels of sensor noise.
        const int Width = 1024;
        var discs = new (double X, double Y, double Radius, byte R, byte G, byte B)[12];
        for (int d = 0; d < discs.Length; d++)
        {
            discs[d] = (random.Next(Width), random.Next(Width), 30 + random.Next(200), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        for (int pixel = 0; pixel * 3 + 3 <= data.Length; pixel++)
        {
            int x = pixel % Width;
            int y = pixel / Width % Width;
            double r = 128 + (100 * Math.Sin(x / 170.0)), g = 128 + (90 * Math.Cos(y / 130.0)), b = 64 + (x + y) / 16.0;
            foreach (var disc in discs)
            {
                double dx = x - disc.X, dy = y - disc.Y;
                if ((dx * dx) + (dy * dy) < disc.Radius * disc.Radius)
                {
                    (r, g, b) = (disc.R, disc.G, disc.B);
                }
            }

            int noise = random.Next(5) - 2;
            data[pixel * 3] = (byte)Math.Clamp(r + noise, 0, 255);
            data[(pixel * 3) + 1] = (byte)Math.Clamp(g + noise, 0, 255);
            data[(pixel * 3) + 2] = (byte)Math.Clamp(b + noise, 0, 255);
        }
    }

    private static void FillCompressed(Random random, byte[] data)
    {
        using var output = new MemoryStream(data.Length + 1024);
        int seed = random.Next();
        while (output.Length < data.Length)
        {
            byte[] text = Generate(ContentKind.Text, 1 << 20, seed++);
            using var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
            deflate.Write(text);
        }

        output.GetBuffer().AsSpan(0, data.Length).CopyTo(data);
    }
}
