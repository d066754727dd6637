using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Aios.Data.Chunking;
using Aios.Data.Compression;
using Aios.Data.Entropy;
using Aios.Data.Storage;

namespace Aios.Cli.Data;

/// <summary><c>aios data analyze|pack|unpack|verify|cache-sim|read</c>: per-chunk codec analysis, a content-addressed chunk store, and the dataset cache.</summary>
internal static partial class DataCommands
{
    /// <summary>The exit code of <c>verify</c> when something is corrupt or missing (1 stays for usage and I/O errors).</summary>
    public const int CorruptExitCode = 2;

    /// <summary>The exit code of <c>pack</c>/<c>unpack</c> stopped by Ctrl+C (SIGINT), as shells report 128 + the signal.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The exit code of <c>pack</c>/<c>unpack</c> stopped by SIGTERM.</summary>
    public const int TerminatedExitCode = 143;

    public static Command Create(CliConsole console)
    {
        var command = new Command("data", "Training-data tools: entropy and codec analysis, a deduplicating content-addressed chunk store, a tiered dataset cache.");
        command.Subcommands.Add(CreateAnalyze(console));
        command.Subcommands.Add(CreatePack(console));
        command.Subcommands.Add(CreateUnpack(console));
        command.Subcommands.Add(CreateVerify(console));
        command.Subcommands.Add(CreateCacheSim(console));
        command.Subcommands.Add(CreateRead(console));
        return command;
    }

    private static Command CreateAnalyze(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "A file or folder." };
        var chunkSize = new Option<string>("--chunk-size") { Description = "The chunk length (e.g. 256KiB, 1MiB, 65536).", DefaultValueFactory = _ => "256KiB" };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (files, bytes, storedBytes, ratio, entropyBitsPerByte, chunks)." };
        var command = new Command("analyze", "Entropy per file and chunk, the codec the selector chooses for each chunk and why, and the resulting ratio.") { path, chunkSize, json };
        command.SetAction((result, cancellationToken) => GuardedWithSignalsAsync(
            console, token => AnalyzeAsync(console, result.GetValue(path)!, result.GetValue(chunkSize)!, result.GetValue(json), token), InterruptedMessage, cancellationToken));
        return command;
    }

    private static Command CreatePack(CliConsole console)
    {
        var source = new Argument<string>("SOURCE") { Description = "A file or folder to ingest." };
        var store = new Option<string>("--store") { Description = "The store's folder (created when absent).", Required = true };
        var chunking = new Option<string>("--chunking") { Description = "fixed or cdc (FastCDC, 16/64/256 KiB; default).", DefaultValueFactory = _ => "cdc" };
        chunking.AcceptOnlyFromAmong("fixed", "cdc");
        var chunkSize = new Option<string?>("--chunk-size") { Description = "Fixed: the chunk length (default 64KiB). CDC: the average (min = avg/4, max = avg*4)." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object (manifest, files, bytes, chunks, uniqueChunks, storedBytes, skipped)." };
        var command = new Command("pack", "Ingest a file or folder into the store as a dataset version; prints the manifest id. Regular files only: symbolic links, FIFOs, sockets and devices are skipped with a warning.") { source, store, chunking, chunkSize, json };
        command.SetAction((result, cancellationToken) => GuardedWithSignalsAsync(
            console, token => PackAsync(console, result.GetValue(source)!, result.GetValue(store)!, result.GetValue(chunking)!, result.GetValue(chunkSize), result.GetValue(json), token), InterruptedWritingMessage, cancellationToken));
        return command;
    }

    private static Command CreateUnpack(CliConsole console)
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "The manifest id (or a unique prefix of at least 8 characters)." };
        var store = new Option<string>("--store") { Description = "The store's folder.", Required = true };
        var output = new Option<string>("--output") { Description = "The folder to restore into.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files that already exist in --output (atomically, by rename; a symbolic link there is replaced, not followed). Without it the unpack refuses before writing anything." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object." };
        var command = new Command("unpack", "Restore a dataset version byte for byte; every chunk is verified. Never writes outside --output (symbolic links inside it are refused) and never replaces an existing file unless --overwrite.") { manifest, store, output, overwrite, json };
        command.SetAction((result, cancellationToken) => GuardedWithSignalsAsync(
            console, token => UnpackAsync(console, result.GetValue(manifest)!, result.GetValue(store)!, result.GetValue(output)!, result.GetValue(overwrite), result.GetValue(json), token), InterruptedWritingMessage, cancellationToken));
        return command;
    }

    private static Command CreateVerify(CliConsole console)
    {
        var store = new Option<string>("--store") { Description = "The store's folder.", Required = true };
        var json = new Option<bool>("--json") { Description = "Write one JSON object ({ \"chunks\": n, \"corrupt\": [ids], ... })." };
        var command = new Command("verify", $"Check every chunk (checksums, SHA-256 against its name) and manifest; exit code 0 only when nothing is corrupt or missing ({CorruptExitCode} otherwise).") { store, json };
        command.SetAction((result, cancellationToken) => GuardedWithSignalsAsync(
            console, token => VerifyAsync(console, result.GetValue(store)!, result.GetValue(json), token), InterruptedMessage, cancellationToken));
        return command;
    }

    private static int Guarded(CliConsole console, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return console.Fail(exception.Message);
        }
    }

    private const string InterruptedMessage = "interrupted";

    private const string InterruptedWritingMessage = "interrupted; files under their final names are complete, temporary files were removed";

    /// <summary>
    /// Runs a data command with a token that Ctrl+C (SIGINT) or SIGTERM cancels — System.CommandLine's invocation token,
    /// linked with the command's own signal handlers — so the library removes its temporary files and stops cleanly
    /// instead of the process dying mid-write; the exit code is then 130 (SIGINT) or 143 (SIGTERM).
    /// </summary>
    /// <remarks>
    /// Both System.CommandLine and this method handle the two signals; the library's handler may run first (it cancels
    /// the invocation token without saying which signal came), so a cancelled command waits for its own handler to name
    /// the signal. Should that handler run only after System.CommandLine's termination timeout, System.CommandLine
    /// returns the same 130 or 143 itself.
    /// </remarks>
    internal static async Task<int> GuardedWithSignalsAsync(CliConsole console, Func<CancellationToken, Task<int>> action, string interrupted, CancellationToken invocationToken)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(invocationToken);
        var signalled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            if (signalled.TrySetResult(context.Signal == PosixSignal.SIGTERM ? TerminatedExitCode : InterruptedExitCode))
            {
                context.Cancel = true;
                cancellation.Cancel();
            }
        }

        using PosixSignalRegistration? interrupt = Register(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration? terminate = Register(PosixSignal.SIGTERM, OnSignal);
        try
        {
            return await GuardedAsync(console, () => action(cancellation.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.Fail(interrupted);
            try
            {
                return await signalled.Task.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return InterruptedExitCode; // cancelled by the invocation with no signal of ours: treat it as Ctrl+C
            }
        }
    }

    private static PosixSignalRegistration? Register(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, handler);
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static async Task<int> AnalyzeAsync(CliConsole console, string path, string chunkSizeText, bool json, CancellationToken cancellationToken)
    {
        if (!ByteSize.TryParse(chunkSizeText, out long chunkSize) || chunkSize < 64 || chunkSize > Chunker.MaximumSupportedLength)
        {
            return console.Fail($"--chunk-size must be a size from 64 B to 64 MiB, such as 256KiB (got '{chunkSizeText}')");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return console.Fail($"'{path}' is neither a file nor a folder");
        }

        var selector = CodecSelector.Default;
        var chunker = Chunker.CreateFixed((int)chunkSize);
        byte[] scratch = new byte[selector.GetMaxEncodedLength((int)chunkSize)];
        var chunks = new List<AnalyzeChunk>();
        var files = new List<AnalyzeFile>();
        long[] totalCounts = new long[256];
        long[] chunkCounts = new long[256];
        long bytes = 0, stored = 0;
        var skipped = new List<SkippedFile>();
        List<(string FullPath, string RelativePath)> listed = DatasetPacker.ListFiles(path, skipped);
        foreach (SkippedFile entry in skipped)
        {
            console.Error.WriteLine($"aios: warning: skipped '{entry.Path}': {entry.Reason}");
        }

        foreach ((string fullPath, string relative) in listed)
        {
            long[] counts = new long[256];
            long fileBytes = 0, fileStored = 0;
            FileStream stream = new(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await foreach (ContentChunk chunk in chunker.ChunkAsync(stream, cancellationToken).ConfigureAwait(false))
                {
                    ReadOnlySpan<byte> data = chunk.Data.Span;
                    Array.Clear(chunkCounts);
                    ByteEntropy.AddCounts(data, chunkCounts);
                    for (int i = 0; i < 256; i++)
                    {
                        counts[i] += chunkCounts[i];
                    }

                    CodecDecision decision = selector.Encode(data, scratch);
                    double entropy = Math.Round(ByteEntropy.FromCounts(chunkCounts, data.Length), 4);
                    chunks.Add(new AnalyzeChunk(relative, chunk.Offset, chunk.Length, entropy, decision.CodecName, decision.StoredLength, decision.Describe(), decision.DescribeRule()));
                    fileBytes += chunk.Length;
                    fileStored += decision.StoredLength;
                }
            }

            for (int i = 0; i < 256; i++)
            {
                totalCounts[i] += counts[i];
            }

            files.Add(new AnalyzeFile(relative, fileBytes, fileStored, Ratio(fileBytes, fileStored), Math.Round(ByteEntropy.FromCounts(counts, fileBytes), 4)));
            bytes += fileBytes;
            stored += fileStored;
        }

        var output = new AnalyzeOutput(files.Count, bytes, stored, Ratio(bytes, stored), Math.Round(ByteEntropy.FromCounts(totalCounts, bytes), 4), chunks, files);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.AnalyzeOutput));
            return 0;
        }

        TextWriter o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Count} files, {ByteSize.Format(bytes)} in {chunks.Count} chunks of {ByteSize.Format(chunkSize)}: stored {ByteSize.Format(stored)}, ratio {output.Ratio:F2}, entropy {output.EntropyBitsPerByte:F2} bits/byte"));
        o.WriteLine();
        o.WriteLine("   entropy      ratio  codecs (chunks)                      file");
        int index = 0;
        foreach (AnalyzeFile file in files)
        {
            var mix = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (; index < chunks.Count && chunks[index].File == file.File; index++)
            {
                mix[chunks[index].Codec] = mix.GetValueOrDefault(chunks[index].Codec) + 1;
            }

            string codecs = string.Join(", ", mix.Select(pair => $"{pair.Key} {pair.Value}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {file.EntropyBitsPerByte,7:F2}  {file.Ratio,9:F2}  {codecs,-36} {file.File}"));
        }

        o.WriteLine();
        o.WriteLine("Why (chunks per decision):");
        foreach (IGrouping<string, AnalyzeChunk> group in chunks.GroupBy(c => c.Rule).OrderByDescending(g => g.Count()))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {group.Count(),6}  {group.Key}"));
        }

        return 0;
    }

    private static async Task<int> PackAsync(CliConsole console, string source, string storePath, string chunking, string? chunkSizeText, bool json, CancellationToken cancellationToken)
    {
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            return console.Fail($"'{source}' is neither a file nor a folder");
        }

        Chunker chunker;
        long size = chunking == "fixed" ? Chunker.DefaultFixedLength : new FastCdcOptions().AverageLength;
        if (chunkSizeText is not null && (!ByteSize.TryParse(chunkSizeText, out size) || size < 256 || size > Chunker.MaximumSupportedLength / 4))
        {
            return console.Fail($"--chunk-size must be a size from 256 B to 16 MiB, such as 64KiB (got '{chunkSizeText}')");
        }

        chunker = chunking == "fixed"
            ? Chunker.CreateFixed((int)size)
            : Chunker.CreateContentDefined(chunkSizeText is null ? null : new FastCdcOptions { MinimumLength = (int)size / 4, AverageLength = (int)size, MaximumLength = (int)size * 4 });
        ChunkStore store = ChunkStore.OpenOrCreate(storePath);
        DatasetPackResult result = await DatasetPacker.PackAsync(store, source, chunker, cancellationToken: cancellationToken).ConfigureAwait(false);
        var skipped = result.Skipped.Select(s => new PackSkipped(s.Path, s.Reason)).ToList();
        foreach (PackSkipped entry in skipped)
        {
            console.Error.WriteLine($"aios: warning: skipped '{entry.Path}': {entry.Reason}");
        }

        var output = new PackOutput(result.Manifest.ToString(), result.Files, result.Bytes, result.Chunks, result.UniqueChunks, result.StoredBytes, result.NewChunks, result.NewStoredBytes, Math.Round(result.Ratio, 4), chunker.ToString()!, skipped);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.PackOutput));
            return 0;
        }

        console.Out.WriteLine(output.Manifest);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Files} files, {ByteSize.Format(result.Bytes)} in {result.Chunks} chunks ({result.UniqueChunks} unique, {result.NewChunks} new) by {chunker}: stored {ByteSize.Format(result.StoredBytes)}, ratio {result.Ratio:F2}; this pack added {ByteSize.Format(result.NewStoredBytes)}."));
        return 0;
    }

    private static async Task<int> UnpackAsync(CliConsole console, string manifestText, string storePath, string outputPath, bool overwrite, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpenExisting(console, storePath, out ChunkStore? store, out int failure))
        {
            return failure;
        }

        if (!TryResolveManifest(store, manifestText, out ContentId manifest, out string? problem))
        {
            return console.Fail(problem!);
        }

        DatasetManifest dataset;
        try
        {
            dataset = await DatasetPacker.UnpackAsync(store, manifest, outputPath, new DatasetUnpackOptions { Overwrite = overwrite }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChunkCorruptException exception)
        {
            console.Fail(exception.Message);
            return CorruptExitCode;
        }

        var output = new UnpackOutput(manifest.ToString(), dataset.Files.Count, dataset.TotalLength, Path.GetFullPath(outputPath));
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.UnpackOutput));
        }
        else
        {
            console.Out.WriteLine($"restored {dataset.Files.Count} files, {ByteSize.Format(dataset.TotalLength)}, to {output.Output} (every chunk verified)");
        }

        return 0;
    }

    private static async Task<int> VerifyAsync(CliConsole console, string storePath, bool json, CancellationToken cancellationToken)
    {
        if (!TryOpenExisting(console, storePath, out ChunkStore? store, out int failure))
        {
            return failure;
        }

        StoreVerification verification = await store.VerifyAsync(cancellationToken).ConfigureAwait(false);
        var problems = new List<VerifyProblem>();
        foreach (CorruptObject corrupt in verification.CorruptChunks.Concat(verification.CorruptManifests))
        {
            problems.Add(new VerifyProblem(corrupt.Id?.ToString() ?? corrupt.Path, corrupt.Path, corrupt.Reason));
        }

        var missing = verification.MissingChunks.Select(m => new VerifyMissing(m.Manifest.ToString(), m.File, m.Chunk.ToString())).ToList();
        var output = new VerifyOutput(verification.Chunks, problems.Select(p => p.Id).ToList(), verification.Manifests, missing, verification.TemporaryFiles, problems);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.VerifyOutput));
        }
        else
        {
            console.Out.WriteLine($"{verification.Chunks} chunks and {verification.Manifests} manifests checked: {problems.Count} corrupt, {missing.Count} missing chunk references, {verification.TemporaryFiles} temporary files.");
            foreach (VerifyProblem problem in problems)
            {
                console.Out.WriteLine($"   corrupt  {problem.Id}: {problem.Reason}");
            }

            foreach (VerifyMissing chunk in missing)
            {
                console.Out.WriteLine($"   missing  {chunk.Chunk} (manifest {chunk.Manifest}, file {chunk.File})");
            }
        }

        return verification.IsHealthy ? 0 : CorruptExitCode;
    }

    private static bool TryOpenExisting(CliConsole console, string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChunkStore? store, out int failure)
    {
        store = null;
        failure = 0;
        if (!Directory.Exists(Path.Combine(path, "chunks")) || !Directory.Exists(Path.Combine(path, "manifests")))
        {
            failure = console.Fail($"no chunk store at '{path}' (expected its chunks/ and manifests/ folders; 'aios data pack' creates one)");
            return false;
        }

        store = ChunkStore.Open(path);
        return true;
    }

    private static bool TryResolveManifest(ChunkStore store, string text, out ContentId id, out string? problem)
    {
        problem = null;
        if (ContentId.TryParse(text, out id))
        {
            return true;
        }

        string prefix = text.Trim().ToLowerInvariant();
        if (prefix.Length < 8 || !prefix.All(char.IsAsciiHexDigitLower))
        {
            problem = $"'{text}' is not a manifest id: 64 hexadecimal characters, or a unique prefix of at least 8";
            return false;
        }

        List<ContentId> matches = store.GetManifestIds().Where(m => m.ToString().StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            id = matches[0];
            return true;
        }

        problem = matches.Count == 0 ? $"no manifest {prefix}… in the store" : $"the prefix {prefix} names {matches.Count} manifests; give more characters";
        return false;
    }

    private static double Ratio(long bytes, long stored) => stored == 0 ? 1 : Math.Round((double)bytes / stored, 4);
}
