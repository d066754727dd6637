using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aios.Data.Compression;
using Aios.Data.Synthetic;

namespace Aios.Benchmarks.Data;

/// <summary>
/// The codec selector's accuracy table: on each kind of data, the codec it chose per chunk against the oracle (both
/// codecs run on the whole chunk, the same rule applied to the exact savings), the bytes it stored against the oracle's,
/// and its time against the chosen codec's own. Run: <c>dotnet run -c Release --project benchmarks/Aios.Benchmarks --
/// selector-accuracy [chunk KiB] [MiB per kind] [output.md]</c>.
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

        AddRealFiles(inputs, perKind);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Chunks of {chunkLength / 1024} KiB; selector defaults (min savings 12.5%, entropy gate 7.9, zstd-1 over lz4 when ≥ 5% more, trials on 1/16).");
        table.AppendLine();
        table.AppendLine("| data | chunks | selector: const/raw/lz4/zstd | oracle: raw/lz4/zstd | same codec | stored vs oracle | ratio | selector time vs chosen codec |");
        table.AppendLine("|---|---:|---|---|---:|---:|---:|---:|");
        long allChunks = 0, allAgree = 0, allStored = 0, allOracle = 0, allBytes = 0;
        double allSelectorTime = 0, allCodecTime = 0;
        foreach ((string name, byte[] data) in inputs)
        {
            int chunks = 0, agree = 0;
            var picks = new int[4];
            var oraclePicks = new int[4];
            long stored = 0, oracleStored = 0;
            double selectorTime = 0, codecTime = 0;
            byte[] destination = new byte[selector.GetMaxEncodedLength(chunkLength)];
            byte[] scratch = new byte[selector.GetMaxEncodedLength(chunkLength)];
            var decisions = new List<CodecDecision>();
            for (int offset = 0; offset < data.Length; offset += chunkLength)
            {
                ReadOnlySpan<byte> chunk = data.AsSpan(offset, Math.Min(chunkLength, data.Length - offset));
                CodecDecision decision = selector.Encode(chunk, destination);
                decisions.Add(decision);
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

            // Whole passes, best of five: the selector over every chunk against the chosen codecs alone (LZ4 where the
            // selector stored raw, the cheapest compression a one-codec store would have paid).
            selectorTime = BestPass(() =>
            {
                for (int offset = 0; offset < data.Length; offset += chunkLength)
                {
                    _ = selector.Encode(data.AsSpan(offset, Math.Min(chunkLength, data.Length - offset)), destination);
                }
            });
            codecTime = BestPass(() =>
            {
                int index = 0;
                for (int offset = 0; offset < data.Length; offset += chunkLength, index++)
                {
                    ReadOnlySpan<byte> chunk = data.AsSpan(offset, Math.Min(chunkLength, data.Length - offset));
                    switch (decisions[index].Codec)
                    {
                        case CodecId.Zstd:
                            _ = selector.Zstd.TryCompress(chunk, scratch, out _);
                            break;
                        case CodecId.Constant:
                            _ = chunk.IndexOfAnyExcept(chunk[0]);
                            break;
                        default:
                            _ = selector.Lz4.TryCompress(chunk, scratch, out _);
                            break;
                    }
                }
            });

            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {chunks} | {picks[0]}/{picks[1]}/{picks[2]}/{picks[3]} | {oraclePicks[1]}/{oraclePicks[2]}/{oraclePicks[3]}{(oraclePicks[0] > 0 ? $" (+{oraclePicks[0]} const)" : "")} | {100.0 * agree / chunks:F1}% | {100.0 * ((double)stored / oracleStored - 1):+0.0;-0.0;0.0}% | {(double)data.Length / stored:F2} | {100.0 * (selectorTime / codecTime - 1):+0;-0;0}% |");
            allChunks += chunks;
            allAgree += agree;
            allStored += stored;
            allOracle += oracleStored;
            allBytes += data.Length;
            allSelectorTime += selectorTime;
            allCodecTime += codecTime;
        }

        table.AppendLine(CultureInfo.InvariantCulture,
            $"| **all** | {allChunks} | | | {100.0 * allAgree / allChunks:F1}% | {100.0 * ((double)allStored / allOracle - 1):+0.0;-0.0;0.0}% | {(double)allBytes / allStored:F2} | {100.0 * (allSelectorTime / allCodecTime - 1):+0;-0;0}% |");
        Console.Write(table);
        if (output is not null)
        {
            File.WriteAllText(output, table.ToString());
        }
    }

    private static int Index(CodecId codec) => codec switch { CodecId.Constant => 0, CodecId.Raw => 1, CodecId.Lz4 => 2, _ => 3 };

    private static double BestPass(Action pass)
    {
        double best = double.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }

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
