using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;

namespace Aios.Testing.Kubernetes;

/// <summary>
/// Small helpers that make the objects a scheduler test needs on a real API server with no kubelet: GPU Nodes that report
/// capacity and readiness through the status subresource, as a kubelet would; pods for the <c>aios</c> scheduler; their
/// phase; bindings; and a clean slate between tests.
/// </summary>
public static class KubeTestObjects
{
    /// <summary>The resource name of whole NVIDIA GPUs (the device plugin's).</summary>
    public const string NvidiaGpu = "nvidia.com/gpu";

    /// <summary>
    /// Creates a Node, then sets its status as a kubelet would: capacity and allocatable (CPU, memory, 110 pods and the
    /// given GPUs) and a Ready condition.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The Node's name.</param>
    /// <param name="gpus">GPUs per resource name, e.g. <c>{ ["nvidia.com/gpu"] = 8 }</c>; null for none.</param>
    /// <param name="cpu">Allocatable CPU (a Kubernetes quantity).</param>
    /// <param name="memory">Allocatable memory (a Kubernetes quantity).</param>
    /// <param name="labels">The Node's labels, e.g. <c>nvidia.com/gpu.product</c>; null for none.</param>
    /// <param name="ready">Whether the Ready condition is True (else False, reason <c>KubeletNotReady</c>).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The Node as the API server stored it.</returns>
    public static async Task<V1Node> CreateGpuNodeAsync(
        this IKubernetes client,
        string name,
        IReadOnlyDictionary<string, int>? gpus = null,
        string cpu = "64",
        string memory = "256Gi",
        IReadOnlyDictionary<string, string>? labels = null,
        bool ready = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        V1Node node = await client.CoreV1.CreateNodeAsync(
            new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = labels is null ? null : new Dictionary<string, string>(labels) } },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new("110") };
        foreach ((string resource, int count) in gpus ?? new Dictionary<string, int>())
        {
            resources[resource] = new ResourceQuantity(count.ToString(CultureInfo.InvariantCulture));
        }

        node.Status = new V1NodeStatus
        {
            Capacity = resources,
            Allocatable = new Dictionary<string, ResourceQuantity>(resources),
            Conditions = [ReadyCondition(ready)],
        };
        return await client.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a Node's Ready condition (through the status subresource), keeping its other conditions.</summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The Node's name.</param>
    /// <param name="ready">True for Ready, false for NotReady (reason <c>KubeletNotReady</c>).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The Node as the API server stored it.</returns>
    public static async Task<V1Node> SetNodeReadyAsync(this IKubernetes client, string name, bool ready, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        V1Node node = await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        node.Status ??= new V1NodeStatus();
        node.Status.Conditions = [.. (node.Status.Conditions ?? []).Where(c => c.Type != "Ready"), ReadyCondition(ready)];
        return await client.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a pod of one container (<c>main</c>, image <c>registry.k8s.io/pause:3.2</c>) for a scheduler, by default
    /// <c>aios</c>: GPUs requested and limited alike, CPU and memory requested when given.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The pod's name.</param>
    /// <param name="gpus">GPUs per resource name, e.g. <c>{ ["nvidia.com/gpu"] = 2 }</c>; null for none.</param>
    /// <param name="cpu">The CPU request (a Kubernetes quantity), or null for none.</param>
    /// <param name="memory">The memory request (a Kubernetes quantity), or null for none.</param>
    /// <param name="labels">The pod's labels (queue, pod group); null for none.</param>
    /// <param name="annotations">The pod's annotations (duration); null for none.</param>
    /// <param name="namespace">The namespace (it must exist).</param>
    /// <param name="schedulerName">The scheduler that must place it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The pod as the API server stored it.</returns>
    public static Task<V1Pod> CreatePodAsync(
        this IKubernetes client,
        string name,
        IReadOnlyDictionary<string, int>? gpus = null,
        string? cpu = null,
        string? memory = null,
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        string @namespace = "default",
        string schedulerName = "aios",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var requests = new Dictionary<string, ResourceQuantity>();
        var limits = new Dictionary<string, ResourceQuantity>();
        foreach ((string resource, int count) in gpus ?? new Dictionary<string, int>())
        {
            requests[resource] = new ResourceQuantity(count.ToString(CultureInfo.InvariantCulture));
            limits[resource] = new ResourceQuantity(count.ToString(CultureInfo.InvariantCulture));
        }

        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels is null ? null : new Dictionary<string, string>(labels),
                Annotations = annotations is null ? null : new Dictionary<string, string>(annotations),
            },
            Spec = new V1PodSpec
            {
                SchedulerName = schedulerName,
                RestartPolicy = "Never",
                Containers =
                [
                    new V1Container
                    {
                        Name = "main",
                        Image = "registry.k8s.io/pause:3.2",
                        Resources = new V1ResourceRequirements { Requests = requests, Limits = limits.Count > 0 ? limits : null },
                    },
                ],
            },
        };
        return client.CoreV1.CreateNamespacedPodAsync(pod, @namespace, cancellationToken: cancellationToken);
    }

    /// <summary>Binds a pod to a node as a scheduler does (POST <c>pods/NAME/binding</c>).</summary>
    /// <param name="client">The client.</param>
    /// <param name="pod">The pod's name.</param>
    /// <param name="node">The node's name (the API server does not check that it exists).</param>
    /// <param name="namespace">The pod's namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The HTTP status: 201 Created.</returns>
    /// <exception cref="k8s.Autorest.HttpOperationException">The API server refused, e.g. 409 Conflict for a pod already bound.</exception>
    public static async Task<HttpStatusCode> BindPodAsync(this IKubernetes client, string pod, string node, string @namespace = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = @namespace },
            Target = new V1ObjectReference { Kind = "Node", ApiVersion = "v1", Name = node },
        };
        using var response = await client.CoreV1.CreateNamespacedBindingWithHttpMessagesAsync(binding, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Response.StatusCode;
    }

    /// <summary>Sets a pod's phase (<c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c>) through the status subresource, as a kubelet would.</summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The pod's name.</param>
    /// <param name="phase">The phase.</param>
    /// <param name="namespace">The pod's namespace.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The pod as the API server stored it.</returns>
    public static async Task<V1Pod> SetPodPhaseAsync(this IKubernetes client, string name, string phase, string @namespace = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        V1Pod pod = await client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase = phase;
        return await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every pod (grace period 0: bound pods have no kubelet to confirm) in every namespace, and every Node.</summary>
    /// <param name="client">The client.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>A task that completes when the API server has removed them.</returns>
    public static async Task DeleteAllAsync(this IKubernetes client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        V1NamespaceList namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (V1Namespace space in namespaces.Items)
        {
            await client.CoreV1.DeleteCollectionNamespacedPodAsync(space.Metadata.Name, gracePeriodSeconds: 0, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await client.CoreV1.DeleteCollectionNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static V1NodeCondition ReadyCondition(bool ready) => new()
    {
        Type = "Ready",
        Status = ready ? "True" : "False",
        Reason = ready ? "KubeletReady" : "KubeletNotReady",
        Message = ready ? "test node (no kubelet)" : "test node set NotReady",
        LastHeartbeatTime = DateTime.UtcNow,
        LastTransitionTime = DateTime.UtcNow,
    };
}
