using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Aios.Testing.Kubernetes;

/// <summary>
/// Finds the two programs of the control plane. kube-apiserver: <c>$KUBEBUILDER_ASSETS/kube-apiserver</c> (envtest's
/// convention), else <c>$KUBE_APISERVER_BIN</c>, else <c>../shared/kube/kube-apiserver-v1.20.2.gz</c> beside the checkout,
/// unpacked once into <c>${XDG_CACHE_HOME:-~/.cache}/aios-kube/</c> and checked against its <c>.sha256</c>. etcd:
/// <c>$KUBEBUILDER_ASSETS/etcd</c>, else <c>$ETCD_BIN</c>, else <c>etcd</c> on PATH (Debian's etcd-server).
/// </summary>
internal sealed record KubeBinaries(string ApiServer, string Etcd)
{
    private const string Release = "kube-apiserver-v1.20.2";
    private static readonly Lock UnpackLock = new();
    private static string? s_verified;

    /// <summary>Finds both programs, or says what is missing and how to get it.</summary>
    /// <exception cref="InvalidDataException">The packed kube-apiserver does not match its checksum.</exception>
    public static bool TryFind([NotNullWhen(true)] out KubeBinaries? binaries, [NotNullWhen(false)] out string? missing)
    {
        binaries = null;
        missing = null;
        if (!OperatingSystem.IsLinux())
        {
            missing = "the Kubernetes control plane for tests (etcd, kube-apiserver) runs on Linux only.";
            return false;
        }

        string? assets = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS");
        string? apiServer = FindApiServer(assets, out string? noApiServer);
        if (apiServer is null)
        {
            missing = noApiServer!;
            return false;
        }

        string? etcd = FindEtcd(assets);
        if (etcd is null)
        {
            missing = "etcd not found (looked in $KUBEBUILDER_ASSETS, $ETCD_BIN and PATH): apt-get install etcd-server, as .ci/run does; these tests need a real Kubernetes API server and its store.";
            return false;
        }

        binaries = new KubeBinaries(apiServer, etcd);
        missing = null;
        return true;
    }

    private static string? FindApiServer(string? assets, out string? missing)
    {
        missing = null;
        if (!string.IsNullOrEmpty(assets) && File.Exists(Path.Combine(assets, "kube-apiserver")))
        {
            return Path.Combine(assets, "kube-apiserver");
        }

        string? configured = Environment.GetEnvironmentVariable("KUBE_APISERVER_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            if (File.Exists(configured))
            {
                return configured;
            }

            missing = $"KUBE_APISERVER_BIN names '{configured}', which does not exist.";
            return null;
        }

        string? shared = SharedData.FindSharedFolder("kube");
        string? packed = shared is null ? null : Path.Combine(shared, Release + ".gz");
        if (packed is null || !File.Exists(packed) || !File.Exists(Path.Combine(shared!, Release + ".sha256")))
        {
            missing = $"kube-apiserver not found: set KUBEBUILDER_ASSETS (envtest's folder) or KUBE_APISERVER_BIN, or put ../shared/kube/{Release}.gz and its .sha256 beside the checkout; these tests need a real Kubernetes API server.";
            return null;
        }

        return Unpack(packed, Path.Combine(shared!, Release + ".sha256"));
    }

    private static string? FindEtcd(string? assets)
    {
        if (!string.IsNullOrEmpty(assets) && File.Exists(Path.Combine(assets, "etcd")))
        {
            return Path.Combine(assets, "etcd");
        }

        string? configured = Environment.GetEnvironmentVariable("ETCD_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "etcd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The unpacked binary in the cache, checked once per process. Processes that race each write their own temporary
    /// file and rename it into place, so the cache never holds a partial binary.
    /// </summary>
    private static string Unpack(string packed, string checksumFile)
    {
        lock (UnpackLock)
        {
            if (s_verified is not null)
            {
                return s_verified;
            }

            string expected = File.ReadAllText(checksumFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
            string? cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string cache = Path.Combine(string.IsNullOrEmpty(cacheHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cacheHome, "aios-kube");
            string binary = Path.Combine(cache, Release);
            if (File.Exists(binary) && Hash(binary) == expected)
            {
                return s_verified = binary;
            }

            Directory.CreateDirectory(cache);
            string temporary = Path.Combine(cache, $"{Release}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                string actual;
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    using FileStream input = File.OpenRead(packed);
                    using var gzip = new GZipStream(input, CompressionMode.Decompress);
                    using FileStream output = File.Create(temporary);
                    byte[] buffer = new byte[1 << 20];
                    int read;
                    while ((read = gzip.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        output.Write(buffer, 0, read);
                    }

                    actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                }

                if (actual != expected)
                {
                    throw new InvalidDataException($"{packed} unpacks to sha256 {actual}, not {expected} as {checksumFile} says: the file is damaged; copy it again.");
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                }

                File.Move(temporary, binary, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            return s_verified = binary;
        }
    }

    private static string Hash(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
