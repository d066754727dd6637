using System.Net;
using System.Net.Sockets;
using Aios.Cli.Kubernetes;
using k8s;

namespace Aios.Cli.Tests;

public sealed class KubeConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TryConfigure_Option_WinsOverTheVariableAndHome()
    {
        string option = WriteKubeconfig("option", "https://10.0.0.1:6443", "ml");
        string variable = WriteKubeconfig("variable", "https://10.0.0.2:6443");

        bool found = KubeConnection.TryConfigure(option, variable, _folder, () => true, out KubernetesClientConfiguration? configuration, out string? error);

        Assert.True(found, error);
        Assert.Equal("https://10.0.0.1:6443", configuration!.Host);
        Assert.Equal("ml", configuration.Namespace);
    }

    [Fact]
    public void TryConfigure_VariableListsFiles_MergedFirstWins()
    {
        string first = WriteKubeconfig("first", "https://10.0.0.1:6443", context: "one", currentContext: null);
        string second = WriteKubeconfig("second", "https://10.0.0.2:6443", context: "one", currentContext: "one");

        bool found = KubeConnection.TryConfigure(null, $"{Path.Combine(_folder, "absent")}:{first}:{second}", null, () => false, out KubernetesClientConfiguration? configuration, out string? error);

        Assert.True(found, error);
        Assert.Equal("https://10.0.0.1:6443", configuration!.Host);
    }

    [Fact]
    public void TryConfigure_NoOptionNoVariable_ReadsHomeKubeConfig()
    {
        Directory.CreateDirectory(Path.Combine(_folder, ".kube"));
        File.Move(WriteKubeconfig("home", "https://10.0.0.3:6443"), Path.Combine(_folder, ".kube", "config"));

        bool found = KubeConnection.TryConfigure(null, "", _folder, () => false, out KubernetesClientConfiguration? configuration, out string? error);

        Assert.True(found, error);
        Assert.Equal("https://10.0.0.3:6443", configuration!.Host);
    }

    [Theory]
    [InlineData("option-missing", "--kubeconfig: '")]
    [InlineData("variable-missing", "KUBECONFIG names no file that exists")]
    [InlineData("nothing", "no Kubernetes configuration: pass --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a cluster")]
    [InlineData("not-yaml", "--kubeconfig: cannot read the kubeconfig")]
    public void TryConfigure_NothingUsable_SaysWhereItLooked(string problem, string expected)
    {
        string broken = Path.Combine(_folder, "broken");
        File.WriteAllText(broken, "clusters: [\n");
        (string? option, string? variable) = problem switch
        {
            "option-missing" => (Path.Combine(_folder, "absent"), null),
            "variable-missing" => (null, Path.Combine(_folder, "absent")),
            "not-yaml" => (broken, null),
            _ => ((string?)null, (string?)null),
        };

        bool found = KubeConnection.TryConfigure(option, variable, _folder, () => false, out _, out string? error);

        Assert.False(found);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nodes")]
    [InlineData("run")]
    public void Command_ServerUnreachable_OneClearLineAndExit1(string command)
    {
        int port = ClosedPort();
        string kubeconfig = WriteKubeconfig("unreachable", $"https://127.0.0.1:{port}");
        string[] args = command == "nodes" ? ["k8s", "nodes", "--kubeconfig", kubeconfig] : ["k8s", "run", "job", "--image", "x", "--gpus", "1", "--kubeconfig", kubeconfig];

        CliRun run = CliRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        string expected = $"cannot reach the Kubernetes API server at https://127.0.0.1:{port}: Connection refused";
        Assert.Equal(command == "nodes" ? $"aios: error: {expected} (127.0.0.1:{port})" : $"aios: error: creating pod default/job failed: {expected} (127.0.0.1:{port}); no pod was created", run.Error.TrimEnd());
    }

    private string WriteKubeconfig(string name, string server, string space = "default", string context = "test", string? currentContext = "test")
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {context}
              cluster:
                server: {server}
                insecure-skip-tls-verify: true
            users:
            - name: {context}
              user:
                token: abc
            contexts:
            - name: {context}
              context:
                cluster: {context}
                user: {context}
                namespace: {space}
            {(currentContext is null ? "" : "current-context: " + currentContext)}

            """);
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
