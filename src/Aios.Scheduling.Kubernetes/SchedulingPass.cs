using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// A pod this scheduler has bound (or is binding) whose binding the cache may not show yet; Node null: someone else bound
/// it (409). For a share of a GPU, the GPU the binding named (the cached pod shows the annotation only once the watch does).
/// </summary>
internal readonly record struct AssumedBinding(string? Node, DateTimeOffset Since, string? ShareType = null, int? ShareDevice = null);

/// <summary>A preemptor waiting for its victims' pods to go before it is bound.</summary>
internal sealed record Nomination(string JobId, IReadOnlySet<string> VictimPods, DateTimeOffset Expires);

/// <summary>One binding to make; for a share of a GPU, the GPU it shares (set on the pod through the binding).</summary>
internal readonly record struct PodBinding(string JobId, string Namespace, string Pod, string Node, string? ShareType = null, int? ShareDevice = null);

/// <summary>A pod to remove because the engine preempted its job.</summary>
internal readonly record struct PodVictim(string JobId, string Namespace, string Pod, string? CauseJobId);

/// <summary>What one pass decided: the bindings (whole gangs), the victims, the explanations of pods left waiting.</summary>
internal sealed class PassPlan
{
    public List<PodBinding> Bindings { get; } = [];

    public List<PodVictim> Victims { get; } = [];

    public Dictionary<string, string> Explanations { get; } = new(StringComparer.Ordinal);

    public List<Nomination> NewNominations { get; } = [];

    public HashSet<string> EndedNominations { get; } = new(StringComparer.Ordinal);

    public int UsableNodes { get; set; }

    public int Nodes { get; set; }

    public int PendingPods { get; set; }

    public int RunningJobs { get; set; }

    public int WaitingJobs { get; set; }

    public List<string> Warnings { get; } = [];
}

/// <summary>
/// One scheduling pass, a pure function of what the API server shows: the engine is rebuilt from the list — the usable
/// nodes less what other schedulers' pods use, this scheduler's running jobs adopted where their pods are bound — and
/// the pending jobs are submitted in creation order, so its state after a restart, a failover or a relist is exactly
/// what the cluster says. Bindings this scheduler made that the cache does not show yet count as made.
/// </summary>
internal sealed class SchedulingPass
{
    /// <summary>The annotation with a gang's minimum size: its pods are not scheduled before that many exist.</summary>
    public const string MinMembersAnnotation = KubernetesInventory.MinMembersAnnotation;

    private readonly KubernetesInventory _inventory;
    private readonly KubernetesSchedulerOptions _options;
    private readonly IMeterFactory? _meterFactory;

    public SchedulingPass(KubernetesSchedulerOptions options, IMeterFactory? passMeters)
    {
        _options = options;
        _inventory = new KubernetesInventory(options.Inventory);
        _meterFactory = passMeters;
    }

    public PassPlan Run(
        IReadOnlyList<V1Node> nodeObjects,
        IReadOnlyList<V1Pod> pods,
        IReadOnlyDictionary<string, AssumedBinding> assumed,
        IReadOnlyDictionary<string, Nomination> nominations,
        IReadOnlyDictionary<string, int>? groupMinimums = null)
    {
        var plan = new PassPlan();
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();

        // Nodes, in name order.
        var nodes = new List<InventoryNode>(nodeObjects.Count);
        foreach (V1Node node in nodeObjects)
        {
            try
            {
                nodes.Add(_inventory.ReadNode(node));
            }
            catch (FormatException exception)
            {
                plan.Warnings.Add($"node {node.Metadata?.Name} is ignored: {exception.Message}");
            }
        }

        var nodesByName = new Dictionary<string, InventoryNode>(StringComparer.Ordinal);
        foreach (InventoryNode node in nodes)
        {
            nodesByName[node.Name] = node; // a cache never holds two objects of one name; a caller's list might
        }

        nodes = [.. nodesByName.Values.OrderBy(n => n.Name, StringComparer.Ordinal)];

        List<InventoryNode> usable = [.. nodes.Where(n => n.Usable)];
        plan.Nodes = nodes.Count;
        plan.UsableNodes = usable.Count;

        // Pods: bound (by the API server, or by a binding of ours it does not show yet), ours pending, live pods by key.
        var live = new HashSet<string>(StringComparer.Ordinal);
        var foreign = new List<(V1Pod Pod, string Node)>();
        var ourBound = new SortedDictionary<string, List<(V1Pod Pod, string Node)>>(StringComparer.Ordinal);
        var pending = new List<V1Pod>();
        foreach (V1Pod pod in pods)
        {
            if (pod.Metadata?.Name is not { Length: > 0 } || pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            string key = Key(pod);
            if (!live.Add(key))
            {
                plan.Warnings.Add($"pod {key} is listed twice; the second is ignored");
                continue;
            }

            string? host = pod.Spec?.NodeName is { Length: > 0 } bound ? bound
                : assumed.TryGetValue(key, out AssumedBinding binding) ? binding.Node ?? "" : null;
            if (host is null)
            {
                if (IsOurs(pod))
                {
                    pending.Add(pod);
                }

                continue;
            }

            if (host.Length == 0)
            {
                continue; // bound by someone else a moment ago: the watch will show where
            }

            if (IsOurs(pod, ignoreBinding: true) && nodesByName.TryGetValue(host, out InventoryNode? node) && node.Usable)
            {
                string job = KubernetesInventory.JobIdOf(pod);
                if (!ourBound.TryGetValue(job, out List<(V1Pod, string)>? members))
                {
                    ourBound[job] = members = [];
                }

                members.Add((pod, host));
            }
            else
            {
                foreign.Add((pod, host));
            }
        }

        plan.PendingPods = pending.Count;
        foreach ((string jobId, Nomination nomination) in nominations)
        {
            if (nomination.Expires <= now || !nomination.VictimPods.Any(live.Contains))
            {
                plan.EndedNominations.Add(jobId);
            }
        }

        if (usable.Count == 0)
        {
            string why = nodes.Count == 0 ? "the cluster has no nodes" : $"none of the {nodes.Count} nodes is usable ({Summarize(nodes.Select(n => n.ExcludedReason!))})";
            foreach (V1Pod pod in pending)
            {
                plan.Explanations[Key(pod)] = $"0/{nodes.Count} nodes are available: {why}.";
            }

            return plan;
        }

        // The engine, rebuilt: running jobs adopted; a job that cannot be adopted as it stands counts as other pods do.
        Scheduler engine = null!;
        var adopted = new Dictionary<string, List<(V1Pod Pod, string Node)>>(StringComparer.Ordinal);
        while (true) // each failure moves one job to the foreign pods, so this ends
        {
            engine = new Scheduler(KubernetesInventory.ToClusterOf(usable, foreign, [.. _options.Inventory.GpuResources]), PassSchedulerOptions());
            adopted.Clear();
            string? failed = null;
            foreach ((string jobId, List<(V1Pod Pod, string Node)> members) in ourBound)
            {
                try
                {
                    Adopt(engine, jobId, members, nodesByName, now, assumed);
                    adopted[jobId] = members;
                }
                catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException)
                {
                    plan.Warnings.Add($"running job {jobId} counts as foreign pods: {exception.Message}");
                    failed = jobId;
                    break;
                }
            }

            if (failed is null)
            {
                break;
            }

            foreign.AddRange(ourBound[failed]);
            ourBound.Remove(failed);
        }

        plan.RunningJobs = adopted.Count;

        // Pending jobs: explained when they cannot be jobs; otherwise submitted in creation order with the nodes that admit them.
        var candidates = new List<(DateTimeOffset Created, PodJob Job, List<V1Pod> Pods)>();
        var podsByKey = pending.ToDictionary(Key, StringComparer.Ordinal);
        foreach (PodJob job in _inventory.GroupPods(pending, nodes))
        {
            List<V1Pod> members = [.. job.PodNames.Select(name => podsByKey[name])];
            if (job.Job is null)
            {
                Explain(plan, members, $"cannot be scheduled as it is: {job.Problem}");
                continue;
            }

            string? minProblem = null;
            int? minimum = groupMinimums is not null && groupMinimums.TryGetValue(job.Id, out int fromObject) ? fromObject : ReadMinMembers(members[0], out minProblem);
            if (minimum is int least && least > members.Count)
            {
                Explain(plan, members, $"gang {job.Id} waits for its pods: at least {least} must exist before any is placed."); // no live count: the message, and so the writes, do not change as pods arrive
                continue;
            }

            if (minProblem is not null)
            {
                Explain(plan, members, $"cannot be scheduled as it is: {minProblem}");
                continue;
            }

            if (_options.Scheduler.Queues.Count > 0 && job.Job.Queue != QueueSpec.DefaultName && !_options.Scheduler.Queues.Any(q => q.Name == job.Job.Queue))
            {
                Explain(plan, members, $"queue {job.Job.Queue} is not configured (queues: {string.Join(", ", _options.Scheduler.Queues.Select(q => q.Name))}).");
                continue;
            }

            if (nominations.TryGetValue(job.Id, out Nomination? nomination) && !plan.EndedNominations.Contains(job.Id))
            {
                int left = nomination.VictimPods.Count(live.Contains);
                Explain(plan, members, $"preempted {nomination.VictimPods.Count} pod(s) for this job; waiting for {left} to terminate.");
                continue;
            }

            candidates.Add((members.Min(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue), job, members));
        }

        candidates.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : string.CompareOrdinal(a.Job.Id, b.Job.Id));
        var admitted = new Dictionary<string, (List<string>? Nodes, string? Why)>(StringComparer.Ordinal);
        var submitted = new Dictionary<string, (PodJob Job, List<V1Pod> Pods)>(StringComparer.Ordinal);
        var specs = new List<JobSpec>(candidates.Count);
        foreach ((_, PodJob job, List<V1Pod> members) in candidates)
        {
            string signature = ConstraintSignature(members[0]);
            if (!admitted.TryGetValue(signature, out (List<string>? Nodes, string? Why) allowed))
            {
                admitted[signature] = allowed = AdmittingNodes(members[0], nodes, usable.Count);
            }

            if (allowed.Why is not null)
            {
                Explain(plan, members, allowed.Why);
                continue;
            }

            string id = adopted.ContainsKey(job.Id) ? job.Id + "#rest" : job.Id; // the rest of a gang bound part-way
            JobSpec spec = job.Job! with { Id = id, Request = job.Job!.Request with { Nodes = allowed.Nodes } };
            specs.Add(spec);
            submitted[id] = (job, members);
        }

        IReadOnlyList<SchedulingDecision> decisions = specs.Count > 0 ? engine.SubmitMany(specs) : [];

        // Decisions: preemptions first (their causes wait for the victims), then starts become bindings.
        var causes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (SchedulingDecision decision in decisions)
        {
            if (decision.Kind != DecisionKind.Preempt || !adopted.TryGetValue(decision.JobId, out List<(V1Pod Pod, string Node)>? victims))
            {
                continue;
            }

            foreach ((V1Pod pod, _) in victims)
            {
                plan.Victims.Add(new PodVictim(decision.JobId, pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name, decision.CauseJobId));
                if (decision.CauseJobId is { } cause)
                {
                    if (!causes.TryGetValue(cause, out HashSet<string>? set))
                    {
                        causes[cause] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(Key(pod));
                }
            }

            adopted.Remove(decision.JobId);
        }

        var started = new HashSet<string>(StringComparer.Ordinal);
        foreach (SchedulingDecision decision in decisions)
        {
            if (decision.Kind != DecisionKind.Start || !submitted.TryGetValue(decision.JobId, out (PodJob Job, List<V1Pod> Pods) job) || !started.Add(decision.JobId))
            {
                continue;
            }

            if (causes.TryGetValue(decision.JobId, out HashSet<string>? victimPods))
            {
                string jobId = job.Job.Id;
                plan.NewNominations.Add(new Nomination(jobId, victimPods, now.AddSeconds(_options.NominationTimeoutSeconds)));
                Explain(plan, job.Pods, $"preempted {victimPods.Count} pod(s) for this job; waiting for them to terminate.");
                continue;
            }

            int next = 0;
            foreach (PlacementSlice slice in decision.Placement)
            {
                for (int r = 0; r < slice.Replicas && next < job.Pods.Count; r++)
                {
                    V1Pod pod = job.Pods[next++];
                    plan.Bindings.Add(new PodBinding(job.Job.Id, pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name, slice.Node, slice.SharedDevice is null ? null : slice.DeviceType, slice.SharedDevice));
                }
            }
        }

        // Everything submitted that did not start waits: the engine's reason, in words.
        foreach ((string id, (PodJob job, List<V1Pod> members)) in submitted)
        {
            if (started.Contains(id))
            {
                continue;
            }

            plan.WaitingJobs++;
            if (plan.Explanations.ContainsKey(Key(members[0])))
            {
                continue;
            }

            engine.TryGetJob(id, out JobStatus? status);
            Explain(plan, members, Describe(status, job.Job!, usable.Count));
        }

        return plan;
    }

    internal static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty ?? "default"}/{pod.Metadata.Name}";

    private SchedulerOptions PassSchedulerOptions()
    {
        SchedulerOptions options = _options.Scheduler.Snapshot();
        options.TimeProvider = _options.TimeProvider;
        options.MeterFactory = _meterFactory;
        options.LoggerFactory = null;
        options.RetainEndedJobs = false;
        return options;
    }

    private bool IsOurs(V1Pod pod, bool ignoreBinding = false) =>
        string.Equals(pod.Spec?.SchedulerName, _options.Inventory.SchedulerName, StringComparison.Ordinal)
        && (ignoreBinding || (string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is null or "Pending"));

    private void Adopt(Scheduler engine, string jobId, List<(V1Pod Pod, string Node)> members, Dictionary<string, InventoryNode> nodes, DateTimeOffset now, IReadOnlyDictionary<string, AssumedBinding> assumed)
    {
        PodRequest request = KubernetesInventory.ReadRequest(members[0].Pod);
        string? resource = null;
        long gpus = 0;
        foreach ((string name, long count) in request.Extended)
        {
            if (count > 0 && _options.Inventory.IsDeviceResource(name))
            {
                resource = name;
                gpus = count;
                break;
            }
        }

        if (resource is null && KubernetesInventory.ReadShare(members[0].Pod) is { } share)
        {
            AdoptShares(engine, jobId, members, nodes, now, request, share, assumed);
            return;
        }

        var slices = new Dictionary<(string Node, string Type), int>();
        DateTimeOffset earliest = now;
        foreach ((V1Pod pod, string host) in members)
        {
            string type = resource is null ? "" : nodes[host].DeviceResources.TryGetValue(resource, out string? t) ? t
                : throw new InvalidOperationException($"node {host} offers no {resource}");
            slices[(host, type)] = slices.GetValueOrDefault((host, type)) + 1;
            DateTimeOffset? scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "True")?.LastTransitionTime
                ?? pod.Metadata.CreationTimestamp;
            if (scheduled is { } s && s < earliest)
            {
                earliest = s;
            }
        }

        // SRTF and backfill rank a running job by the time it has left: its duration estimate less the time since binding.
        double? left = null;
        if (members[0].Pod.Metadata.Annotations?.TryGetValue(KubernetesInventory.DurationAnnotation, out string? text) == true
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double duration) && duration > 0 && double.IsFinite(duration))
        {
            left = Math.Max(1e-3, duration - Math.Max(0, (now - earliest).TotalSeconds));
        }

        var spec = new JobSpec(jobId, members.Count, new ReplicaRequest((int)gpus) { CpuCores = request.CpuCores, MemoryBytes = request.MemoryBytes })
        {
            Priority = members[0].Pod.Spec?.Priority ?? 0,
            Queue = KubernetesInventory.QueueOf(members[0].Pod),
            Gang = true,
            Preemptible = true,
            Duration = left,
        };
        PlacementSlice[] placement = [.. slices.OrderBy(s => s.Key.Node, StringComparer.Ordinal).Select(s => new PlacementSlice(s.Key.Node, s.Key.Type, s.Value * (int)gpus, s.Value))];
        double attained = Math.Max(0, (now - earliest).TotalSeconds) * gpus * members.Count;
        engine.Adopt(spec, placement, attained);
    }

    /// <summary>A running job of GPU shares: each pod's share on the GPU its binding named (the engine checks that nothing is over-committed).</summary>
    private void AdoptShares(Scheduler engine, string jobId, List<(V1Pod Pod, string Node)> members, Dictionary<string, InventoryNode> nodes, DateTimeOffset now, PodRequest request, (int Milli, long MemoryBytes) share, IReadOnlyDictionary<string, AssumedBinding> assumed)
    {
        var slices = new SortedDictionary<(string Node, string Type, int Device), int>();
        DateTimeOffset earliest = now;
        foreach ((V1Pod pod, string host) in members)
        {
            if (KubernetesInventory.ReadShare(pod) != share)
            {
                throw new InvalidOperationException($"the pods of {jobId} ask for different shares of a GPU");
            }

            (string type, int device) = KubernetesInventory.ReadShareDevice(pod, nodes[host], [.. _options.Inventory.GpuResources])
                ?? (assumed.TryGetValue(Key(pod), out AssumedBinding binding) && binding.Node == host && binding.ShareDevice is int named ? (binding.ShareType!, named) : ((string, int)?)null)
                ?? throw new InvalidOperationException($"pod {Key(pod)} holds a share of a GPU on node {host} but names no GPU of it ({KubernetesInventory.GpuShareDeviceAnnotation}); it counts as holding one GPU");
            slices[(host, type, device)] = slices.GetValueOrDefault((host, type, device)) + 1;
            if (pod.Metadata.CreationTimestamp is { } created && created < earliest)
            {
                earliest = created;
            }
        }

        var spec = new JobSpec(jobId, members.Count, new ReplicaRequest(1) { GpuMilli = share.Milli, GpuMemoryBytes = share.MemoryBytes, CpuCores = request.CpuCores, MemoryBytes = request.MemoryBytes })
        {
            Priority = members[0].Pod.Spec?.Priority ?? 0,
            Queue = KubernetesInventory.QueueOf(members[0].Pod),
            Gang = true,
            Preemptible = true,
        };
        PlacementSlice[] placement = [.. slices.Select(s => new PlacementSlice(s.Key.Node, s.Key.Type, 0, s.Value) { SharedDevice = s.Key.Device })];
        engine.Adopt(spec, placement, Math.Max(0, (now - earliest).TotalSeconds) * members.Count);
    }

    private static int? ReadMinMembers(V1Pod pod, out string? problem)
    {
        problem = null;
        string? text = null;
        if (pod.Metadata.Annotations?.TryGetValue(MinMembersAnnotation, out string? a) == true)
        {
            text = a;
        }
        else if (pod.Metadata.Labels?.TryGetValue(KubernetesInventory.LegacyMinAvailableLabel, out string? l) == true)
        {
            text = l;
        }

        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int minimum) || minimum < 1)
        {
            problem = $"the gang's minimum size '{text}' ({MinMembersAnnotation}) must be a whole number ≥ 1.";
            return null;
        }

        return minimum;
    }

    private static string ConstraintSignature(V1Pod pod)
    {
        V1PodSpec? spec = pod.Spec;
        if (spec is null || (spec.NodeSelector is not { Count: > 0 } && spec.Tolerations is not { Count: > 0 } && spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is null))
        {
            return "";
        }

        var text = new StringBuilder();
        foreach ((string key, string value) in (spec.NodeSelector ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("s:").Append(key).Append('=').Append(value).Append(';');
        }

        foreach (V1Toleration t in spec.Tolerations ?? [])
        {
            text.Append("t:").Append(t.Key).Append('|').Append(t.OperatorProperty).Append('|').Append(t.Value).Append('|').Append(t.Effect).Append(';');
        }

        foreach (V1NodeSelectorTerm term in spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
        {
            text.Append("a:");
            foreach (V1NodeSelectorRequirement r in term.MatchExpressions ?? [])
            {
                text.Append(r.Key).Append('|').Append(r.OperatorProperty).Append('|').AppendJoin(',', r.Values ?? []).Append('&');
            }

            text.Append(';');
        }

        return text.ToString();
    }

    private static (List<string>? Nodes, string? Why) AdmittingNodes(V1Pod pod, List<InventoryNode> nodes, int usableCount)
    {
        var allowed = new List<string>();
        var reasons = new List<string>();
        foreach (InventoryNode node in nodes)
        {
            if (KubernetesInventory.Admits(pod, node, out string? reason))
            {
                allowed.Add(node.Name);
            }
            else
            {
                reasons.Add(Generalize(reason!, node.Name));
            }
        }

        if (allowed.Count == 0)
        {
            return (null, $"0/{nodes.Count} nodes are available: {Summarize(reasons)}.");
        }

        return (allowed.Count == usableCount ? null : allowed, null);
    }

    private static string Generalize(string reason, string node) => reason.Replace($"node {node} ", "", StringComparison.Ordinal);

    private static string Summarize(IEnumerable<string> reasons) =>
        string.Join(", ", reasons.GroupBy(r => r, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {(g.Count() == 1 ? "node" : "nodes")} {g.Key}"));

    private static string Describe(JobStatus? status, JobSpec job, int usableNodes)
    {
        string gpus = job.Request.IsFractional
            ? $"{job.Request.GpuMilli.ToString(CultureInfo.InvariantCulture)}/1000 of a GPU{(job.Request.GpuMemoryBytes > 0 ? $" with {(job.Request.GpuMemoryBytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB" : "")}"
            : $"{job.Request.Gpus} GPU";
        string shape = $"{job.Replicas} pod(s) × {gpus}{(job.Request.DeviceTypes is { Count: > 0 } types ? " (" + string.Join("/", types) + ")" : "")}, {job.Request.CpuCores.ToString("0.###", CultureInfo.InvariantCulture)} CPU, {job.Request.MemoryBytes} bytes of memory each";
        return (status?.Reason ?? WaitReason.InsufficientResources) switch
        {
            WaitReason.ExceedsCluster => $"the job can never fit this cluster as it is ({shape}; {usableNodes} usable node(s)): ask for less or add capacity.",
            WaitReason.BehindBlockedJob => $"waiting behind an earlier job that does not fit yet ({shape}).",
            WaitReason.WouldDelayReservation => $"fits now, but would delay the reservation of an earlier job (backfill) ({shape}).",
            WaitReason.QuotaExceeded => $"queue {job.Queue} is at its quota ({shape}).",
            WaitReason.QuotaProtected => $"the free GPUs are guaranteed to other queues ({shape}).",
            _ => $"0/{usableNodes} nodes have room now for {shape}.",
        };
    }

    private static void Explain(PassPlan plan, List<V1Pod> pods, string message)
    {
        foreach (V1Pod pod in pods)
        {
            plan.Explanations[Key(pod)] = message;
        }
    }
}
