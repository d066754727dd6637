using System.Globalization;
using System.Text;
using Aios.Data.Compression;
using Aios.Data.Synthetic;

namespace Aios.Benchmarks.Data;

/// <summary>
/// The codec selector's accuracy table: on each kind of data, the codec it chose per chunk against the oracle (both
/// codecs run on the whole chunk, the same rule applied to the exact savings) and the bytes it stored against the
/// oracle's. Speed is measured by <see cref="SelectorBenchmarks"/>, not here. Run: <c>dotnet run -c Release --project
/// benchmarks/Aios.Benchmarks -- selector-accuracy [chunk KiB] [MiB per kind] [output.md]</c>.
/// </summary>
public static class SelectorAccuracy
{
    public static void Run(string[] args)
    {
        int chunkLength = (args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256) * 1024;
        int perKind = (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8) << 20;
        string? output = args.Length > 3 ? args[3] : null;
        var selector = CodecSelector.Default;
        var inputs = new List<(string Name, byte[] Data)>();
        foreach (ContentKind kind in SyntheticContent.AllKinds)
        {
            inputs.Add((kind.ToString(), SyntheticContent.Generate(kind, perKind, seed: 7)));
        }

        inputs.Add(("mixed: 4–96 KiB pieces of every kind", Mixed(perKind)));
        AddRealFiles(inputs, perKind);
        var table = new StringBuilder();
        CodecSelectorOptions options = selector.Options;
        table.AppendLine(CultureInfo.InvariantCulture,
            $"Chunks of {chunkLength / 1024} KiB; selector defaults (min savings {options.MinimumSavings:P1}, entropy gate {options.RawEntropyThreshold}, {selector.Zstd.Name} over {selector.Lz4.Name} when ≥ {options.ZstdMinimumAdditionalSavings:P0} more, trials on 1/{1 / options.TrialFraction:F0} in {options.TrialWindowLength / 1024.0:0.#} KiB windows).");
        table.AppendLine();
        table.AppendLine("| data | chunks | selector: const/raw/lz4/zstd | oracle: raw/lz4/zstd | same codec | stored vs oracle | ratio |");
        table.AppendLine("|---|---:|---|---|---:|---:|---:|");
        long allChunks = 0, allAgree = 0, allStored = 0, allOracle = 0, allBytes = 0;
        foreach ((string name, byte[] data) in inputs)
        {
            int chunks = 0, agree = 0;
            var picks = new int[4];
            var oraclePicks = new int[4];
            long stored = 0, oracleStored = 0;
            byte[] destination = new byte[selector.GetMaxEncodedLength(chunkLength)];
            byte[] scratch = new byte[selector.GetMaxEncodedLength(chunkLength)];
            for (int offset = 0; offset < data.Length; offset += chunkLength)
            {
                ReadOnlySpan<byte> chunk = data.AsSpan(offset, Math.Min(chunkLength, data.Length - offset));
                CodecDecision decision = selector.Encode(chunk, destination);
                _ = selector.Lz4.TryCompress(chunk, scratch, out int lz4);
                _ = selector.Zstd.TryCompress(chunk, scratch, out int zstd);
                CodecId oracle = decision.Codec == CodecId.Constant ? CodecId.Constant : selector.Decide(1 - ((double)lz4 / chunk.Length), 1 - ((double)zstd / chunk.Length));
                int oracleLength = oracle switch { CodecId.Constant => 1, CodecId.Lz4 => lz4, CodecId.Zstd => zstd, _ => chunk.Length };
                picks[Index(decision.Codec)]++;
                oraclePicks[Index(oracle)]++;
                agree += decision.Codec == oracle ? 1 : 0;
                stored += decision.StoredLength;
                oracleStored += oracleLength;
                chunks++;
            }

            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {chunks} | {picks[0]}/{picks[1]}/{picks[2]}/{picks[3]} | {oraclePicks[1]}/{oraclePicks[2]}/{oraclePicks[3]}{(oraclePicks[0] > 0 ? $" (+{oraclePicks[0]} const)" : "")} | {100.0 * agree / chunks:F1}% | {100.0 * ((double)stored / oracleStored - 1):+0.0;-0.0;0.0}% | {(double)data.Length / stored:F2} |");
            allChunks += chunks;
            allAgree += agree;
            allStored += stored;
            allOracle += oracleStored;
            allBytes += data.Length;
        }

        table.AppendLine(CultureInfo.InvariantCulture,
            $"| **all** | {allChunks} | | | {100.0 * allAgree / allChunks:F1}% | {100.0 * ((double)allStored / allOracle - 1):+0.0;-0.0;0.0}% | {(double)allBytes / allStored:F2} |");
        Console.Write(table);
        if (output is not null)
        {
            File.WriteAllText(output, table.ToString());
        }
    }

    // Chunks that straddle kinds, as archives (.tar, .npz, shards) make them: the trials see only part of each chunk.
    private static byte[] Mixed(int length)
    {
        var random = new Random(11);
        byte[][] sources = [.. SyntheticContent.AllKinds.Select(kind => SyntheticContent.Generate(kind, 1 << 20, seed: 13))];
        byte[] mixed = new byte[length];
        for (int offset = 0; offset < length;)
        {
            byte[] source = sources[random.Next(sources.Length)];
            int piece = Math.Min(random.Next(4 << 10, 96 << 10), length - offset);
            source.AsSpan(random.Next(source.Length - piece), piece).CopyTo(mixed.AsSpan(offset));
            offset += piece;
        }

        return mixed;
    }

    private static int Index(CodecId codec) => codec switch { CodecId.Constant => 0, CodecId.Raw => 1, CodecId.Lz4 => 2, _ => 3 };

    private static void AddRealFiles(List<(string Name, byte[] Data)> inputs, int limit)
    {
        string? root = FindShared();
        if (root is null)
        {
            Console.Error.WriteLine("shared/data not found: real files skipped.");
            return;
        }

        foreach (string relative in new[] { "traces/philly/philly.csv", "traces/gavel/simulation_throughputs.json" })
        {
            string path = Path.Combine(root, relative);
            if (File.Exists(path))
            {
                byte[] bytes = File.ReadAllBytes(path);
                inputs.Add(($"real: {Path.GetFileName(path)}", bytes.AsSpan(0, Math.Min(bytes.Length, limit)).ToArray()));
            }
        }
    }

    private static string? FindShared()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
