using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.Engine;

/// <summary>
/// Drives a <see cref="Scheduler"/> through a <see cref="SchedulerScenario"/> and audits every event against a ledger kept
/// from the decisions alone (Start adds the placement, Preempt/Finish/Cancel release it). A violated invariant throws
/// <see cref="AuditException"/> naming the event and the decision.
/// </summary>
public sealed class SchedulerAudit
{
    private readonly SchedulerScenario _scenario;
    private readonly FakeTimeProvider _clock = new();
    private readonly Dictionary<string, NodeSpec> _present = new(StringComparer.Ordinal);
    private readonly List<string> _nodeOrder = [];
    private readonly HashSet<string> _unhealthy = new(StringComparer.Ordinal);
    private readonly List<NodeSpec> _removed = [];
    private readonly Dictionary<string, JobSpec> _live = new(StringComparer.Ordinal);
    private readonly List<string> _liveOrder = [];
    private readonly Dictionary<string, PlacementSlice[]> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _attained = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastStart = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private int _nextJob;
    private int _nextSpare;
    private string _event = "construction";

    public SchedulerAudit(SchedulerScenario scenario, Action<SchedulerOptions>? configure = null)
    {
        _scenario = scenario;
        var options = new SchedulerOptions
        {
            Policy = scenario.Policy,
            Queues = scenario.Queues,
            TimeProvider = _clock,
            AttainedServiceThresholds = [50, 200, 800],
        };
        configure?.Invoke(options);
        Options = options;
        Scheduler = new Scheduler(new ClusterSpec(scenario.Nodes), options);
        foreach (NodeSpec node in scenario.Nodes)
        {
            _present.Add(node.Name, node);
            _nodeOrder.Add(node.Name);
        }
    }

    public Scheduler Scheduler { get; }

    public SchedulerOptions Options { get; }

    /// <summary>Gets every decision, in order, as text (for determinism checks).</summary>
    public List<string> Transcript { get; } = [];

    /// <summary>Gets every preemption with a cause: (time in seconds, cause, victim, cause's attained GPU-seconds, victim's).</summary>
    public List<(double Time, string Cause, string Victim, double CauseAttained, double VictimAttained)> Preemptions { get; } = [];

    /// <summary>Gets extra checks run after every event.</summary>
    public List<Action<SchedulerAudit>> AfterEvent { get; } = [];

    public IReadOnlyDictionary<string, NodeSpec> PresentNodes => _present;

    public IReadOnlySet<string> UnhealthyNodes => _unhealthy;

    public IReadOnlyDictionary<string, JobSpec> LiveJobs => _live;

    public IReadOnlyList<string> LiveOrder => _liveOrder;

    public IReadOnlyDictionary<string, PlacementSlice[]> Running => _running;

    public double Now => (_clock.GetUtcNow() - Scheduler.Epoch).TotalSeconds;

    /// <summary>Runs the scenario's steps, then drains: finishes running jobs in a seeded random order until no job is left that can run.</summary>
    public void Run()
    {
        foreach (StreamEvent step in _scenario.Steps)
        {
            RunStep(step);
        }

        Drain();
    }

    public void RunStep(StreamEvent step)
    {
        _clock.Advance(TimeSpan.FromSeconds(step.Seconds));
        switch (step.Kind)
        {
            case StreamEventKind.Submit when _nextJob < _scenario.Jobs.Length:
            {
                JobSpec job = _scenario.Jobs[_nextJob++];
                Admit(job);
                Apply($"Submit({job.Id})", Scheduler.Submit(job), submitted: [job.Id], waitFor: job.Id);
                break;
            }

            case StreamEventKind.SubmitMany when _nextJob < _scenario.Jobs.Length:
            {
                JobSpec[] jobs = _scenario.Jobs.Skip(_nextJob).Take(1 + (step.Pick % 3)).ToArray();
                _nextJob += jobs.Length;
                foreach (JobSpec job in jobs)
                {
                    Admit(job);
                }

                Apply($"SubmitMany({string.Join(",", jobs.Select(j => j.Id))})", Scheduler.SubmitMany(jobs), submitted: [.. jobs.Select(j => j.Id)]);
                break;
            }

            case StreamEventKind.Finish when _running.Count > 0:
                End(_running.Keys.Order(StringComparer.Ordinal).ElementAt(step.Pick % _running.Count), finish: true);
                break;
            case StreamEventKind.Cancel when _live.Count > 0:
                End(_liveOrder[step.Pick % _liveOrder.Count], finish: false);
                break;
            case StreamEventKind.Unhealthy or StreamEventKind.Healthy when _nodeOrder.Count > 0:
            {
                string node = _nodeOrder[step.Pick % _nodeOrder.Count];
                bool healthy = step.Kind == StreamEventKind.Healthy;
                if (healthy)
                {
                    _unhealthy.Remove(node);
                }
                else
                {
                    _unhealthy.Add(node);
                }

                Apply($"SetNodeHealth({node},{healthy})", Scheduler.SetNodeHealth(node, healthy), evictedNode: healthy ? null : node);
                break;
            }

            case StreamEventKind.RemoveNode when _nodeOrder.Count > 0:
            {
                string node = _nodeOrder[step.Pick % _nodeOrder.Count];
                _removed.Add(_present[node]);
                _present.Remove(node);
                _nodeOrder.Remove(node);
                _unhealthy.Remove(node);
                Apply($"RemoveNode({node})", Scheduler.RemoveNode(node), evictedNode: node);
                break;
            }

            case StreamEventKind.AddNode:
            {
                NodeSpec? node = null;
                if (step.Pick % 2 == 0 && _removed.Count > 0)
                {
                    node = _removed[0];
                    _removed.RemoveAt(0);
                }
                else if (_nextSpare < _scenario.SpareNodes.Length)
                {
                    node = _scenario.SpareNodes[_nextSpare++];
                }

                if (node is not null)
                {
                    _present.Add(node.Name, node);
                    _nodeOrder.Add(node.Name);
                    Apply($"AddNode({node.Name})", Scheduler.AddNode(node));
                }

                break;
            }

            default:
                Apply("Tick", Scheduler.Tick());
                break;
        }
    }

    /// <summary>
    /// Finishes running jobs in a seeded random order, ticking when none runs; every live job that fits the final
    /// cluster (by devices, host resources and quota) must start and finish within a bounded number of steps.
    /// </summary>
    public void Drain()
    {
        var random = new Random(_scenario.DrainSeed);
        int bound = (4 * (_live.Count + 1)) + 8;
        for (int step = 0; step < bound; step++)
        {
            _clock.Advance(TimeSpan.FromSeconds(random.Next(1, 120)));
            if (_running.Count > 0)
            {
                End(_running.Keys.Order(StringComparer.Ordinal).ElementAt(random.Next(_running.Count)), finish: true);
                continue;
            }

            Apply("Tick(drain)", Scheduler.Tick());
            if (_running.Count == 0)
            {
                string[] stuck = [.. _liveOrder.Where(id => FitsEmptyCluster(_live[id]))];
                Check(stuck.Length == 0, $"nothing runs, yet jobs that fit the empty cluster wait: {string.Join(", ", stuck)}; live: {string.Join(", ", _liveOrder.Select(Status))}; usable nodes: {string.Join(" ", UsableNodes().Select(n => n.Name))}\n{string.Join("\n", Transcript)}");
                return;
            }
        }

        throw new AuditException($"the drain did not end within {bound} steps; {_running.Count} running, {_live.Count} live\n{_scenario}");
    }

    /// <summary>Whether <paramref name="job"/> could start on the current cluster with nothing running: devices, host resources and quota.</summary>
    public bool FitsEmptyCluster(JobSpec job) => FitsEmptyClusterResources(job) && WithinQuotaOnEmptyCluster(job);

    /// <summary>Whether <paramref name="job"/> fits the current cluster's usable nodes that it may use, with nothing running (devices and host resources).</summary>
    public bool FitsEmptyClusterResources(JobSpec job)
    {
        int minimum = job.Gang ? job.Replicas : 1;
        bool placeable = false;
        foreach (string? type in AcceptedTypes(job))
        {
            long fit = 0;
            foreach (NodeSpec node in UsableNodes().Where(n => MayUse(job, n.Name)))
            {
                int limit = int.MaxValue;
                if (type is not null && job.Request.IsFractional)
                {
                    // Shares: floor(1000 / milli) per device, fewer by GPU memory; none where the memory asked for is unknown.
                    int perDevice = 1000 / job.Request.GpuMilli;
                    if (job.Request.GpuMemoryBytes > 0)
                    {
                        perDevice = node.DeviceMemoryBytes is { } memories && memories.TryGetValue(type, out long bytes) ? (int)Math.Min(perDevice, bytes / job.Request.GpuMemoryBytes) : 0;
                    }

                    limit = node.Devices.GetValueOrDefault(type) * perDevice;
                }
                else if (type is not null)
                {
                    limit = node.Devices.GetValueOrDefault(type) / job.Request.Gpus;
                }

                if (job.Request.CpuCores > 0)
                {
                    limit = (int)Math.Min(limit, Math.Floor(node.CpuCores / job.Request.CpuCores));
                }

                if (job.Request.MemoryBytes > 0)
                {
                    limit = (int)Math.Min(limit, node.MemoryBytes / job.Request.MemoryBytes);
                }

                fit += limit;
            }

            placeable |= fit >= minimum;
        }

        return placeable;
    }

    /// <summary>Whether <paramref name="job"/> may be placed on the node named <paramref name="node"/> (its request's nodes).</summary>
    public static bool MayUse(JobSpec job, string node) => job.Request.Nodes is not { } nodes || nodes.Contains(node, StringComparer.Ordinal);

    /// <summary>The device types a job accepts on the current cluster (null: a job that needs no devices).</summary>
    public IEnumerable<string?> AcceptedTypes(JobSpec job)
    {
        if (job.Request.Gpus == 0)
        {
            return [null];
        }

        return _present.Values.SelectMany(n => n.Devices.Where(p => p.Value > 0).Select(p => p.Key)).Distinct().Where(t => Accepts(job, t)).Cast<string?>().ToArray();
    }

    public static bool Accepts(JobSpec job, string type) =>
        job.Request.Accepts(type) && (job.TotalWork is null || job.Throughputs is null || job.ProgressRateOn(type) > 0);

    public IEnumerable<NodeSpec> UsableNodes() => _nodeOrder.Where(n => !_unhealthy.Contains(n)).Select(n => _present[n]);

    private bool WithinQuotaOnEmptyCluster(JobSpec job)
    {
        QueueSpec[] queues = _scenario.Queues;
        long total = job.TotalGpus;
        for (QueueSpec? queue = queues.FirstOrDefault(q => q.Name == job.Queue); queue is not null; queue = queues.FirstOrDefault(q => q.Name == queue.Parent))
        {
            if (queue.BorrowingLimit is { } limit && total > queue.GuaranteedGpus + limit)
            {
                return false;
            }
        }

        long guarantee = queues.FirstOrDefault(q => q.Name == job.Queue)?.GuaranteedGpus ?? 0;
        if (total <= guarantee)
        {
            return true;
        }

        // Sound bound: every other configured leaf's unlent guarantee is protected (the engine protects those of leaves in use).
        long protectedGpus = 0;
        foreach (string leaf in SchedulerGenerators.LeafQueues(queues))
        {
            if (leaf != job.Queue && queues.FirstOrDefault(q => q.Name == leaf) is { } spec)
            {
                protectedGpus += spec.GuaranteedGpus - Math.Min(spec.GuaranteedGpus, spec.LendingLimit ?? spec.GuaranteedGpus);
            }
        }

        long capacity = UsableNodes().Sum(n => (long)n.TotalDevices);
        return capacity - total >= protectedGpus;
    }

    private string Status(string jobId) => Scheduler.TryGetJob(jobId, out JobStatus? status) ? $"{jobId}:{status.Phase}/{status.Reason}" : $"{jobId}:unknown";

    public double AttainedOf(string jobId) =>
        _attained.GetValueOrDefault(jobId) + (_running.TryGetValue(jobId, out PlacementSlice[]? slices) ? slices.Sum(GpusOf) * (Now - _lastStart[jobId]) : 0);

    /// <summary>The GPUs a slice counts for attained service and quotas: its devices, or one per replica sharing a device.</summary>
    public static int GpusOf(PlacementSlice slice) => slice.SharedDevice is null ? slice.Count : slice.Replicas;

    private void Admit(JobSpec job)
    {
        _live.Add(job.Id, job);
        _liveOrder.Add(job.Id);
    }

    private void End(string jobId, bool finish)
    {
        Release(jobId);
        _live.Remove(jobId);
        _liveOrder.Remove(jobId);
        _finished.Add(jobId);
        Apply($"{(finish ? "Finish" : "Cancel")}({jobId})", finish ? Scheduler.Finish(jobId) : Scheduler.Cancel(jobId));
    }

    private void Release(string jobId)
    {
        if (_running.Remove(jobId, out PlacementSlice[]? slices))
        {
            _attained[jobId] = _attained.GetValueOrDefault(jobId) + (slices.Sum(GpusOf) * (Now - _lastStart[jobId]));
        }
    }

    private void Apply(string what, IReadOnlyList<SchedulingDecision> decisions, string[]? submitted = null, string? waitFor = null, string? evictedNode = null)
    {
        _event = what;
        Transcript.Add($"@{Now.ToString(CultureInfo.InvariantCulture)} {what}");
        Check(decisions.Count <= (3 * (_live.Count + 1)) + 3, $"{decisions.Count} decisions for {_live.Count} live jobs");
        var startedHere = decisions.Where(d => d.Kind == DecisionKind.Start).Select(d => d.JobId).ToHashSet(StringComparer.Ordinal);
        foreach (SchedulingDecision decision in decisions)
        {
            Transcript.Add($"  {decision.Kind} {decision.JobId} {decision.Reason} {decision.CauseJobId} {decision.Time:O} {string.Join(";", decision.Placement)}");
            Check(decision.Time == _clock.GetUtcNow(), $"decision {decision} has time {decision.Time:O}, the clock reads {_clock.GetUtcNow():O}");
            switch (decision.Kind)
            {
                case DecisionKind.Start:
                    OnStart(decision);
                    break;
                case DecisionKind.Preempt:
                    Check(_running.ContainsKey(decision.JobId), $"preempts {decision.JobId}, which is not running");
                    Check(decision.Reason == WaitReason.Preempted, $"preemption of {decision.JobId} gives reason {decision.Reason}");
                    if (decision.CauseJobId is { } cause)
                    {
                        Check(startedHere.Contains(cause), $"preempts {decision.JobId} for {cause}, which does not start in the same event");
                        Check(_live[decision.JobId].Preemptible, $"preempts {decision.JobId}, which is not preemptible");
                        Check(!_live[decision.JobId].Request.IsFractional && !_live[cause].Request.IsFractional, $"preempts {decision.JobId} for {cause}: a job of GPU shares is never a victim nor a cause");
                        Check(_running[decision.JobId].Any(s => MayUse(_live[cause], s.Node)), $"preempts {decision.JobId} for {cause}, which may use none of its nodes");
                        Preemptions.Add((Now, cause, decision.JobId, AttainedOf(cause), AttainedOf(decision.JobId)));
                    }
                    else
                    {
                        Check(evictedNode is not null && _running[decision.JobId].Any(s => s.Node == evictedNode), $"preempts {decision.JobId} with no cause, not on the failed node");
                    }

                    Release(decision.JobId);
                    break;
                case DecisionKind.Wait:
                    Check(decision.JobId == waitFor && _live.ContainsKey(decision.JobId) && !_running.ContainsKey(decision.JobId), $"a wait decision for {decision.JobId} on {what}");
                    Check(decision.Reason is not WaitReason.None and not WaitReason.Preempted, $"{decision.JobId} waits for reason {decision.Reason}");
                    break;
            }
        }

        if (evictedNode is not null)
        {
            Check(_running.Values.All(slices => slices.All(s => s.Node != evictedNode)), $"jobs still hold resources on {evictedNode}");
        }

        if (waitFor is not null)
        {
            Check(_running.ContainsKey(waitFor) || decisions.Any(d => d.Kind == DecisionKind.Wait && d.JobId == waitFor), $"Submit({waitFor}) neither starts it nor says why it waits");
        }

        CheckPools();
        foreach (Action<SchedulerAudit> check in AfterEvent)
        {
            check(this);
        }
    }

    private void OnStart(SchedulingDecision decision)
    {
        string id = decision.JobId;
        Check(_live.TryGetValue(id, out JobSpec? job), $"starts {id}, which is not live");
        Check(!_running.ContainsKey(id), $"starts {id}, which is running already");
        int replicas = decision.Placement.Sum(s => s.Replicas);
        Check(job!.Gang ? replicas == job.Replicas : replicas >= 1 && replicas <= job.Replicas, $"starts {id} with {replicas} of {job.Replicas} replicas (gang {job.Gang})");
        Check(decision.Placement.Select(s => (s.Node, s.DeviceType, s.SharedDevice)).Distinct().Count() == decision.Placement.Count, $"starts {id} on a repeated pool or shared device");
        foreach (PlacementSlice slice in decision.Placement)
        {
            Check(slice.Replicas >= 1, $"starts {id} with an empty slice {slice}");
            Check(_present.TryGetValue(slice.Node, out NodeSpec? node), $"starts {id} on {slice.Node}, which is not in the cluster");
            Check(!_unhealthy.Contains(slice.Node), $"starts {id} on {slice.Node}, which is unhealthy");
            Check(MayUse(job, slice.Node), $"starts {id} on {slice.Node}, which is not among its nodes");
            if (job.Request.IsFractional)
            {
                Check(slice.Count == 0 && slice.SharedDevice is { } device && device >= 0 && device < node!.Devices.GetValueOrDefault(slice.DeviceType), $"starts {id} with slice {slice}: a share must name a device of the pool and take no whole one");
            }
            else
            {
                Check(slice.Count == slice.Replicas * job.Request.Gpus && slice.SharedDevice is null, $"starts {id} with slice {slice}: not {job.Request.Gpus} whole devices per replica");
            }

            if (job.Request.Gpus > 0)
            {
                Check(node!.Devices.GetValueOrDefault(slice.DeviceType) > 0 && Accepts(job, slice.DeviceType), $"starts {id} on {slice.DeviceType}, not an accepted type of {slice.Node}");
            }
        }

        Check(job.Request.Gpus == 0 || decision.Placement.Select(s => s.DeviceType).Distinct().Count() == 1, $"starts {id} on mixed device types");
        _running.Add(id, [.. decision.Placement]);
        _lastStart[id] = Now;
        _started.Add(id);
    }

    private void CheckPools()
    {
        var ledger = new Dictionary<(string Node, string Type), int>();
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var memory = new Dictionary<string, long>(StringComparer.Ordinal);
        var shares = new Dictionary<(string Node, string Type, int Device), (int Milli, long Memory)>();
        foreach ((string id, PlacementSlice[] slices) in _running)
        {
            JobSpec job = _live[id];
            foreach (PlacementSlice slice in slices)
            {
                if (slice.SharedDevice is { } device)
                {
                    var key = (slice.Node, slice.DeviceType, device);
                    (int milli, long gpuMemory) = shares.GetValueOrDefault(key);
                    shares[key] = (milli + (slice.Replicas * job.Request.GpuMilli), gpuMemory + (slice.Replicas * job.Request.GpuMemoryBytes));
                }
                else if (slice.Count > 0)
                {
                    ledger[(slice.Node, slice.DeviceType)] = ledger.GetValueOrDefault((slice.Node, slice.DeviceType)) + slice.Count;
                }

                cpu[slice.Node] = cpu.GetValueOrDefault(slice.Node) + (slice.Replicas * job.Request.CpuCores);
                memory[slice.Node] = memory.GetValueOrDefault(slice.Node) + (slice.Replicas * job.Request.MemoryBytes);
            }
        }

        // Every shared device holds at most 1000 thousandths and its memory; it is in use as a whole device of its pool, so
        // whole-GPU replicas (counted in the ledger) and shared devices together fit the pool: no whole replica shares one.
        foreach (((string node, string type, int device), (int milli, long gpuMemory)) in shares)
        {
            Check(milli is > 0 and <= 1000, $"device {device} of {node}/{type} holds {milli} thousandths");
            long? deviceMemory = _present.TryGetValue(node, out NodeSpec? spec) && spec.DeviceMemoryBytes is { } memories && memories.TryGetValue(type, out long bytes) ? bytes : null;
            Check(gpuMemory == 0 || (deviceMemory is { } known && gpuMemory <= known), $"device {device} of {node}/{type} holds {gpuMemory} bytes of GPU memory, over its {deviceMemory?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
            ledger[(node, type)] = ledger.GetValueOrDefault((node, type)) + 1;
        }

        foreach (((string node, string type), int used) in ledger)
        {
            Check(_present.TryGetValue(node, out NodeSpec? spec) && used <= spec.Devices.GetValueOrDefault(type), $"pool {node}/{type} holds {used} devices, over its capacity");
        }

        foreach (NodeSpec node in _present.Values)
        {
            Check(cpu.GetValueOrDefault(node.Name) <= node.CpuCores + 1e-6, $"node {node.Name} gives {cpu.GetValueOrDefault(node.Name)} of {node.CpuCores} CPU cores");
            Check(memory.GetValueOrDefault(node.Name) <= node.MemoryBytes, $"node {node.Name} gives {memory.GetValueOrDefault(node.Name)} of {node.MemoryBytes} bytes");
        }

        var pools = Scheduler.GetPools();
        int expectedPools = _present.Values.Sum(n => n.Devices.Count(p => p.Value > 0));
        Check(pools.Count == expectedPools, $"GetPools lists {pools.Count} pools, the cluster has {expectedPools}");
        foreach ((string node, string type, int allocated, int capacity, bool usable) in pools)
        {
            Check(_present.TryGetValue(node, out NodeSpec? spec) && capacity == spec.Devices.GetValueOrDefault(type), $"GetPools: {node}/{type} capacity {capacity}");
            Check(allocated == ledger.GetValueOrDefault((node, type)), $"GetPools: {node}/{type} has {allocated} allocated, the ledger {ledger.GetValueOrDefault((node, type))}");
            Check(usable == !_unhealthy.Contains(node), $"GetPools: {node} usable {usable}");
        }

        Check(Scheduler.RunningCount == _running.Count, $"RunningCount {Scheduler.RunningCount}, the ledger {_running.Count}");
        Check(Scheduler.WaitingCount == _live.Count - _running.Count, $"WaitingCount {Scheduler.WaitingCount}, the ledger {_live.Count - _running.Count}");
        long usableCapacity = UsableNodes().Sum(n => (long)n.TotalDevices);
        long usableAllocated = ledger.Where(p => !_unhealthy.Contains(p.Key.Node)).Sum(p => (long)p.Value);
        Check(Scheduler.Gpus == (usableAllocated, usableCapacity), $"Gpus {Scheduler.Gpus}, the ledger ({usableAllocated}, {usableCapacity})");
        foreach (string id in _liveOrder)
        {
            Check(Scheduler.TryGetJob(id, out JobStatus? status), $"TryGetJob({id}) misses a live job");
            bool running = _running.TryGetValue(id, out PlacementSlice[]? slices);
            Check(status!.Phase == (running ? JobPhase.Running : JobPhase.Waiting), $"{id} is {status.Phase}, the ledger says running={running}");
            Check(!running || status.Placement.SequenceEqual(slices!), $"{id}'s placement differs from its Start decision");
        }
    }

    public void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new AuditException($"after {_event} at {Now.ToString(CultureInfo.InvariantCulture)}s: {message}\n{_scenario}");
        }
    }
}

/// <summary>A violated scheduler invariant.</summary>
public sealed class AuditException(string message) : Exception(message);
