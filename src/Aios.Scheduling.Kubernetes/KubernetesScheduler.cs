using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// Runs the Aios engine as a Kubernetes scheduler: it watches Nodes and Pods, schedules the pods whose
/// <c>spec.schedulerName</c> names it (single pods and gangs), binds them, preempts for them and explains on the pods
/// why they wait.
/// </summary>
/// <remarks>
/// <para>Each pass rebuilds the engine from what the API server shows (see the package readme, "How a pass works"):
/// usable nodes less other schedulers' pods, this scheduler's running jobs adopted where their pods are bound, pending
/// jobs submitted in creation order. Its state after a restart, a failover or a relist is therefore exactly the
/// cluster's.</para>
/// <para>Bindings: a gang's pods are bound together after the engine placed the whole gang; a pod whose binding fails
/// stays pending and the rest of its gang is placed as a gang of its own in the next passes (the gang runs part-way only
/// until then; a 409 means another binding exists and is never repeated). Preemption: the victims' pods are deleted (or
/// evicted) and the preemptor is bound once they are gone, never onto capacity they still hold.</para>
/// <para>With <see cref="KubernetesSchedulerOptions.LeaderElection"/>, only the instance holding the Lease acts; the
/// others keep their caches warm and take over within the lease duration.</para>
/// </remarks>
public sealed class KubernetesScheduler : IDisposable
{
    /// <summary>The name of the scheduler's meter: bindings, preemptions, explanations, relists, pass time, pending pods, leadership.</summary>
    public const string MeterName = KubernetesSchedulerMetrics.MeterName;

    /// <summary>The name of the meter of the engine rebuilt in each pass (the <c>aios.scheduling.*</c> instruments; a pass's decisions, not cluster totals).</summary>
    public const string PassMeterName = KubernetesSchedulerMetrics.PassMeterName;

    private readonly IKubernetes _client;
    private readonly KubernetesSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KubernetesSchedulerMetrics _metrics;
    private readonly PassMeterFactory _passMeters = new();
    private readonly SchedulingPass _pass;
    private readonly ResourceCache<V1Node> _nodes;
    private readonly ResourceCache<V1Pod> _pods;
    private readonly ResourceCache<PodGroup> _podGroups;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly Dictionary<string, AssumedBinding> _assumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Nomination> _nominations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _explained = new(StringComparer.Ordinal);
    private volatile bool _isLeader;
    private volatile string? _leader;
    private volatile PassPlan? _lastPlan;
    private long _passes;
    private long _bound;
    private long _conflicts;
    private long _failures;
    private long _preempted;
    private int _relists;
    private double _lastPassSeconds;
    private int _running;
    private volatile string? _evictionVersion;

    /// <summary>Creates the scheduler; nothing is read or written before <see cref="RunAsync"/>.</summary>
    /// <param name="client">The Kubernetes client (in-cluster or from a kubeconfig).</param>
    /// <param name="options">The options; null for the defaults. Checked and copied.</param>
    /// <param name="loggerFactory">Where logs go; null for none.</param>
    /// <param name="meterFactory">Where the <c>Aios.Scheduling.Kubernetes</c> meter comes from; null for a shared meter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its valid range.</exception>
    public KubernetesScheduler(IKubernetes client, KubernetesSchedulerOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = (options ?? new KubernetesSchedulerOptions()).Snapshot();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubernetesScheduler>();
        _time = _options.TimeProvider;
        _metrics = new KubernetesSchedulerMetrics(meterFactory, () => _lastPlan?.PendingPods ?? 0, () => _isLeader ? 1 : 0);
        _pass = new SchedulingPass(_options, _passMeters);
        _nodes = new ResourceCache<V1Node>(
            "nodes",
            async (next, ct) => Page(await _client.CoreV1.ListNodeAsync(continueParameter: next, limit: 500, cancellationToken: ct).ConfigureAwait(false)),
            (version, onError, ct) => _client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: 300, onError: onError, cancellationToken: ct),
            Signal,
            Relisted,
            _logger,
            _time);
        _pods = new ResourceCache<V1Pod>(
            "pods",
            async (next, ct) => Page(await _client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: 500, cancellationToken: ct).ConfigureAwait(false)),
            (version, onError, ct) => _client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: 300, onError: onError, cancellationToken: ct),
            Signal,
            Relisted,
            _logger,
            _time);
        _podGroups = new ResourceCache<PodGroup>(
            "podgroups.scheduling.x-k8s.io",
            async (next, ct) => Page(await _client.CustomObjects.ListClusterCustomObjectAsync<PodGroupList>(PodGroup.Group, PodGroup.Version, PodGroup.Plural, continueParameter: next, limit: 500, cancellationToken: ct).ConfigureAwait(false)),
            (version, onError, ct) => WatchPodGroupsAsync(version, onError, ct),
            Signal,
            Relisted,
            _logger,
            _time,
            optional: true);
    }

    /// <summary>Gets this instance's identity in the Lease.</summary>
    public string Identity => _options.Identity!;

    /// <summary>Gets whether this instance leads (always true without leader election, once running).</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Gets whether Nodes, Pods and PodGroups (or that PodGroups are not served) have been listed: the instance is ready.</summary>
    public bool IsSynced => _nodes.Synced && _pods.Synced && _podGroups.Synced;

    /// <summary>Gets what the scheduler knows and has done.</summary>
    /// <returns>A snapshot.</returns>
    public KubernetesSchedulerStatus GetStatus()
    {
        PassPlan? plan = _lastPlan;
        return new KubernetesSchedulerStatus(
            _isLeader,
            _leader,
            IsSynced,
            plan?.Nodes ?? 0,
            plan?.UsableNodes ?? 0,
            plan?.PendingPods ?? 0,
            plan?.RunningJobs ?? 0,
            plan?.WaitingJobs ?? 0,
            Interlocked.Read(ref _passes),
            Interlocked.Read(ref _bound),
            Interlocked.Read(ref _conflicts),
            Interlocked.Read(ref _failures),
            Interlocked.Read(ref _preempted),
            Volatile.Read(ref _relists),
            Volatile.Read(ref _lastPassSeconds));
    }

    /// <summary>Watches and schedules until <paramref name="cancellationToken"/> is cancelled; API failures are retried, never thrown.</summary>
    /// <param name="cancellationToken">Stops the scheduler.</param>
    /// <returns>A task that ends when the scheduler has stopped.</returns>
    /// <exception cref="InvalidOperationException">The scheduler is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The scheduler is already running; create another instance to run another.");
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task nodes = _nodes.RunAsync(stop.Token);
            Task pods = _pods.RunAsync(stop.Token);
            Task podGroups = _podGroups.RunAsync(stop.Token);
            try
            {
                if (_options.LeaderElection)
                {
                    await LeadAsync(stop.Token).ConfigureAwait(false);
                }
                else
                {
                    _isLeader = true;
                    _leader = Identity;
                    await ScheduleAsync(stop.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _isLeader = false;
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(nodes, pods, podGroups).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _passMeters.Dispose();
        _changed.Dispose();
    }

    /// <summary>One page of a list as a cache reads it: the items, the continue token, the resourceVersion.</summary>
    private static (IReadOnlyList<T> Items, string? Continue, string ResourceVersion) Page<T>(IItems<T> list, V1ListMeta? metadata) =>
        ([.. list.Items], metadata?.ContinueProperty, metadata?.ResourceVersion ?? "");

    private static (IReadOnlyList<V1Node> Items, string? Continue, string ResourceVersion) Page(V1NodeList list) => Page(list, list.Metadata);

    private static (IReadOnlyList<V1Pod> Items, string? Continue, string ResourceVersion) Page(V1PodList list) => Page(list, list.Metadata);

    private static (IReadOnlyList<PodGroup> Items, string? Continue, string ResourceVersion) Page(PodGroupList list) => Page(list, list.Metadata);

    private async IAsyncEnumerable<(WatchEventType Type, PodGroup Item)> WatchPodGroupsAsync(string version, Action<Exception> onError, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach ((WatchEventType type, object item) in _client.CustomObjects.WatchListClusterCustomObjectAsync(PodGroup.Group, PodGroup.Version, PodGroup.Plural, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: 300, onError: onError, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            PodGroup? group = item switch
            {
                PodGroup typed => typed,
                System.Text.Json.JsonElement json => KubernetesJson.Deserialize<PodGroup>(json.GetRawText()),
                _ => null,
            };
            if (group is not null)
            {
                yield return (type, group);
            }
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var config = new LeaderElectionConfig(new LeaseLock(_client, _options.LeaseNamespace, _options.LeaseName, Identity))
            {
                LeaseDuration = TimeSpan.FromSeconds(_options.LeaseDurationSeconds),
                RenewDeadline = TimeSpan.FromSeconds(_options.RenewDeadlineSeconds),
                RetryPeriod = TimeSpan.FromSeconds(_options.RetryPeriodSeconds),
            };
            using var elector = new LeaderElector(config);
            CancellationTokenSource? leading = null;
            Task? scheduling = null;
            bool failed = false;
            elector.OnNewLeader += leader => _leader = leader;
            elector.OnError += exception => Log.LeaderElectionError(_logger, exception);
            elector.OnStartedLeading += () =>
            {
                leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _isLeader = true;
                _leader = Identity;
                Log.StartedLeading(_logger, Identity, _options.LeaseNamespace, _options.LeaseName);
                scheduling = ScheduleAsync(leading.Token);
            };
            elector.OnStoppedLeading += () =>
            {
                _isLeader = false;
                leading?.Cancel();
            };
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                // The elector lets failures to reach the API server while acquiring escape; they end this attempt, not the scheduler.
                Log.LeaderElectionError(_logger, exception);
                failed = true;
            }
            finally
            {
                bool led = scheduling is not null;
                _isLeader = false;
                if (leading is not null)
                {
                    await leading.CancelAsync().ConfigureAwait(false);
                }

                if (scheduling is not null)
                {
                    await scheduling.ConfigureAwait(false);
                }

                leading?.Dispose();
                if (led && !cancellationToken.IsCancellationRequested)
                {
                    Log.StoppedLeading(_logger, Identity);
                }
                else if (led)
                {
                    await ReleaseLeaseAsync().ConfigureAwait(false);
                }
            }

            if (failed)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(_options.RetryPeriodSeconds), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// On a graceful stop, hands the Lease back (holder cleared, duration 1 s, as client-go's ReleaseOnCancel does) so a
    /// standby takes over at its next attempt instead of after the lease duration; only if this instance still holds
    /// it, and with the Lease's resourceVersion, so a newer holder is never overwritten.
    /// </summary>
    private async Task ReleaseLeaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RenewDeadlineSeconds), _time);
        try
        {
            V1Lease lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = ""; // empty, not null: the client's elector treats a null holder as "no Lease" and tries to create one
            lease.Spec.LeaseDurationSeconds = 1;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            Log.ReleasedLease(_logger, Identity);
        }
        catch (Exception exception)
        {
            Log.LeaderElectionError(_logger, exception); // best effort: the lease then expires on its own
        }
    }

    private async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        TimeSpan backoff = TimeSpan.FromSeconds(0.2);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                if (!IsSynced)
                {
                    continue;
                }

                await PassAsync(cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(0.2);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.PassFailed(_logger, exception);
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromSeconds(Math.Min(5, backoff.TotalSeconds * 2));
                Signal();
            }
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var resync = new CancellationTokenSource(TimeSpan.FromSeconds(_options.ResyncIntervalSeconds), _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, resync.Token);
        try
        {
            await _changed.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return; // the resync interval passed
        }

        if (_options.BatchDelaySeconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.BatchDelaySeconds), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        ForgetObservedBindings();
        var minimums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (PodGroup group in _podGroups.Snapshot())
        {
            if (group.Spec?.MinMember is int minimum && group.Metadata?.Name is { Length: > 0 } name)
            {
                minimums[$"{group.Metadata.NamespaceProperty ?? "default"}/{name}"] = minimum;
            }
        }

        PassPlan plan = _pass.Run(_nodes.Snapshot(), _pods.Snapshot(), _assumed, _nominations, minimums);
        double seconds = _time.GetElapsedTime(started).TotalSeconds;
        Volatile.Write(ref _lastPassSeconds, seconds);
        _metrics.Pass(seconds);
        Interlocked.Increment(ref _passes);
        _lastPlan = plan;
        foreach (string warning in plan.Warnings)
        {
            Log.PassWarning(_logger, warning);
        }

        Log.PassCompleted(_logger, plan.Bindings.Count, plan.Victims.Count, plan.WaitingJobs, plan.PendingPods, seconds);
        foreach (string ended in plan.EndedNominations)
        {
            _nominations.Remove(ended);
        }

        foreach (Nomination nomination in plan.NewNominations)
        {
            _nominations[nomination.JobId] = nomination;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan.Victims, parallel, RemoveVictimAsync).ConfigureAwait(false);

        DateTimeOffset now = _time.GetUtcNow();
        foreach (PodBinding binding in plan.Bindings)
        {
            _assumed[$"{binding.Namespace}/{binding.Pod}"] = new AssumedBinding(binding.Node, now, binding.ShareType, binding.ShareDevice);
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, AssumedBinding?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(plan.Bindings, parallel, async (binding, ct) => results[$"{binding.Namespace}/{binding.Pod}"] = await BindAsync(binding, ct).ConfigureAwait(false)).ConfigureAwait(false);
        foreach ((string key, AssumedBinding? result) in results)
        {
            if (result is { } kept)
            {
                _assumed[key] = kept;
            }
            else
            {
                _assumed.Remove(key);
            }
        }

        if (_options.ExplainWaitingPods && plan.Explanations.Count > 0)
        {
            var changed = new List<(V1Pod Pod, string Message)>();
            foreach ((string key, string message) in plan.Explanations)
            {
                if (_pods.TryGet(key, out V1Pod? pod) && pod is not null && NeedsExplanation(key, pod, message))
                {
                    changed.Add((pod, message));
                }
            }

            await Parallel.ForEachAsync(changed, parallel, async (item, ct) => await ExplainAsync(item.Pod, item.Message, ct).ConfigureAwait(false)).ConfigureAwait(false);
            foreach ((V1Pod pod, string message) in changed)
            {
                _explained[SchedulingPass.Key(pod)] = message;
            }
        }

        if (_explained.Count > 4 * (plan.Explanations.Count + 1024))
        {
            foreach (string key in _explained.Keys.Where(k => !plan.Explanations.ContainsKey(k)).ToList())
            {
                _explained.Remove(key);
            }
        }
    }

    private void ForgetObservedBindings()
    {
        if (_assumed.Count == 0)
        {
            return;
        }

        var observed = new List<string>();
        foreach ((string key, AssumedBinding _) in _assumed)
        {
            if (!_pods.TryGet(key, out V1Pod? pod) || pod is null || !string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                observed.Add(key);
            }
        }

        foreach (string key in observed)
        {
            _assumed.Remove(key);
        }
    }

    private async ValueTask<AssumedBinding?> BindAsync(PodBinding binding, CancellationToken cancellationToken)
    {
        // A share's GPU rides on the binding: the API server copies a Binding's annotations onto the pod as it binds it,
        // so a bound share always names its GPU (and a restarted scheduler reads it back).
        var body = new V1Binding
        {
            Metadata = new V1ObjectMeta
            {
                Name = binding.Pod,
                NamespaceProperty = binding.Namespace,
                Annotations = binding.ShareDevice is int device
                    ? new Dictionary<string, string>
                    {
                        [KubernetesInventory.GpuShareDeviceAnnotation] = device.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        [KubernetesInventory.GpuShareTypeAnnotation] = binding.ShareType!,
                    }
                    : null,
            },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = binding.Node },
        };
        try
        {
            await _client.CoreV1.CreateNamespacedPodBindingAsync(body, binding.Pod, binding.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _bound);
            _metrics.Binding("bound");
            return new AssumedBinding(binding.Node, _time.GetUtcNow(), binding.ShareType, binding.ShareDevice);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            Interlocked.Increment(ref _conflicts);
            _metrics.Binding("conflict");
            Log.BindConflict(_logger, binding.Namespace, binding.Pod);
            return new AssumedBinding(null, _time.GetUtcNow()); // bound elsewhere: left out until the watch shows where
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // the pod is gone
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            _metrics.Binding("failed");
            Log.BindFailed(_logger, binding.Namespace, binding.Pod, binding.Node, exception);
            return null;
        }
    }

    private async ValueTask RemoveVictimAsync(PodVictim victim, CancellationToken cancellationToken)
    {
        Log.Preempting(_logger, victim.Namespace, victim.Pod, victim.JobId, victim.CauseJobId, _options.Preemption);
        string? uid = _pods.TryGet($"{victim.Namespace}/{victim.Pod}", out V1Pod? pod) ? pod?.Metadata?.Uid : null;
        var delete = new V1DeleteOptions
        {
            GracePeriodSeconds = _options.PreemptionGracePeriodSeconds,
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            if (_options.Preemption == PreemptionMode.Evict)
            {
                await EvictAsync(victim, delete, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _client.CoreV1.DeleteNamespacedPodAsync(victim.Pod, victim.Namespace, delete, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _preempted);
            _metrics.Preemption("removed");
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            _metrics.Preemption("gone"); // already gone, or a new pod of that name (the precondition protects it)
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.Preemption("failed");
            Log.PreemptFailed(_logger, victim.Namespace, victim.Pod, exception);
        }
    }

    /// <summary>
    /// Evicts through the <c>pods/eviction</c> subresource: the <c>policy/v1</c> body first (served from Kubernetes 1.22;
    /// <c>policy/v1beta1</c> was removed in 1.25), the <c>policy/v1beta1</c> body when the server does not know the first
    /// (1.20 and 1.21). The version learned is kept.
    /// </summary>
    private async Task EvictAsync(PodVictim victim, V1DeleteOptions delete, CancellationToken cancellationToken)
    {
        string first = _evictionVersion ?? "policy/v1";
        try
        {
            await PostEvictionAsync(first).ConfigureAwait(false);
            _evictionVersion = first;
        }
        catch (HttpOperationException exception) when (_evictionVersion is null && exception.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnsupportedMediaType && !IsPodNotFound(exception))
        {
            await PostEvictionAsync("policy/v1beta1").ConfigureAwait(false);
            _evictionVersion = "policy/v1beta1";
        }

        Task PostEvictionAsync(string version) => _client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction
            {
                ApiVersion = version,
                Kind = "Eviction",
                Metadata = new V1ObjectMeta { Name = victim.Pod, NamespaceProperty = victim.Namespace },
                DeleteOptions = delete,
            },
            victim.Pod,
            victim.Namespace,
            cancellationToken: cancellationToken);

        static bool IsPodNotFound(HttpOperationException exception) =>
            exception.Response.StatusCode == HttpStatusCode.NotFound && exception.Response.Content?.Contains("\"kind\":\"pods\"", StringComparison.Ordinal) == true;
    }

    private bool NeedsExplanation(string key, V1Pod pod, string message)
    {
        if (_explained.TryGetValue(key, out string? written) && written == message)
        {
            return false;
        }

        V1PodCondition? condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        return !(condition is { Status: "False", Reason: "Unschedulable" } && condition.Message == message);
    }

    private async Task ExplainAsync(V1Pod pod, string message, CancellationToken cancellationToken)
    {
        string space = pod.Metadata.NamespaceProperty ?? "default";
        DateTimeOffset now = _time.GetUtcNow();
        string stamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "False",
                    ["reason"] = "Unschedulable",
                    ["message"] = message,
                    ["lastTransitionTime"] = stamp,
                }),
            },
        };
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, space, cancellationToken: cancellationToken).ConfigureAwait(false);
            _metrics.Explanation();
            var record = new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = $"{pod.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(253, pod.Metadata.Name.Length + 33)], NamespaceProperty = space },
                InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = space, Uid = pod.Metadata.Uid },
                Reason = "FailedScheduling",
                Message = message,
                Type = "Warning",
                Source = new V1EventSource { Component = _options.Inventory.SchedulerName },
                ReportingComponent = _options.Inventory.SchedulerName,
                ReportingInstance = Identity,
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Count = 1,
            };
            await _client.CoreV1.CreateNamespacedEventAsync(record, space, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ExplainFailed(_logger, space, pod.Metadata.Name, exception);
        }
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
            catch (ObjectDisposedException)
            {
                // stopped
            }
        }
    }

    private void Relisted(string resource)
    {
        Interlocked.Increment(ref _relists);
        _metrics.Relist(resource);
    }

    /// <summary>Meters for the engine rebuilt in each pass, kept apart from the engine's own meter name (a pass's counts are not the cluster's).</summary>
    private sealed class PassMeterFactory : IMeterFactory
    {
        private readonly Meter _meter = new(KubernetesSchedulerMetrics.PassMeterName);

        public Meter Create(MeterOptions options) => _meter;

        public void Dispose() => _meter.Dispose();
    }
}
