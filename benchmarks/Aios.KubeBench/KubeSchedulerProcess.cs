using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Aios.KubeBench;

/// <summary>
/// The upstream kube-scheduler v1.20.2 (<c>../shared/kube/kube-scheduler-v1.20.2.gz</c>, unpacked once into
/// <c>~/.cache/aios-kube/</c> and checked against its sha256; or <c>$KUBE_SCHEDULER_BIN</c>) as a child process:
/// <c>--kubeconfig FILE --leader-elect=false</c>, serving nothing (<c>--port=0 --secure-port=0</c>, so runs beside other
/// clusters do not fight over ports), optionally with <c>--kube-api-qps</c>/<c>--kube-api-burst</c>.
/// </summary>
internal sealed class KubeSchedulerProcess : IDisposable
{
    private const string Release = "kube-scheduler-v1.20.2";
    private readonly Process _process;

    private KubeSchedulerProcess(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public static KubeSchedulerProcess Start(string kubeconfig, int? qps, int? burst, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // The shell redirects the output to the log, then becomes the scheduler: the process id is the scheduler's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" </dev/null >>\"$0\" 2>&1");
        start.ArgumentList.Add(logFile);
        start.ArgumentList.Add(FindBinary());
        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add("--leader-elect=false");
        start.ArgumentList.Add("--port=0");
        start.ArgumentList.Add("--secure-port=0");
        start.ArgumentList.Add("--v=1");
        if (qps is int q)
        {
            start.ArgumentList.Add($"--kube-api-qps={q.ToString(CultureInfo.InvariantCulture)}");
        }

        if (burst is int b)
        {
            start.ArgumentList.Add($"--kube-api-burst={b.ToString(CultureInfo.InvariantCulture)}");
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("kube-scheduler did not start.");
        return new KubeSchedulerProcess(process, logFile);
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private static string FindBinary()
    {
        string? configured = Environment.GetEnvironmentVariable("KUBE_SCHEDULER_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"KUBE_SCHEDULER_BIN names '{configured}', which does not exist.");
        }

        string shared = FindSharedKube() ?? throw new FileNotFoundException($"{Release}.gz not found: put ../shared/kube/{Release}.gz and its .sha256 beside the checkout, or set KUBE_SCHEDULER_BIN.");
        string packed = Path.Combine(shared, Release + ".gz");
        string expected = File.ReadAllText(Path.Combine(shared, Release + ".sha256")).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
        string? cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string cache = Path.Combine(string.IsNullOrEmpty(cacheHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cacheHome, "aios-kube");
        string binary = Path.Combine(cache, Release);
        if (File.Exists(binary) && Hash(binary) == expected)
        {
            return binary;
        }

        Directory.CreateDirectory(cache);
        string temporary = Path.Combine(cache, $"{Release}.{Environment.ProcessId}.tmp");
        using (FileStream input = File.OpenRead(packed))
        using (var gzip = new GZipStream(input, CompressionMode.Decompress))
        using (FileStream output = File.Create(temporary))
        {
            gzip.CopyTo(output);
        }

        if (Hash(temporary) != expected)
        {
            File.Delete(temporary);
            throw new InvalidDataException($"{packed} does not unpack to sha256 {expected}: the file is damaged.");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.Move(temporary, binary, overwrite: true);
        return binary;
    }

    private static string? FindSharedKube()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "kube"));
                return File.Exists(Path.Combine(candidate, Release + ".gz")) ? candidate : null;
            }
        }

        return null;
    }

    private static string Hash(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
