using System.Diagnostics;
using System.Text.Json;
using Aios.Data.Storage;
using Aios.Data.Synthetic;

namespace Aios.Cli.Tests;

/// <summary><c>aios data pack/unpack/verify</c>: safe restores, special files, read-only stores, and processes killed mid-run.</summary>
public sealed class DataRestoreCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aios-cli-restore-" + Guid.NewGuid().ToString("N"));

    public DataRestoreCommandsTests() => Directory.CreateDirectory(_root);

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

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string SmallDataset()
    {
        string source = Path.Combine(_root, "dataset");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllBytes(Path.Combine(source, "text.txt"), SyntheticContent.Generate(ContentKind.Text, 200_000, 1));
        File.WriteAllBytes(Path.Combine(source, "sub", "random.bin"), SyntheticContent.Generate(ContentKind.Random, 100_000, 2));
        return source;
    }

    private static string Pack(string source, string store)
    {
        CliRun pack = CliRun.Invoke("data", "pack", source, "--store", store, "--json");
        Assert.Equal(0, pack.ExitCode);
        return JsonDocument.Parse(pack.Output).RootElement.GetProperty("manifest").GetString()!;
    }

    [Fact]
    public void Unpack_ExistingFile_FailsNamingItUnlessOverwrite()
    {
        string store = Path.Combine(_root, "store");
        string manifest = Pack(SmallDataset(), store);
        string output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "text.txt"), "mine");

        CliRun refused = CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", output);
        string kept = File.ReadAllText(Path.Combine(output, "text.txt"));
        bool wroteOthers = File.Exists(Path.Combine(output, "sub", "random.bin"));
        CliRun replaced = CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", output, "--overwrite");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("text.txt", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--overwrite", refused.Error, StringComparison.Ordinal);
        Assert.Equal("mine", kept);
        Assert.False(wroteOthers);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Equal(200_000, new FileInfo(Path.Combine(output, "text.txt")).Length);
    }

    [Fact]
    public void Unpack_SymlinkedFolderInOutput_FailsAndWritesNothingOutside()
    {
        string store = Path.Combine(_root, "store");
        string manifest = Pack(SmallDataset(), store);
        string output = Path.Combine(_root, "out");
        string elsewhere = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(output);
        Directory.CreateDirectory(elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(output, "sub"), elsewhere);

        CliRun run = CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", output, "--overwrite");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("symbolic link", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task Pack_FifoInSource_WarnsOnStderrAndInJsonWithoutBlocking()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "FIFOs are POSIX");
        string source = SmallDataset();
        using (Process mkfifo = Process.Start("mkfifo", [Path.Combine(source, "sub", "pipe")]))
        {
            await mkfifo.WaitForExitAsync(Token);
        }

        Task<CliRun> pack = Task.Run(() => CliRun.Invoke("data", "pack", source, "--store", Path.Combine(_root, "store"), "--json"), Token);
        CliRun run = await pack.WaitAsync(TimeSpan.FromSeconds(60), Token);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: skipped 'sub/pipe': a FIFO (named pipe)", run.Error, StringComparison.Ordinal);
        JsonElement skipped = JsonDocument.Parse(run.Output).RootElement.GetProperty("skipped");
        Assert.Equal("sub/pipe", skipped[0].GetProperty("path").GetString());
        Assert.Equal(2, JsonDocument.Parse(run.Output).RootElement.GetProperty("files").GetInt32());
    }

    [Fact]
    public void VerifyAndUnpack_StoreWithoutTmpFolder_StoreListingAndTimesUnchanged()
    {
        string store = Path.Combine(_root, "store");
        string manifest = Pack(SmallDataset(), store);
        if (Directory.Exists(Path.Combine(store, "tmp")))
        {
            Directory.Delete(Path.Combine(store, "tmp"), recursive: true);
        }

        string[] before = Listing(store);

        CliRun verify = CliRun.Invoke("data", "verify", "--store", store);
        CliRun unpack = CliRun.Invoke("data", "unpack", manifest[..12], "--store", store, "--output", Path.Combine(_root, "out"));

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(0, unpack.ExitCode);
        Assert.Equal(before, Listing(store));
    }

    [Fact]
    public async Task VerifyAndUnpack_AsAnUnprivilegedUserOnARootOwnedStore_Succeed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || !File.Exists("/usr/bin/setpriv"), "needs setpriv (util-linux)");
        Assert.SkipWhen(Environment.UserName != "root", "needs to start as root to drop to uid 65534");
        string store = Path.Combine(_root, "store");
        string manifest = Pack(SmallDataset(), store);
        string output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(_root, (UnixFileMode)0x1ED);
        }
        string[] before = Listing(store);

        (int verify, string verifyError) = await RunAsNobodyAsync("data", "verify", "--store", store);
        (int unpack, string unpackError) = await RunAsNobodyAsync("data", "unpack", manifest, "--store", store, "--output", output);

        Assert.True(verify == 0, verifyError);
        Assert.True(unpack == 0, unpackError);
        Assert.Equal(before, Listing(store));
        Assert.Equal(200_000, new FileInfo(Path.Combine(output, "text.txt")).Length);
    }

    private static async Task<(int ExitCode, string Error)> RunAsNobodyAsync(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", typeof(CliApplication).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(Token);
        _ = await process.StandardOutput.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await error);
    }

    private static int ChangedEntries(string[] before, string root)
    {
        try
        {
            return Listing(root).Except(before, StringComparer.Ordinal).Count();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary file renamed mid-listing: look again on the next poll.
            return 0;
        }
    }

    private static string[] Listing(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(info => $"{Path.GetRelativePath(root, info.FullName)} {(info is FileInfo file ? file.Length : -1)} {info.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Real <c>aios data pack</c> and <c>unpack</c> processes are killed — SIGKILL and SIGTERM, alternately — while they work
    /// on a mixed 55 MB folder, at seeded random points of their progress (a share of the chunks still missing from the
    /// store, or a number of changes to the output folder), gates they pass whatever the machine's speed; every fifth run
    /// completes. After every kill: the store verifies (stray temporary files allowed),
    /// every file under its final name in the output is byte-identical to its source, and a SIGTERM that the process handled
    /// (exit code 143) left no temporary file. Re-runs then complete, and a last unpack leaves no temporary file at all.
    /// </summary>
    [Fact]
    public async Task PackAndUnpack_KilledAtRandomMoments_NoWrongBytesAndStoreVerifies()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "sends POSIX signals");
        string source = Path.Combine(_root, "mixed");
        Directory.CreateDirectory(Path.Combine(source, "deep", "er"));
        ContentKind[] kinds = [ContentKind.Text, ContentKind.Random, ContentKind.Float16Tensor, ContentKind.UInt16Tokens];
        for (int i = 0; i < 16; i++)
        {
            string folder = i % 3 == 0 ? source : i % 3 == 1 ? Path.Combine(source, "deep") : Path.Combine(source, "deep", "er");
            byte[] content = i % 5 == 4 ? new byte[4_500_000] : SyntheticContent.Generate(kinds[i % kinds.Length], 3_000_000 + (i * 137_731), i);
            File.WriteAllBytes(Path.Combine(folder, $"file-{i:D2}.bin"), content);
        }

        string sizing = Path.Combine(_root, "sizing");
        Assert.Equal(0, CliRun.Invoke("data", "pack", source, "--store", sizing).ExitCode);
        int allChunks = ProcessGate.CountFiles(Path.Combine(sizing, "chunks"));
        string store = Path.Combine(_root, "store");
        string chunks = Path.Combine(store, "chunks");
        string output = Path.Combine(_root, "out");
        string? manifest = null;
        var random = new Random(20240611);
        int killedWhileRunning = 0;
        for (int round = 0; round < 14; round++)
        {
            bool unpack = manifest is not null && round % 2 == 1;
            bool sigterm = round % 4 >= 2;
            string[] args = unpack ? ["data", "unpack", manifest!, "--store", store, "--output", output, "--overwrite"] : ["data", "pack", source, "--store", store, "--json"];
            Func<bool> reached;
            if (round % 5 == 4)
            {
                // Every fifth run completes: a pack gives the later unpacks their manifest.
                reached = () => false;
            }
            else if (unpack)
            {
                // Each file is written to a temporary name, then renamed over the old copy: 16 files make about 32 changes.
                string[] before = Directory.Exists(output) ? Listing(output) : [];
                int changes = 1 + random.Next(28);
                reached = () => Directory.Exists(output) && ChangedEntries(before, output) >= changes;
            }
            else
            {
                int before = ProcessGate.CountFiles(chunks);
                int target = before + Math.Max(1, (int)((allChunks - before) * (0.05 + (random.NextDouble() * 0.85))));
                reached = () => ProcessGate.CountFiles(chunks) >= target;
            }

            // A SIGKILLed unpack leaves its temporary files; a later run that is stopped before it sweeps them may leave them too.
            string[] stale = TemporaryFiles(output);
            using Process process = StartCli(args);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(Token);
            bool wasRunning = await ProcessGate.WaitUntilAsync(process, reached, Token);
            if (wasRunning)
            {
                killedWhileRunning++;
                if (sigterm)
                {
                    using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await kill.WaitForExitAsync(Token);
                }
                else
                {
                    process.Kill();
                }
            }

            await process.WaitForExitAsync(Token);
            string output1 = await stdout;
            _ = await stderr;
            if (!unpack && process.ExitCode == 0)
            {
                manifest = JsonDocument.Parse(output1).RootElement.GetProperty("manifest").GetString();
            }

            if (!Directory.Exists(Path.Combine(store, "chunks")) || !Directory.Exists(Path.Combine(store, "manifests")))
            {
                // Killed before pack had made the store's folders: nothing was written, and there is nothing to verify.
                Assert.True(wasRunning && !unpack, $"round {round}: no store after a run that was not killed");
                Assert.Throws<DirectoryNotFoundException>(() => ChunkStore.Open(store));
                continue;
            }

            StoreVerification verification = await ChunkStore.Open(store).VerifyAsync(Token);
            Assert.True(verification.IsHealthy, $"round {round}: {verification.CorruptChunks.Count} corrupt, {verification.MissingChunks.Count} missing");
            AssertOutputHoldsOnlyCorrectFiles(source, output, allowTemporary: !(sigterm && process.ExitCode == DataCommandsExitCodes.Terminated), stale);
        }

        Assert.True(killedWhileRunning >= 4, $"only {killedWhileRunning} runs were killed while running");
        manifest ??= Pack(source, store);
        CliRun final = CliRun.Invoke("data", "unpack", manifest, "--store", store, "--output", output, "--overwrite");
        Assert.True(final.ExitCode == 0, final.Error);
        AssertOutputHoldsOnlyCorrectFiles(source, output, allowTemporary: false);
        Assert.Equal(16, Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count());
        Assert.Equal(0, CliRun.Invoke("data", "verify", "--store", store).ExitCode);
    }

    private static Process StartCli(string[] args) =>
        Process.Start(new ProcessStartInfo("dotnet", [typeof(CliApplication).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

    private static string[] TemporaryFiles(string output) =>
        Directory.Exists(output) ? [.. Directory.EnumerateFiles(output, ".aios-*.tmp", SearchOption.AllDirectories)] : [];

    private static void AssertOutputHoldsOnlyCorrectFiles(string source, string output, bool allowTemporary, string[]? stale = null)
    {
        if (!Directory.Exists(output))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith(".aios-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                Assert.True(allowTemporary || (stale?.Contains(file, StringComparer.Ordinal) ?? false), $"temporary file {file} left after a handled SIGTERM or a completed run");
                continue;
            }

            string original = Path.Combine(source, Path.GetRelativePath(output, file));
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{file} differs from its source");
        }
    }

    private static class DataCommandsExitCodes
    {
        public const int Terminated = 143;
    }
}
