using System.Net;
using Aios.Scheduling.Model;
using Aios.Testing.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

/// <summary>The real API server fixture, and the adapter reading what it serves.</summary>
public sealed class KubeApiServerTests : IClassFixture<KubeApiServerFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, int> EightGpus = new() { [KubeTestObjects.NvidiaGpu] = 8 };
    private static readonly Dictionary<string, int> TwoGpus = new() { [KubeTestObjects.NvidiaGpu] = 2 };
    private static readonly Dictionary<string, string> A100 = new() { ["nvidia.com/gpu.product"] = "A100" };
    private readonly KubeApiServer _server;
    private readonly IKubernetes _client;

    public KubeApiServerTests(KubeApiServerFixture fixture)
    {
        _server = fixture.Server;
        _client = _server.CreateClient();
    }

    public async ValueTask InitializeAsync() => await _client.DeleteAllAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CreateGpuNodeAsync_ReadNode_SeesItsGpusUsableAndUntainted()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, cpu: "63", memory: "500Gi", labels: A100, cancellationToken: cancellationToken);

        InventoryNode node = new KubernetesInventory().ReadNode(await _client.CoreV1.ReadNodeAsync("gpu-1", cancellationToken: cancellationToken));

        Assert.True(node.Usable, node.ExcludedReason);
        Assert.Equal(8, node.Spec.Devices["A100"]);
        Assert.Equal("A100", node.DeviceResources[KubeTestObjects.NvidiaGpu]);
        Assert.Equal(63, node.Spec.CpuCores);
        Assert.Equal(500L << 30, node.Spec.MemoryBytes);
        Assert.Empty(node.Taints);
    }

    [Fact]
    public async Task SetNodeReadyAsync_NotReadyThenReady_ReadNodeExcludesThenAdmits()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, cancellationToken: cancellationToken);
        var inventory = new KubernetesInventory();

        InventoryNode notReady = inventory.ReadNode(await _client.SetNodeReadyAsync("gpu-1", ready: false, cancellationToken));
        InventoryNode ready = inventory.ReadNode(await _client.SetNodeReadyAsync("gpu-1", ready: true, cancellationToken));

        Assert.StartsWith("not Ready (KubeletNotReady", notReady.ExcludedReason, StringComparison.Ordinal);
        Assert.True(ready.Usable, ready.ExcludedReason);
    }

    [Fact]
    public async Task BindPodAsync_AiosPod_PendingUntilBoundOnceThenConflict()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, cancellationToken: cancellationToken);
        V1Pod created = await _client.CreatePodAsync("train-0", TwoGpus, cancellationToken: cancellationToken);

        V1Pod pending = await _client.CoreV1.ReadNamespacedPodAsync("train-0", "default", cancellationToken: cancellationToken);
        HttpStatusCode first = await _client.BindPodAsync("train-0", "gpu-1", cancellationToken: cancellationToken);
        V1Pod bound = await _client.CoreV1.ReadNamespacedPodAsync("train-0", "default", cancellationToken: cancellationToken);
        HttpOperationException second = await Assert.ThrowsAsync<HttpOperationException>(() => _client.BindPodAsync("train-0", "gpu-2", cancellationToken: cancellationToken));

        Assert.Equal("aios", created.Spec.SchedulerName);
        Assert.Equal("Pending", pending.Status.Phase);
        Assert.Null(pending.Spec.NodeName);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal("gpu-1", bound.Spec.NodeName);
        Assert.Equal("Pending", bound.Status.Phase);
        Assert.Equal(HttpStatusCode.Conflict, second.Response.StatusCode);
    }

    [Fact]
    public async Task SetPodPhaseAsync_BoundPodSucceeds_ToClusterGivesItsGpusBack()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, labels: A100, cancellationToken: cancellationToken);
        await _client.CreatePodAsync("train-0", TwoGpus, cpu: "4", memory: "16Gi", cancellationToken: cancellationToken);
        await _client.BindPodAsync("train-0", "gpu-1", cancellationToken: cancellationToken);

        ClusterSpec running = await ReadClusterAsync(cancellationToken);
        await _client.SetPodPhaseAsync("train-0", "Succeeded", cancellationToken: cancellationToken);
        ClusterSpec ended = await ReadClusterAsync(cancellationToken);

        Assert.Equal(6, running.Nodes[0].Devices["A100"]);
        Assert.Equal(60, running.Nodes[0].CpuCores);
        Assert.Equal(240L << 30, running.Nodes[0].MemoryBytes);
        Assert.Equal(8, ended.Nodes[0].Devices["A100"]);
    }

    [Fact]
    public async Task StopApiServer_ThenStartApiServerAsync_SamePortAndEtcdKeptTheNode()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, cancellationToken: cancellationToken);
        int port = _server.Port;

        _server.StopApiServer();
        bool runningWhileStopped = _server.IsApiServerRunning;
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken));
        await _server.StartApiServerAsync(cancellationToken);
        V1Node node = await _client.CoreV1.ReadNodeAsync("gpu-1", cancellationToken: cancellationToken);

        Assert.False(runningWhileStopped);
        Assert.True(_server.IsApiServerRunning);
        Assert.Equal(port, _server.Port);
        Assert.Equal("8", node.Status.Allocatable[KubeTestObjects.NvidiaGpu].ToString());
    }

    [Fact]
    public async Task WriteKubeconfig_ClientLoadsIt_ReachesTheServerWithTokenAndCa()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-1", EightGpus, cancellationToken: cancellationToken);
        string folder = Directory.CreateTempSubdirectory("aios-kubeconfig-").FullName;
        try
        {
            string path = _server.WriteKubeconfig(Path.Combine(folder, "config"));

            KubernetesClientConfiguration configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            using var client = new k8s.Kubernetes(configuration);
            V1NodeList nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);

            Assert.Equal(_server.Url.ToString().TrimEnd('/'), configuration.Host.TrimEnd('/'));
            Assert.Equal("default", configuration.Namespace);
            Assert.Equal(["gpu-1"], nodes.Items.Select(n => n.Metadata.Name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<ClusterSpec> ReadClusterAsync(CancellationToken cancellationToken)
    {
        var inventory = new KubernetesInventory();
        V1NodeList nodes = await _client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
        V1PodList pods = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken);
        return KubernetesInventory.ToCluster(nodes.Items.Select(inventory.ReadNode), pods.Items);
    }
}
