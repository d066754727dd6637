using System.Text.Json;
using Aios.Data.Synthetic;
using Aios.Testing;

namespace Aios.Cli.Tests;

public sealed class CacheCommandsTests : IDisposable
{
    private const int FileLength = 1 << 20;
    private static readonly ContentKind[] s_kinds =
    [
        ContentKind.Text, ContentKind.JsonLines, ContentKind.UInt16Tokens, ContentKind.Float16Tensor,
        ContentKind.Float32Tensor, ContentKind.RawImage, ContentKind.Compressed, ContentKind.Random,
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "aios-cli-cache-" + Guid.NewGuid().ToString("N"));

    public CacheCommandsTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public void CacheSim_Minio_HitsExactlyTheCachedShareAfterTheColdEpoch(double fraction)
    {
        JsonElement root = CacheSim("minio", fraction, epochs: 4);

        Assert.Equal("minio", root.GetProperty("policy").GetString());
        Assert.Equal([0, fraction, fraction, fraction], HitRates(root));
        Assert.Equal(3 * fraction / 4, root.GetProperty("hitRate").GetDouble(), 12);
        Assert.Equal((long)(fraction * 10_000), root.GetProperty("cacheChunks").GetInt64());
        Assert.Equal(0, root.GetProperty("evictions").GetInt64());
    }

    [Fact]
    public void CacheSim_AdmitOnce_SameAsItsAliasMinioAndEchoesTheNameGiven()
    {
        JsonElement admitOnce = CacheSim("admit-once", 0.5, epochs: 3);
        JsonElement minio = CacheSim("minio", 0.5, epochs: 3);

        Assert.Equal("admit-once", admitOnce.GetProperty("policy").GetString());
        Assert.Equal(HitRates(minio), HitRates(admitOnce));
        Assert.Equal(minio.GetProperty("hits").GetInt64(), admitOnce.GetProperty("hits").GetInt64());
    }

    [Fact]
    public void CacheSim_TwoJobsSharingTheCache_ClairvoyantBeatsTheCachedShare()
    {
        JsonElement clairvoyant = CacheSim("clairvoyant", 0.5, epochs: 4, jobs: 2);
        JsonElement minio = CacheSim("minio", 0.5, epochs: 4, jobs: 2);
        JsonElement lru = CacheSim("lru", 0.5, epochs: 4, jobs: 2);

        Assert.Equal(2, clairvoyant.GetProperty("jobs").GetInt32());
        Assert.Equal(80_000, clairvoyant.GetProperty("accesses").GetInt64());
        Assert.Equal([0.25, 0.5, 0.5, 0.5], HitRates(minio)); // the second job hits what the first admitted
        Assert.All(HitRates(clairvoyant).Skip(1), rate => Assert.InRange(rate, 0.68, 0.78));
        Assert.InRange(HitRates(lru).Skip(1).Average(), 0.29, 0.36);
        Assert.Equal(1, CliRun.Invoke("data", "cache-sim", "--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "1", "--policy", "lru", "--jobs", "0").ExitCode);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void CacheSim_Clairvoyant_NeverBelowMinioInAnyEpoch(double fraction)
    {
        double[] clairvoyant = HitRates(CacheSim("clairvoyant", fraction, epochs: 5));
        double[] minio = HitRates(CacheSim("minio", fraction, epochs: 5));

        Assert.Equal(5, clairvoyant.Length);
        for (int e = 0; e < clairvoyant.Length; e++)
        {
            Assert.True(clairvoyant[e] >= minio[e] - 1e-12, $"epoch {e}: clairvoyant {clairvoyant[e]} < minio {minio[e]}");
        }
    }

    [Fact]
    public void CacheSim_Lru_CollapsesUnderShuffling()
    {
        JsonElement root = CacheSim("lru", 0.5, epochs: 4);

        double[] rates = HitRates(root);
        Assert.Equal(0, rates[0]);
        Assert.All(rates[1..], rate => Assert.InRange(rate, 0.12, 0.18));
        Assert.True(root.GetProperty("evictions").GetInt64() > 0);
    }

    [Fact]
    public void CacheSim_Json_FollowsTheContract()
    {
        JsonElement root = CacheSim("clairvoyant", 0.3, epochs: 3, seed: 7, chunks: 1000);

        Assert.Equal(3, root.GetProperty("hitRatePerEpoch").GetArrayLength());
        Assert.Equal(1000, root.GetProperty("datasetChunks").GetInt32());
        Assert.Equal(0.3, root.GetProperty("cacheFraction").GetDouble());
        Assert.Equal(300, root.GetProperty("cacheChunks").GetInt64());
        Assert.Equal(3, root.GetProperty("epochs").GetInt32());
        Assert.Equal(7UL, root.GetProperty("seed").GetUInt64());
        long hits = root.GetProperty("hits").GetInt64();
        long accesses = root.GetProperty("accesses").GetInt64();
        Assert.Equal(3000, accesses);
        Assert.Equal((double)hits / accesses, root.GetProperty("hitRate").GetDouble(), 12);
        Assert.Equal(hits, Math.Round(HitRates(root).Sum() * 1000));
    }

    [Fact]
    public void CacheSim_Table_ListsEveryEpoch()
    {
        CliRun run = CliRun.Invoke("data", "cache-sim", "--dataset-chunks", "2000", "--cache-fraction", "0.5", "--epochs", "3", "--policy", "minio");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("(cold)", run.Output, StringComparison.Ordinal);
        Assert.Contains("50.00 %", run.Output, StringComparison.Ordinal);
        Assert.Contains("2000 hits of 6000 reads", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dataset-chunks", "0", "--cache-fraction", "0.5", "--epochs", "2", "--policy", "lru", "--dataset-chunks")]
    [InlineData("--dataset-chunks", "-3", "--cache-fraction", "0.5", "--epochs", "2", "--policy", "lru", "--dataset-chunks")]
    [InlineData("--dataset-chunks", "lots", "--cache-fraction", "0.5", "--epochs", "2", "--policy", "lru", "--dataset-chunks")]
    [InlineData("--dataset-chunks", "10", "--cache-fraction", "1.5", "--epochs", "2", "--policy", "lru", "--cache-fraction")]
    [InlineData("--dataset-chunks", "10", "--cache-fraction", "-0.1", "--epochs", "2", "--policy", "lru", "--cache-fraction")]
    [InlineData("--dataset-chunks", "10", "--cache-fraction", "NaN", "--epochs", "2", "--policy", "lru", "--cache-fraction")]
    [InlineData("--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "0", "--policy", "lru", "--epochs")]
    [InlineData("--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "2", "--policy", "fifo", "--policy")]
    [InlineData("--dataset-chunks", "2000000000", "--cache-fraction", "0.5", "--epochs", "2", "--policy", "lru", "--epochs")]
    public void CacheSim_BadInput_FailsNamingTheOption(string a, string b, string c, string d, string e, string f, string g, string h, string option)
    {
        CliRun run = CliRun.Invoke("data", "cache-sim", a, b, c, d, e, f, g, h);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheSim_MissingOption_Fails()
    {
        CliRun run = CliRun.Invoke("data", "cache-sim", "--dataset-chunks", "10", "--cache-fraction", "0.5", "--epochs", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--policy", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HalfTheDatasetInMemory_ReadsEveryByteAndHitsAfterTheColdEpoch()
    {
        (string store, string manifest) = Pack("origin");
        long total = s_kinds.Length * FileLength;

        JsonElement root = Read(manifest, "--store", store, "--epochs", "3", "--cache-bytes", (total / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(manifest, root.GetProperty("manifest").GetString());
        Assert.Equal(3, root.GetProperty("epochs").GetInt32());
        Assert.Equal(total, root.GetProperty("bytes").GetInt64());
        Assert.Equal(total, root.GetProperty("bytesPerEpoch").GetInt64());
        Assert.Equal(total * 3, root.GetProperty("bytesRead").GetInt64());
        int chunks = root.GetProperty("chunks").GetInt32();
        Assert.Equal(chunks * 3L, root.GetProperty("chunksRead").GetInt64());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("throughputBytesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("stallSeconds").GetDouble() >= 0);
        Assert.Equal("clairvoyant", root.GetProperty("policy").GetString());
        Assert.Equal(total / 2, root.GetProperty("cacheBytes").GetInt64());
        double[] rates = HitRates(root);
        Assert.Equal(3, rates.Length);
        Assert.Equal(0, rates[0]);
        Assert.All(rates[1..], rate => Assert.InRange(rate, 0.3, 0.7));

        JsonElement memory = Tier(root, "memory");
        JsonElement local = Tier(root, "local");
        Assert.Equal(["memory", "local"], root.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.Equal(chunks * 3L, memory.GetProperty("hits").GetInt64() + memory.GetProperty("misses").GetInt64());
        // Concurrent misses of one chunk (its reads at the end of one epoch and the start of the next) share one fetch.
        Assert.InRange(local.GetProperty("hits").GetInt64(), memory.GetProperty("misses").GetInt64() - 16, memory.GetProperty("misses").GetInt64());
        Assert.InRange(memory.GetProperty("bytesRead").GetInt64() + local.GetProperty("bytesRead").GetInt64(), total * 3 * 9 / 10, total * 3);
        Assert.InRange(memory.GetProperty("usedBytes").GetInt64(), 1, total / 2);
        Assert.Equal(total / 2, memory.GetProperty("capacityBytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, local.GetProperty("capacityBytes").ValueKind);
        Assert.Equal(0, local.GetProperty("writes").GetInt64());
        foreach (string field in new[] { "corrupt", "errors", "hitRate", "evictions" })
        {
            Assert.True(local.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public void Read_Table_ShowsTiersAndEpochs()
    {
        (string store, string manifest) = Pack("origin");

        CliRun run = CliRun.Invoke("data", "read", manifest[..10], "--store", store, "--epochs", "2", "--policy", "lru", "--prefetch", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("read 2 epochs", run.Output, StringComparison.Ordinal);
        Assert.Contains("(lru)", run.Output, StringComparison.Ordinal);
        Assert.Contains("memory hit rate per epoch: 0.0 %", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.OutputLines, line => line.StartsWith("local", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RemoteFolder_FillsTheLocalStoreWhichServesTheNextRun()
    {
        (string origin, string manifest) = Pack("origin");
        string local = Path.Combine(_root, "local");

        // Without prefetching no two reads of a chunk share a fetch, so every count is exact.
        JsonElement first = Read(manifest[..12], "--store", local, "--remote-folder", origin, "--epochs", "2", "--cache-bytes", "0", "--prefetch", "0");
        JsonElement second = Read(manifest, "--store", local, "--remote-folder", origin, "--epochs", "2", "--cache-bytes", "0", "--prefetch", "0");

        int chunks = first.GetProperty("chunks").GetInt32();
        Assert.Equal(["memory", "local", "remote-folder"], first.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.Equal(chunks, Tier(first, "remote-folder").GetProperty("hits").GetInt64());
        Assert.Equal(chunks, Tier(first, "local").GetProperty("writes").GetInt64());
        Assert.Equal(chunks, Tier(first, "local").GetProperty("hits").GetInt64());
        Assert.Equal(chunks, Directory.EnumerateFiles(Path.Combine(local, "chunks"), "*", SearchOption.AllDirectories).Count());
        Assert.Equal(0, Tier(second, "remote-folder").GetProperty("hits").GetInt64());
        Assert.Equal(2L * chunks, Tier(second, "local").GetProperty("hits").GetInt64());
        Assert.Equal(0, Tier(second, "local").GetProperty("writes").GetInt64());
        Assert.Equal(first.GetProperty("bytesRead").GetInt64(), second.GetProperty("bytesRead").GetInt64());
    }

    [Fact]
    public void Read_Redis_IsFilledOnceAndServesAFreshLocalStore()
    {
        using RedisServer server = RedisServer.StartOrSkip();
        (string origin, string manifest) = Pack("origin");
        string url = $"redis://127.0.0.1:{server.Port}";

        JsonElement first = Read(manifest, "--store", Path.Combine(_root, "machine-1"), "--remote", url, "--remote-folder", origin, "--epochs", "2", "--cache-bytes", "1MiB");
        JsonElement second = Read(manifest, "--store", Path.Combine(_root, "machine-2"), "--remote", url, "--remote-folder", origin, "--epochs", "2", "--cache-bytes", "1MiB");

        int chunks = first.GetProperty("chunks").GetInt32();
        Assert.Equal(["memory", "local", "redis", "remote-folder"], first.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("tier").GetString()));
        Assert.Equal(chunks, Tier(first, "redis").GetProperty("writes").GetInt64());
        Assert.Equal(0, Tier(first, "redis").GetProperty("hits").GetInt64());
        Assert.Equal(chunks, Tier(first, "remote-folder").GetProperty("hits").GetInt64());
        Assert.Equal(chunks, Tier(second, "redis").GetProperty("hits").GetInt64());
        Assert.Equal(0, Tier(second, "redis").GetProperty("writes").GetInt64());
        Assert.Equal(0, Tier(second, "redis").GetProperty("errors").GetInt64());
        Assert.Equal(0, Tier(second, "remote-folder").GetProperty("hits").GetInt64());
        Assert.Equal(chunks, Tier(second, "local").GetProperty("writes").GetInt64());
    }

    [Fact]
    public void Read_RedisDown_ReadsOnFromTheOrigin()
    {
        using RedisServer server = RedisServer.StartOrSkip();
        server.Stop();
        (string origin, string manifest) = Pack("origin");

        JsonElement root = Read(manifest, "--store", Path.Combine(_root, "local"), "--remote", $"redis://127.0.0.1:{server.Port}", "--remote-folder", origin, "--epochs", "1");

        Assert.True(Tier(root, "redis").GetProperty("errors").GetInt64() > 0);
        Assert.Equal(root.GetProperty("chunks").GetInt32(), Tier(root, "remote-folder").GetProperty("hits").GetInt64());
    }

    [Theory]
    [InlineData("unknown-manifest", "no manifest")]
    [InlineData("bad-prefix", "not a manifest id")]
    [InlineData("epochs", "--epochs")]
    [InlineData("url-scheme", "--remote")]
    [InlineData("url-port", "--remote")]
    [InlineData("url-path", "--remote")]
    [InlineData("cache-bytes", "--cache-bytes")]
    [InlineData("policy", "--policy")]
    [InlineData("prefetch", "--prefetch")]
    [InlineData("no-store", "no chunk store")]
    [InlineData("no-remote-folder", "no chunk store")]
    public void Read_BadInput_FailsWithAClearMessage(string problem, string expected)
    {
        (string store, string manifest) = Pack("origin");
        string[] args = problem switch
        {
            "unknown-manifest" => ["data", "read", new string('0', 64), "--store", store, "--epochs", "1"],
            "bad-prefix" => ["data", "read", "xyz", "--store", store, "--epochs", "1"],
            "epochs" => ["data", "read", manifest, "--store", store, "--epochs", "0"],
            "url-scheme" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--remote", "http://127.0.0.1:6379"],
            "url-port" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--remote", "redis://127.0.0.1"],
            "url-path" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--remote", "redis://127.0.0.1:6379/0"],
            "cache-bytes" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--cache-bytes", "lots"],
            "policy" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--policy", "fifo"],
            "prefetch" => ["data", "read", manifest, "--store", store, "--epochs", "1", "--prefetch", "-1"],
            "no-store" => ["data", "read", manifest, "--store", Path.Combine(_root, "absent"), "--epochs", "1"],
            _ => ["data", "read", manifest, "--store", Path.Combine(_root, "local"), "--remote-folder", Path.Combine(_root, "absent"), "--epochs", "1"],
        };

        CliRun run = CliRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Read_ManifestOnlyInTheRemoteFolder_IsFoundThere()
    {
        (string origin, string manifest) = Pack("origin");
        (string other, _) = Pack("other", seed: 99);

        JsonElement root = Read(manifest[..8], "--store", other, "--remote-folder", origin, "--epochs", "1");

        Assert.Equal(manifest, root.GetProperty("manifest").GetString());
    }

    /// <summary>
    /// The reported failure: a chunk file copied over another (same length) was read as the other's content, and
    /// <c>data read --cache-bytes 0</c> reported 0 corrupt reads. Now the copy is refused and counted: with no other
    /// copy the read stops with exit 2 (the bad file left for verify); with a good copy in the remote folder it is
    /// served from there, counted, and the local copy repaired.
    /// </summary>
    [Fact]
    public void Read_ChunkFileSwappedForAnother_CountedCorruptNeverServed()
    {
        string source = Path.Combine(_root, "swap-files");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "random.bin"), SyntheticContent.Generate(ContentKind.Random, 256 * 1024, 5));
        string origin = Path.Combine(_root, "swap-origin"), local = Path.Combine(_root, "swap-local");
        CliRun pack = CliRun.Invoke("data", "pack", source, "--store", origin, "--chunking", "fixed", "--chunk-size", "64KiB", "--json");
        Assert.Equal(0, CliRun.Invoke("data", "pack", source, "--store", local, "--chunking", "fixed", "--chunk-size", "64KiB").ExitCode);
        string manifest = JsonDocument.Parse(pack.Output).RootElement.GetProperty("manifest").GetString()!;
        string[] chunks = [.. Directory.EnumerateFiles(Path.Combine(local, "chunks"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        byte[] victim = File.ReadAllBytes(chunks[1]);
        File.Copy(chunks[0], chunks[1], overwrite: true);

        CliRun alone = CliRun.Invoke("data", "read", manifest, "--store", local, "--epochs", "1", "--cache-bytes", "0", "--json");
        JsonElement repaired = Read(manifest, "--store", local, "--remote-folder", origin, "--epochs", "1", "--cache-bytes", "0");

        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("not the chunk its name asks for", alone.Error, StringComparison.Ordinal);
        JsonElement localTier = JsonDocument.Parse(alone.Output).RootElement.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "local");
        Assert.Equal(1, localTier.GetProperty("corrupt").GetInt64());
        Assert.Equal(4, chunks.Length);
        Assert.Equal(256L * 1024, repaired.GetProperty("bytesRead").GetInt64());
        Assert.Equal(1, repaired.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "local").GetProperty("corrupt").GetInt64());
        Assert.Equal(victim, File.ReadAllBytes(chunks[1]));
    }

    [Fact]
    public void Demo_CachingSection_ComparesThePolicies()
    {
        var output = new StringWriter();

        Aios.Cli.Data.CacheDemo.Run(output);

        string text = output.ToString();
        Assert.StartsWith("8. Caching a shuffled dataset (aios data cache-sim)", text, StringComparison.Ordinal);
        Assert.Contains("50%  minio            0.0%    50.0%    50.0%    50.0%", text, StringComparison.Ordinal);
        Assert.Contains("LRU collapses", text, StringComparison.Ordinal);
    }

    private (string Store, string Manifest) Pack(string name, int seed = 1)
    {
        string source = Path.Combine(_root, name + "-files");
        Directory.CreateDirectory(source);
        for (int i = 0; i < s_kinds.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(source, $"{i}-{s_kinds[i]}.bin"), SyntheticContent.Generate(s_kinds[i], FileLength, seed + i));
        }

        string store = Path.Combine(_root, name);
        CliRun pack = CliRun.Invoke("data", "pack", source, "--store", store, "--json");
        Assert.Equal(0, pack.ExitCode);
        return (store, JsonDocument.Parse(pack.Output).RootElement.GetProperty("manifest").GetString()!);
    }

    private static JsonElement Read(string manifest, params string[] options)
    {
        CliRun run = CliRun.Invoke(["data", "read", manifest, .. options, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static JsonElement CacheSim(string policy, double fraction, int epochs, int seed = 0, int chunks = 10_000, int jobs = 1)
    {
        CliRun run = CliRun.Invoke(
            "data", "cache-sim", "--dataset-chunks", chunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cache-fraction", fraction.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--policy", policy,
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static double[] HitRates(JsonElement root) => [.. root.GetProperty("hitRatePerEpoch").EnumerateArray().Select(e => e.GetDouble())];

    private static JsonElement Tier(JsonElement root, string name) =>
        root.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == name);
}
