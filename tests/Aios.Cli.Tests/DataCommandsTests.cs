using System.Text.Json;
using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Cli.Tests;

public sealed class DataCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aios-cli-data-" + Guid.NewGuid().ToString("N"));

    public DataCommandsTests() => Directory.CreateDirectory(_root);

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

    private string Dataset()
    {
        string source = Path.Combine(_root, "dataset");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllBytes(Path.Combine(source, "text.txt"), SyntheticContent.Generate(ContentKind.Text, 600_000, 1));
        File.WriteAllBytes(Path.Combine(source, "sub", "random.bin"), SyntheticContent.Generate(ContentKind.Random, 300_000, 2));
        File.WriteAllBytes(Path.Combine(source, "sub", "zeros.bin"), new byte[524_288]);
        return source;
    }

    [Fact]
    public void Analyze_Json_FollowsTheContractAndAddsUp()
    {
        string source = Dataset();

        CliRun run = CliRun.Invoke("data", "analyze", source, "--chunk-size", "128KiB", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(3, root.GetProperty("files").GetInt32());
        long bytes = root.GetProperty("bytes").GetInt64();
        long stored = root.GetProperty("storedBytes").GetInt64();
        Assert.Equal(600_000 + 300_000 + 524_288, bytes);
        Assert.Equal(Math.Round((double)bytes / stored, 4), root.GetProperty("ratio").GetDouble(), 1e-9);
        Assert.InRange(root.GetProperty("entropyBitsPerByte").GetDouble(), 0, 8);
        JsonElement[] chunks = [.. root.GetProperty("chunks").EnumerateArray()];
        Assert.Equal(bytes, chunks.Sum(c => c.GetProperty("length").GetInt64()));
        Assert.Equal(stored, chunks.Sum(c => c.GetProperty("storedBytes").GetInt64()));
        Assert.All(chunks, c => Assert.InRange(c.GetProperty("entropy").GetDouble(), 0, 8));
        Assert.All(chunks, c => Assert.True(c.GetProperty("length").GetInt32() <= 128 * 1024));
        Assert.Equal(["constant", "raw", "zstd-1"], chunks.Select(c => c.GetProperty("codec").GetString()).Distinct().Order(StringComparer.Ordinal));
        JsonElement zeros = chunks.First(c => c.GetProperty("file").GetString() == "sub/zeros.bin");
        Assert.Equal((0L, "constant", 1), (zeros.GetProperty("offset").GetInt64(), zeros.GetProperty("codec").GetString(), zeros.GetProperty("storedBytes").GetInt32()));
        JsonElement second = chunks.Where(c => c.GetProperty("file").GetString() == "text.txt").ElementAt(1);
        Assert.Equal(128 * 1024, second.GetProperty("offset").GetInt64());
    }

    [Fact]
    public void Analyze_Table_ShowsFilesAndReasons()
    {
        CliRun run = CliRun.Invoke("data", "analyze", Dataset());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sub/random.bin", run.Output, StringComparison.Ordinal);
        Assert.Contains("high entropy", run.Output, StringComparison.Ordinal);
        Assert.Contains("zstd pays", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("lots")]
    [InlineData("1GiB")]
    [InlineData("-5KiB")]
    public void Analyze_BadChunkSize_FailsNamingTheOption(string size)
    {
        CliRun run = CliRun.Invoke("data", "analyze", _root, "--chunk-size", size);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--chunk-size", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MissingPath_Fails()
    {
        CliRun run = CliRun.Invoke("data", "analyze", Path.Combine(_root, "absent"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("neither a file nor a folder", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cdc")]
    [InlineData("fixed")]
    public void PackUnpackVerify_RoundTripAndContracts(string chunking)
    {
        string source = Dataset();
        string store = Path.Combine(_root, "store");
        string output = Path.Combine(_root, "out");

        CliRun pack = CliRun.Invoke("data", "pack", source, "--store", store, "--chunking", chunking, "--json");
        JsonElement packed = JsonDocument.Parse(pack.Output).RootElement;
        string manifest = packed.GetProperty("manifest").GetString()!;
        CliRun unpack = CliRun.Invoke("data", "unpack", manifest[..12], "--store", store, "--output", output);
        CliRun verify = CliRun.Invoke("data", "verify", "--store", store, "--json");
        JsonElement verified = JsonDocument.Parse(verify.Output).RootElement;

        Assert.Equal(0, pack.ExitCode);
        Assert.True(ContentId.TryParse(manifest, out _));
        Assert.Equal(3, packed.GetProperty("files").GetInt32());
        Assert.Equal(1_424_288, packed.GetProperty("bytes").GetInt64());
        int chunks = packed.GetProperty("chunks").GetInt32(), unique = packed.GetProperty("uniqueChunks").GetInt32();
        Assert.True(unique < chunks, "the zero chunks are stored once");
        Assert.True(packed.GetProperty("storedBytes").GetInt64() < 1_000_000);
        Assert.Equal(0, unpack.ExitCode);
        foreach (string file in new[] { "text.txt", "sub/random.bin", "sub/zeros.bin" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, file)), File.ReadAllBytes(Path.Combine(output, file)));
        }

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(unique, verified.GetProperty("chunks").GetInt32());
        Assert.Empty(verified.GetProperty("corrupt").EnumerateArray());
    }

    [Fact]
    public void Pack_Text_PrintsTheManifestIdFirst()
    {
        CliRun run = CliRun.Invoke("data", "pack", Dataset(), "--store", Path.Combine(_root, "store"));

        Assert.Equal(0, run.ExitCode);
        Assert.True(ContentId.TryParse(run.OutputLines[0], out _), run.OutputLines[0]);
    }

    [Fact]
    public void Verify_CorruptChunk_ListedAndExitCodeTwo()
    {
        string store = Path.Combine(_root, "store");
        CliRun.Invoke("data", "pack", Dataset(), "--store", store);
        string victim = Directory.EnumerateFiles(Path.Combine(store, "chunks"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        byte[] bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 0x10;
        File.WriteAllBytes(victim, bytes);

        CliRun verify = CliRun.Invoke("data", "verify", "--store", store, "--json");
        CliRun text = CliRun.Invoke("data", "verify", "--store", store);

        Assert.Equal(2, verify.ExitCode);
        Assert.Equal([Path.GetFileName(victim)], JsonDocument.Parse(verify.Output).RootElement.GetProperty("corrupt").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("1 corrupt", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnpackAndVerify_NoStore_FailWithoutCreatingIt()
    {
        string store = Path.Combine(_root, "nothing-here");

        CliRun verify = CliRun.Invoke("data", "verify", "--store", store);
        CliRun unpack = CliRun.Invoke("data", "unpack", new string('a', 64), "--store", store, "--output", Path.Combine(_root, "o"));

        Assert.Equal(1, verify.ExitCode);
        Assert.Equal(1, unpack.ExitCode);
        Assert.Contains("no chunk store", verify.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("abc")]
    [InlineData("0123456789abcdef")]
    public void Unpack_UnknownManifest_Fails(string manifest)
    {
        string store = Path.Combine(_root, "store");
        CliRun.Invoke("data", "pack", Dataset(), "--store", store);

        CliRun run = CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", Path.Combine(_root, "o"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("manifest", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A real <c>aios data pack</c> process is killed (SIGKILL) at staggered points while it writes — once a growing share
    /// of the chunks still missing has reached the store, a gate it passes whatever the machine's speed; after every kill the
    /// store must verify clean (no chunk reads back wrong, no manifest names a missing chunk), and a final pack into the
    /// same store must complete and restore byte for byte.
    /// </summary>
    [Fact]
    public async Task Pack_ProcessKilledMidWrite_StoreStaysConsistent()
    {
        string source = Path.Combine(_root, "big");
        Directory.CreateDirectory(source);
        var random = new Random(11);
        byte[] text = SyntheticContent.Generate(ContentKind.Text, 1 << 20, 3);
        for (int file = 0; file < 12; file++)
        {
            byte[] data = new byte[4 << 20];
            random.NextBytes(data.AsSpan(0, 1 << 20));
            for (int block = 1; block < 4; block++)
            {
                text.CopyTo(data, block << 20);
                data[(block << 20) + random.Next(1 << 20)] = (byte)file;
            }

            File.WriteAllBytes(Path.Combine(source, $"shard-{file:D2}.bin"), data);
        }

        string sizing = Path.Combine(_root, "sizing");
        Assert.Equal(0, CliRun.Invoke("data", "pack", source, "--store", sizing).ExitCode);
        int allChunks = ProcessGate.CountFiles(Path.Combine(sizing, "chunks"));
        string store = Path.Combine(_root, "store");
        string chunks = Path.Combine(store, "chunks");
        string cli = typeof(CliApplication).Assembly.Location;
        double[] sharesOfMissing = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
        int killedWhileRunning = 0;
        foreach (double share in sharesOfMissing)
        {
            int before = ProcessGate.CountFiles(chunks);
            int target = before + Math.Max(1, (int)((allChunks - before) * share));
            if (await ProcessGate.RunAndKillWhenAsync([cli, "data", "pack", source, "--store", store], () => ProcessGate.CountFiles(chunks) >= target, TestContext.Current.CancellationToken))
            {
                killedWhileRunning++;
            }

            StoreVerification verification = await ChunkStore.OpenOrCreate(store).VerifyAsync(TestContext.Current.CancellationToken);
            Assert.True(verification.IsHealthy, $"after a kill at {target} of {allChunks} chunks: {verification.CorruptChunks.Count} corrupt, {verification.MissingChunks.Count} missing");
        }

        Assert.True(killedWhileRunning >= 2, $"only {killedWhileRunning} runs were killed while running; the dataset is too small for this machine");
        CliRun final = CliRun.Invoke("data", "pack", source, "--store", store, "--json");
        Assert.Equal(0, final.ExitCode);
        string manifest = JsonDocument.Parse(final.Output).RootElement.GetProperty("manifest").GetString()!;
        Assert.Equal(0, CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", Path.Combine(_root, "restored")).ExitCode);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_root, "restored", Path.GetFileName(file)))), file);
        }

        Assert.Equal(0, CliRun.Invoke("data", "verify", "--store", store).ExitCode);
    }
}
