using System.Globalization;
using Aios.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.KubeBench;

/// <summary>
/// A fresh control plane for one scenario (kube-apiserver v1.20.2 and etcd, <see cref="KubeApiServer"/>), its GPU Nodes,
/// a pod tracker watching it, and the checks made from the API server's objects after the run.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    public const string ProductLabel = "nvidia.com/gpu.product";

    private readonly CancellationTokenSource _stop = new();
    private Task? _tracking;

    private BenchCluster(KubeApiServer server, IKubernetes client, Dictionary<string, long> allocatable)
    {
        Server = server;
        Client = client;
        Allocatable = allocatable;
        Tracker = new PodTracker(allocatable);
    }

    public KubeApiServer Server { get; }

    /// <summary>The harness's own client (tracker, checks); schedulers and pod creators get their own.</summary>
    public IKubernetes Client { get; }

    public IReadOnlyDictionary<string, long> Allocatable { get; }

    public PodTracker Tracker { get; }

    /// <summary>Starts a control plane and creates <paramref name="nodes"/> Ready nodes of <paramref name="gpusPerNode"/> GPUs each (32 requests in flight).</summary>
    public static async Task<BenchCluster> StartAsync(int nodes, int gpusPerNode, string product, CancellationToken cancellationToken)
    {
        double started = BenchClock.Now;
        KubeApiServer server = await KubeApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
        IKubernetes client = server.CreateClient();
        var names = new string[nodes];
        var allocatable = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < nodes; i++)
        {
            names[i] = $"gpu-node-{i.ToString("D4", CultureInfo.InvariantCulture)}";
            allocatable[names[i]] = gpusPerNode;
        }

        var gpus = new Dictionary<string, int> { [PodTracker.GpuResource] = gpusPerNode };
        var labels = new Dictionary<string, string> { [ProductLabel] = product };
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (name, ct) =>
            await client.CreateGpuNodeAsync(name, gpus, cpu: "128", memory: "1Ti", labels: labels, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        var cluster = new BenchCluster(server, client, allocatable);
        cluster._tracking = cluster.Tracker.RunAsync(client, cluster._stop.Token);
        await cluster.Tracker.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"control plane {server.Url} up with {nodes} nodes × {gpusPerNode} GPUs in {BenchClock.Now - started:F1} s");
        return cluster;
    }

    /// <summary>Creates <paramref name="count"/> clients, each with its own connections.</summary>
    public IKubernetes[] CreateClients(int count)
    {
        var clients = new IKubernetes[count];
        for (int i = 0; i < count; i++)
        {
            clients[i] = Server.CreateClient();
        }

        return clients;
    }

    /// <summary>Reads every Node and Pod from the API server and checks each node's live bound pods against its allocatable GPUs.</summary>
    public async Task<ApiServerCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var allocatable = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (V1Node node in (await Client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            allocatable[node.Metadata.Name] = node.Status?.Allocatable?.TryGetValue(PodTracker.GpuResource, out ResourceQuantity? q) == true
                ? long.Parse(q.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
        }

        var pods = new List<V1Pod>();
        string? next = null;
        do
        {
            V1PodList list = await Client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            pods.AddRange(list.Items);
            next = list.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var groups = new Dictionary<string, (int Pods, int Bound)>(StringComparer.Ordinal);
        int bound = 0;
        foreach (V1Pod pod in pods)
        {
            string? node = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName;
            bool live = pod.Status?.Phase is not ("Succeeded" or "Failed");
            if (node is not null)
            {
                bound++;
                if (live)
                {
                    used[node] = used.GetValueOrDefault(node) + PodTracker.GpusOf(pod);
                }
            }

            if (pod.Metadata.Labels?.TryGetValue(PodTracker.GroupLabel, out string? group) == true)
            {
                (int p, int b) = groups.GetValueOrDefault(group);
                groups[group] = (p + 1, b + (node is null ? 0 : 1));
            }
        }

        var problems = new List<string>();
        long maxUsed = 0;
        foreach ((string node, long gpus) in used)
        {
            maxUsed = Math.Max(maxUsed, gpus);
            if (!allocatable.TryGetValue(node, out long limit))
            {
                problems.Add($"pods bound to node {node}, which does not exist");
            }
            else if (gpus > limit)
            {
                problems.Add($"node {node} holds {gpus} GPUs in live pods, over its {limit} allocatable");
            }
        }

        int complete = 0, partial = 0, none = 0;
        foreach ((int podsInGroup, int boundInGroup) in groups.Values)
        {
            if (boundInGroup == 0)
            {
                none++;
            }
            else if (boundInGroup == podsInGroup)
            {
                complete++;
            }
            else
            {
                partial++;
            }
        }

        int events = 0;
        next = null;
        do
        {
            Corev1EventList list = await Client.CoreV1.ListEventForAllNamespacesAsync(continueParameter: next, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            events += list.Items.Count;
            next = list.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return new ApiServerCheck(allocatable.Count, pods.Count, bound, maxUsed, problems, complete, partial, none, events);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_tracking is not null)
        {
            try
            {
                await _tracking.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException)
            {
                // stopping
            }
        }

        Client.Dispose();
        Server.Dispose();
        _stop.Dispose();
    }
}

/// <summary>What the API server's objects say after a run.</summary>
internal sealed record ApiServerCheck(int Nodes, int Pods, int Bound, long MaxNodeGpus, IReadOnlyList<string> Problems, int CompleteGangs, int PartialGangs, int UnboundGangs, int Events)
{
    public bool OverCommitted => Problems.Count > 0;
}
