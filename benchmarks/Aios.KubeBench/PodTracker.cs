using System.Globalization;
using k8s;
using k8s.Models;

namespace Aios.KubeBench;

/// <summary>One pod as the watch last showed it.</summary>
internal sealed class TrackedPod(string key, string? group, long gpus)
{
    public string Key { get; } = key;

    public string? Group { get; } = group;

    public long Gpus { get; } = gpus;

    public string? Node { get; set; }

    public bool Ended { get; set; }

    /// <summary>When the watch first showed it bound (<see cref="BenchClock"/> seconds), NaN before.</summary>
    public double BoundAt { get; set; } = double.NaN;

    /// <summary>Whether its GPUs are counted on <see cref="Node"/> now (bound, not ended, not deleted).</summary>
    public bool Counted { get; set; }
}

/// <summary>
/// Follows every pod through one list-then-watch of the API server and checks, at every event (every state the API server
/// went through, in resourceVersion order), that no node holds more GPUs in live bound pods than it has allocatable.
/// </summary>
internal sealed class PodTracker
{
    public const string GpuResource = "nvidia.com/gpu";
    public const string GroupLabel = "scheduling.x-k8s.io/pod-group";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TrackedPod> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _allocatable;
    private readonly Dictionary<string, long> _used = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _target = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _targetBound = int.MaxValue;
    private int _targetSeen = int.MaxValue;
    private double _lastEventAt;

    /// <param name="allocatable">GPUs allocatable per node, as the nodes were created.</param>
    public PodTracker(IReadOnlyDictionary<string, long> allocatable)
    {
        _allocatable = new Dictionary<string, long>(allocatable, StringComparer.Ordinal);
    }

    /// <summary>Called from the watch loop when a pod is first seen bound: the pod and the time.</summary>
    public Action<TrackedPod>? Bound { get; set; }

    /// <summary>Called from the watch loop when a bound pod ends or is deleted.</summary>
    public Action<TrackedPod>? Ended { get; set; }

    public int BoundCount { get; private set; }

    public int Seen { get; private set; }

    public long Events { get; private set; }

    /// <summary>When the last watch event arrived (<see cref="BenchClock"/> seconds).</summary>
    public double LastEventAt => Volatile.Read(ref _lastEventAt);

    public long Checks { get; private set; }

    public int MaxNodeGpusUsed { get; private set; }

    public double FirstBoundAt { get; private set; } = double.NaN;

    public double LastBoundAt { get; private set; } = double.NaN;

    public Task Synced => _synced.Task;

    /// <summary>Gets what went wrong: a node over its allocatable GPUs, a pod bound to a node that does not exist.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Completes when at least <paramref name="bound"/> pods have been seen bound and <paramref name="seen"/> exist.</summary>
    public Task WhenAsync(int bound, int seen = 0)
    {
        lock (_lock)
        {
            _target = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _targetBound = bound;
            _targetSeen = seen;
            CheckTarget();
            return _target.Task;
        }
    }

    public List<TrackedPod> SnapshotPods()
    {
        lock (_lock)
        {
            return [.. _pods.Values];
        }
    }

    public async Task RunAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        string version = "";
        string? next = null;
        do
        {
            V1PodList list = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (V1Pod pod in list.Items)
            {
                Apply(WatchEventType.Added, pod);
            }

            next = list.Metadata?.ContinueProperty;
            version = list.Metadata?.ResourceVersion ?? version;
        }
        while (!string.IsNullOrEmpty(next));

        _synced.TrySetResult();
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            try
            {
                await foreach ((WatchEventType type, V1Pod pod) in client.CoreV1.WatchListPodForAllNamespacesAsync(
                    allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: 3600, onError: e => failure = e, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    version = pod.Metadata?.ResourceVersion ?? version;
                    if (type is WatchEventType.Bookmark or WatchEventType.Error)
                    {
                        continue;
                    }

                    Apply(type, pod);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the pod watch failed at resourceVersion {version}: {failure.Message}", failure);
            }
        }
    }

    private void Apply(WatchEventType type, V1Pod pod)
    {
        string key = $"{pod.Metadata.NamespaceProperty ?? "default"}/{pod.Metadata.Name}";
        TrackedPod? bound = null;
        TrackedPod? ended = null;
        lock (_lock)
        {
            Events++;
            Volatile.Write(ref _lastEventAt, BenchClock.Now);
            if (!_pods.TryGetValue(key, out TrackedPod? tracked))
            {
                if (type == WatchEventType.Deleted)
                {
                    return;
                }

                string? group = pod.Metadata.Labels?.TryGetValue(GroupLabel, out string? g) == true ? g : null;
                tracked = new TrackedPod(key, group, GpusOf(pod));
                _pods[key] = tracked;
                Seen++;
            }

            string? node = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName;
            bool live = type != WatchEventType.Deleted && pod.Status?.Phase is not ("Succeeded" or "Failed");
            if (tracked.Counted)
            {
                _used[tracked.Node!] -= tracked.Gpus;
                tracked.Counted = false;
            }

            if (node is not null && tracked.Node is null)
            {
                tracked.BoundAt = BenchClock.Now;
                BoundCount++;
                FirstBoundAt = double.IsNaN(FirstBoundAt) ? tracked.BoundAt : FirstBoundAt;
                LastBoundAt = tracked.BoundAt;
                bound = tracked;
            }

            if (tracked.Node is not null && node is not null && tracked.Node != node)
            {
                _violations.Add($"pod {key} moved from node {tracked.Node} to {node}");
            }

            tracked.Node = node ?? tracked.Node;
            if (!live && !tracked.Ended)
            {
                tracked.Ended = true;
                ended = tracked.Node is null ? null : tracked;
            }

            if (node is not null && live)
            {
                long used = _used.GetValueOrDefault(node) + tracked.Gpus;
                _used[node] = used;
                tracked.Counted = true;
                Checks++;
                if (!_allocatable.TryGetValue(node, out long allocatable))
                {
                    _violations.Add($"pod {key} is bound to node {node}, which does not exist");
                }
                else if (used > allocatable)
                {
                    _violations.Add($"node {node} holds {used} GPUs in live pods, over its {allocatable} allocatable (after pod {key})");
                }

                MaxNodeGpusUsed = (int)Math.Max(MaxNodeGpusUsed, used);
            }

            if (type == WatchEventType.Deleted)
            {
                _pods.Remove(key);
                Seen--;
            }

            CheckTarget();
        }

        if (bound is not null)
        {
            Bound?.Invoke(bound);
        }

        if (ended is not null)
        {
            Ended?.Invoke(ended);
        }
    }

    private void CheckTarget()
    {
        if (BoundCount >= _targetBound && Seen >= _targetSeen)
        {
            _target.TrySetResult();
        }
    }

    public static long GpusOf(V1Pod pod)
    {
        long total = 0;
        foreach (V1Container container in pod.Spec?.Containers ?? [])
        {
            IDictionary<string, ResourceQuantity>? requests = container.Resources?.Requests;
            IDictionary<string, ResourceQuantity>? limits = container.Resources?.Limits;
            ResourceQuantity? quantity = requests?.TryGetValue(GpuResource, out ResourceQuantity? r) == true ? r
                : limits?.TryGetValue(GpuResource, out ResourceQuantity? l) == true ? l : null;
            total += quantity is null ? 0 : long.Parse(quantity.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        return total;
    }
}
