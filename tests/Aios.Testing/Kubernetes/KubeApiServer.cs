using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Aios.Testing.Kubernetes;

/// <summary>
/// A real Kubernetes control plane for tests, as controller-runtime's envtest runs it: etcd and kube-apiserver on free
/// loopback ports, with a fresh CA and serving certificate, a random bearer token in <c>system:masters</c>, RBAC on, and
/// no kubelet, controller-manager or scheduler (pods stay Pending until something binds them). Everything lives in a
/// temporary folder that <see cref="Dispose"/> removes, after killing exactly the two processes started here.
/// </summary>
/// <remarks>
/// <para>
/// The programs are found as <c>../shared/kube/start-test-cluster.sh</c> finds them: kube-apiserver at
/// <c>$KUBEBUILDER_ASSETS/kube-apiserver</c>, <c>$KUBE_APISERVER_BIN</c>, or unpacked once from
/// <c>../shared/kube/kube-apiserver-v1.20.2.gz</c> beside the checkout into <c>~/.cache/aios-kube/</c> and checked against
/// its sha256; etcd at <c>$KUBEBUILDER_ASSETS/etcd</c>, <c>$ETCD_BIN</c> or on PATH. When one is missing,
/// <see cref="StartOrSkipAsync"/> skips the test with the reason; <see cref="UnavailableReason"/> says it without starting.
/// </para>
/// <para>
/// The API server runs with <c>--disable-admission-plugins=ServiceAccount,TaintNodesByCondition</c>: nothing creates the
/// default service account, and nothing would lift the <c>node.kubernetes.io/not-ready</c> taint v1.20 puts on new Nodes.
/// Deleting a bound pod needs a grace period of 0 (no kubelet confirms it). Start-up takes 3–4 s, so test classes share
/// one through <see cref="KubeApiServerFixture"/>.
/// </para>
/// </remarks>
public sealed class KubeApiServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly KubeBinaries _binaries;
    private readonly KubeCertificates _certificates;
    private readonly int _etcdPort;
    private readonly int _etcdPeerPort;
    private LoggedProcess? _etcd;
    private LoggedProcess? _apiServer;
    private bool _disposed;

    private KubeApiServer(KubeBinaries binaries, string runDirectory)
    {
        _binaries = binaries;
        RunDirectory = runDirectory;
        _certificates = KubeCertificates.Create(Path.Combine(runDirectory, "certs"));
        int[] ports = FreePorts(3);
        (_etcdPort, _etcdPeerPort, Port) = (ports[0], ports[1], ports[2]);
        Token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        File.WriteAllText(TokenFile, $"{Token},aios-test-admin,aios-test-admin-uid,\"system:masters\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Gets the API server's address, <c>https://127.0.0.1:PORT</c>; it keeps it across <see cref="StopApiServer"/> and <see cref="StartApiServerAsync"/>.</summary>
    public Uri Url => new($"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Gets the API server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets the bearer token of a user in <c>system:masters</c> (cluster-admin under RBAC).</summary>
    public string Token { get; }

    /// <summary>Gets the CA certificate the API server's serving certificate chains to (public part only).</summary>
    public X509Certificate2 CertificateAuthority => _certificates.Authority;

    /// <summary>Gets the temporary folder holding the certificates, token file, etcd data and logs.</summary>
    public string RunDirectory { get; }

    /// <summary>Gets the API server's log file.</summary>
    public string ApiServerLog => Path.Combine(RunDirectory, "apiserver.log");

    /// <summary>Gets whether the API server process runs (etcd runs until <see cref="Dispose"/>).</summary>
    public bool IsApiServerRunning => _apiServer is { IsRunning: true };

    /// <summary>Gets a new client configuration for the API server: its address, the token, and the CA as the only trusted root.</summary>
    /// <remarks>Each call returns a new object, so a test may change its copy.</remarks>
    public KubernetesClientConfiguration Configuration => new()
    {
        Host = Url.ToString(),
        AccessToken = Token,
        SslCaCerts = [X509CertificateLoader.LoadCertificate(CertificateAuthority.RawData)],
        Namespace = "default",
    };

    private string TokenFile => Path.Combine(RunDirectory, "tokens.csv");

    /// <summary>Says why no control plane can be started here, without starting one.</summary>
    /// <returns>The reason (what is missing and how to install it), or null when both programs are found.</returns>
    /// <exception cref="InvalidDataException">The packed kube-apiserver is damaged (it does not match its checksum).</exception>
    public static string? UnavailableReason() => KubeBinaries.TryFind(out _, out string? missing) ? null : missing;

    /// <summary>Starts etcd and the API server and waits until <c>/readyz</c> answers ok; skips the running test when a program is missing.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The running control plane.</returns>
    /// <exception cref="InvalidOperationException">A process exited or was not ready within 60 s; the message quotes its log.</exception>
    public static async Task<KubeApiServer> StartOrSkipAsync(CancellationToken cancellationToken = default)
    {
        if (!KubeBinaries.TryFind(out KubeBinaries? binaries, out string? missing))
        {
            Assert.Skip(missing);
        }

        return await StartAsync(binaries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts etcd and the API server and waits until <c>/readyz</c> answers ok.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The running control plane.</returns>
    /// <exception cref="InvalidOperationException">A program is missing (the message says which and how to install it), a process exited, or it was not ready within 60 s (the message quotes its log).</exception>
    public static async Task<KubeApiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!KubeBinaries.TryFind(out KubeBinaries? binaries, out string? missing))
        {
            throw new InvalidOperationException(missing);
        }

        return await StartAsync(binaries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a client of the API server (<see cref="Configuration"/>); the caller disposes it.</summary>
    /// <returns>The client.</returns>
    public IKubernetes CreateClient() => new k8s.Kubernetes(Configuration);

    /// <summary>Writes a kubeconfig file for the API server (context <c>aios-test</c>, namespace <c>default</c>, token auth, the CA inline), readable by the owner only.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <returns>The file's full path.</returns>
    public string WriteKubeconfig(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string authority = Convert.ToBase64String(Encoding.ASCII.GetBytes(CertificateAuthority.ExportCertificatePem() + "\n"));
        string text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: aios-test
              cluster:
                server: {Url.ToString().TrimEnd('/')}
                certificate-authority-data: {authority}
            users:
            - name: aios-test-admin
              user:
                token: {Token}
            contexts:
            - name: aios-test
              context:
                cluster: aios-test
                user: aios-test-admin
                namespace: default
            current-context: aios-test

            """;
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Path.GetFullPath(path);
    }

    /// <summary>Kills the API server only (etcd keeps the data); <see cref="StartApiServerAsync"/> brings it back on the same port with the same certificates and token.</summary>
    public void StopApiServer()
    {
        _apiServer?.Dispose();
        _apiServer = null;
    }

    /// <summary>Starts the API server (again, after <see cref="StopApiServer"/>) on the same port with the same certificates and token, and waits until <c>/readyz</c> answers ok.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when it is ready.</returns>
    /// <exception cref="InvalidOperationException">It exited or was not ready within 60 s; the message quotes its log.</exception>
    public async Task StartApiServerAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsApiServerRunning)
        {
            return;
        }

        StopApiServer();
        _apiServer = LoggedProcess.Start("kube-apiserver", _binaries.ApiServer, ApiServerArguments(), ApiServerLog);
        using HttpClient http = CreateHttpClient();
        await WaitAsync(_apiServer, () => IsReadyAsync(http, cancellationToken), cancellationToken).ConfigureAwait(false);

        // The API server creates the default namespace itself, just after it turns ready.
        await WaitAsync(_apiServer, () => IsOkAsync(http, new Uri(Url, "/api/v1/namespaces/default"), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills the API server and etcd (only the processes started here) and removes <see cref="RunDirectory"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        StopApiServer();
        _etcd?.Dispose();
        _etcd = null;
        try
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is not worth failing a test run for.
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"kube-apiserver {Url} (run directory {RunDirectory})";

    private static async Task<KubeApiServer> StartAsync(KubeBinaries binaries, CancellationToken cancellationToken)
    {
        DirectoryInfo folder = Directory.CreateTempSubdirectory("aios-kube-");
        KubeApiServer? server = null;
        try
        {
            server = new KubeApiServer(binaries, folder.FullName);
            AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
            await server.StartEtcdAsync(cancellationToken).ConfigureAwait(false);
            await server.StartApiServerAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                server.Dispose();
            }
            else
            {
                folder.Delete(recursive: true);
            }

            throw;
        }
    }

    private async Task StartEtcdAsync(CancellationToken cancellationToken)
    {
        string client = $"http://127.0.0.1:{_etcdPort.ToString(CultureInfo.InvariantCulture)}";
        string peer = $"http://127.0.0.1:{_etcdPeerPort.ToString(CultureInfo.InvariantCulture)}";
        _etcd = LoggedProcess.Start("etcd", _binaries.Etcd,
        [
            "--name", "aios-test",
            "--data-dir", Path.Combine(RunDirectory, "etcd-data"),
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"aios-test={peer}",
            "--initial-cluster-state", "new",
            "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn",
        ], Path.Combine(RunDirectory, "etcd.log"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync(_etcd, async () =>
        {
            try
            {
                string health = await http.GetStringAsync(new Uri($"{client}/health"), cancellationToken).ConfigureAwait(false);
                return health.Contains("\"health\":\"true\"", StringComparison.Ordinal);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The flags of start-test-cluster.sh (envtest's defaults), with the admission plugins that need controllers off.</summary>
    private string[] ApiServerArguments() =>
    [
        $"--etcd-servers=http://127.0.0.1:{_etcdPort.ToString(CultureInfo.InvariantCulture)}",
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        $"--secure-port={Port.ToString(CultureInfo.InvariantCulture)}",
        $"--cert-dir={_certificates.Folder}",
        $"--tls-cert-file={_certificates.ServingCertificateFile}",
        $"--tls-private-key-file={_certificates.ServingKeyFile}",
        $"--token-auth-file={TokenFile}",
        "--authorization-mode=RBAC",
        $"--service-account-issuer={Url.ToString().TrimEnd('/')}",
        $"--service-account-key-file={_certificates.ServiceAccountPublicKeyFile}",
        $"--service-account-signing-key-file={_certificates.ServiceAccountKeyFile}",
        "--service-cluster-ip-range=10.0.0.0/24",
        "--allow-privileged=true",
        "--disable-admission-plugins=ServiceAccount,TaintNodesByCondition",
        "--endpoint-reconciler-type=none",
        "--profiling=false",
    ];

    private HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.Trusts(certificate);
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetStringAsync(new Uri(Url, "/readyz"), cancellationToken).ConfigureAwait(false) == "ok";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> IsOkAsync(HttpClient http, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await http.GetAsync(address, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="reached"/> every 100 ms until it holds; fails with the log's tail when the process exits or 60 s pass.</summary>
    private static async Task WaitAsync(LoggedProcess process, Func<Task<bool>> reached, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await reached().ConfigureAwait(false))
        {
            if (!process.IsRunning)
            {
                throw new InvalidOperationException($"{process.Name} {process.Outcome} while starting; the end of its log:\n{process.Tail()}");
            }

            if (elapsed.Elapsed > ReadyTimeout)
            {
                throw new InvalidOperationException($"{process.Name} was not ready within {ReadyTimeout.TotalSeconds} s; the end of its log:\n{process.Tail()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Free loopback ports, all held open together while they are picked so that none is picked twice.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>A test host that ends without disposing (a crash, a cancelled run) still stops the processes it started.</summary>
    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
