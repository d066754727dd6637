using Aios.Scheduling.Kubernetes.DependencyInjection;
using k8s;

namespace Aios.Scheduling.Kubernetes.Extensions.Tests;

public sealed class KubernetesClientFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Configure_InClusterWithoutServiceAccountFiles_ThrowsNamingTheSource()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Configure(() => true, Kubeconfig("a", "https://10.0.0.1:6443"), _folder, out _));

        Assert.StartsWith("AddAiosKubernetesScheduler: cannot read the Kubernetes configuration from the pod's service account (in-cluster): ", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
    }

    [Fact]
    public void Configure_KubeconfigVariableWithTwoFiles_FirstFileWinsAndHomeIsIgnored()
    {
        string first = Kubeconfig("first", "https://10.0.0.1:6443");
        string second = Kubeconfig("second", "https://10.0.0.2:6443", currentContext: "second");
        WriteHomeConfig("https://10.0.0.3:6443");

        KubernetesClientConfiguration configuration = KubernetesClientFactory.Configure(() => false, $"{first}{Path.PathSeparator}{Path.Combine(_folder, "missing")}{Path.PathSeparator}{second}", _folder, out string source);

        Assert.Equal("https://10.0.0.1:6443", configuration.Host.TrimEnd('/'));
        Assert.Equal("first-token", configuration.AccessToken);
        Assert.Equal($"KUBECONFIG ({first}, {second})", source);
    }

    [Fact]
    public void Configure_KubeconfigVariableNamesNoFile_Throws()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Configure(() => false, Path.Combine(_folder, "missing"), _folder, out _));

        Assert.Contains("KUBECONFIG names no file that exists", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_NoVariable_ReadsTheHomeKubeconfig()
    {
        string file = WriteHomeConfig("https://10.0.0.3:6443");

        KubernetesClientConfiguration configuration = KubernetesClientFactory.Configure(() => false, null, _folder, out string source);

        Assert.Equal("https://10.0.0.3:6443", configuration.Host.TrimEnd('/'));
        Assert.Equal(file, source);
    }

    [Fact]
    public void Configure_NothingFound_ThrowsSayingWhatToDo()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Configure(() => false, "", _folder, out _));

        Assert.Contains("no Kubernetes configuration", exception.Message, StringComparison.Ordinal);
        Assert.Contains("register an IKubernetes in the container", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_UnreadableKubeconfig_ThrowsNamingTheFile()
    {
        string file = Path.Combine(_folder, "broken");
        File.WriteAllText(file, "clusters: [ this is not a kubeconfig");

        var exception = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Configure(() => false, file, _folder, out _));

        Assert.StartsWith($"AddAiosKubernetesScheduler: cannot read the Kubernetes configuration from KUBECONFIG ({file}): ", exception.Message, StringComparison.Ordinal);
    }

    private string WriteHomeConfig(string server)
    {
        Directory.CreateDirectory(Path.Combine(_folder, ".kube"));
        string file = Path.Combine(_folder, ".kube", "config");
        File.Move(Kubeconfig("home", server), file);
        return file;
    }

    private string Kubeconfig(string name, string server, string? currentContext = null)
    {
        string file = Path.Combine(_folder, name + ".yaml");
        File.WriteAllText(file, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {name}
              cluster:
                server: {server}
                insecure-skip-tls-verify: true
            users:
            - name: {name}
              user:
                token: {name}-token
            contexts:
            - name: {name}
              context:
                cluster: {name}
                user: {name}
            current-context: {currentContext ?? name}

            """);
        return file;
    }
}
