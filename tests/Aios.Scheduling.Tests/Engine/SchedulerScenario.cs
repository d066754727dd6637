using System.Globalization;
using System.Text;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Aios.Scheduling.Tests.Engine;

/// <summary>What one step of a random event stream does.</summary>
public enum StreamEventKind
{
    Submit,
    SubmitMany,
    Finish,
    Cancel,
    Tick,
    Unhealthy,
    Healthy,
    RemoveNode,
    AddNode,
}

/// <summary>One step: <see cref="Pick"/> chooses the job or node it concerns (modulo the candidates), <see cref="Seconds"/> the time that passes before it.</summary>
public readonly record struct StreamEvent(StreamEventKind Kind, int Pick, int Seconds);

/// <summary>A random cluster, queue hierarchy, job stream and event interleaving, with the policy to run them under.</summary>
public sealed record SchedulerScenario(
    SchedulingPolicy Policy,
    NodeSpec[] Nodes,
    NodeSpec[] SpareNodes,
    QueueSpec[] Queues,
    JobSpec[] Jobs,
    StreamEvent[] Steps,
    int DrainSeed)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Policy {Policy}\nNodes:\n");
        foreach (NodeSpec node in Nodes.Concat(SpareNodes))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Describe(node)}\n");
        }

        text.Append("Queues:\n");
        foreach (QueueSpec queue in Queues)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {queue}\n");
        }

        text.Append("Jobs:\n");
        foreach (JobSpec job in Jobs)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Describe(job)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Steps: {string.Join(", ", Steps.Select(s => $"{s.Kind}({s.Pick},+{s.Seconds}s)"))}\nDrain seed {DrainSeed}");
        return text.ToString();
    }

    public static string Describe(NodeSpec node) =>
        $"{node.Name} [{string.Join(" ", node.Devices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}] gpumem=[{string.Join(" ", (node.DeviceMemoryBytes ?? new Dictionary<string, long>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}] cpu={node.CpuCores} mem={node.MemoryBytes} group={node.TopologyGroup}";

    public static string Describe(JobSpec job) =>
        $"{job.Id} {job.Replicas}x{job.Request.Gpus}gpu milli={job.Request.GpuMilli} gpumem={job.Request.GpuMemoryBytes} types=[{string.Join(",", job.Request.DeviceTypes ?? [])}] nodes={(job.Request.Nodes is { } nodes ? $"[{string.Join(",", nodes)}]" : "any")} cpu={job.Request.CpuCores} mem={job.Request.MemoryBytes} gang={job.Gang} prio={job.Priority} queue={job.Queue} dur={job.Duration} work={job.TotalWork} tp=[{string.Join(",", (job.Throughputs ?? new Dictionary<string, double>()).Select(p => $"{p.Key}:{p.Value}"))}] preemptible={job.Preemptible} restart={job.RestartOverhead}";
}

/// <summary>The generators of random scheduler scenarios: small clusters, queues, job streams and event interleavings.</summary>
public static class SchedulerGenerators
{
    public static readonly string[] TypeNames = ["t0", "t1", "t2"];

    public static Gen<SchedulingPolicy> Policy() =>
        from basePolicy in Gen.Elements(
            SchedulingPolicy.Fifo,
            SchedulingPolicy.Priority,
            SchedulingPolicy.DominantResourceFairness,
            SchedulingPolicy.LeastAttainedService,
            SchedulingPolicy.ShortestRemainingTime,
            SchedulingPolicy.FinishTimeFairness,
            SchedulingPolicy.Heterogeneous)
        from backfill in Gen.Elements(false, true)
        from placement in Gen.Elements(PlacementStrategy.BinPack, PlacementStrategy.Spread, PlacementStrategy.Topology)
        select basePolicy with { Backfill = backfill, Placement = placement };

    public static Gen<NodeSpec> Node(string name, int typeCount, bool hostResources, bool groups, bool fractions = false) =>
        from counts in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 8))).ArrayOf(typeCount).Where(c => c.Any(x => x > 0))
        from cpu in Gen.Choose(4, 32)
        from memory in Gen.Choose(32, 256)
        from topologyGroup in Gen.Elements<string?>(null, "g0", "g1")
        from deviceMemory in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(16, 80))).ArrayOf(typeCount)
        select new NodeSpec(name, Enumerable.Range(0, typeCount).Where(t => counts[t] > 0).ToDictionary(t => TypeNames[t], t => counts[t]))
        {
            CpuCores = hostResources ? cpu : 0,
            MemoryBytes = hostResources ? memory : 0,
            TopologyGroup = groups ? topologyGroup : null,

            // With fractions, some device types state each GPU's memory (0 here: unknown, left out).
            DeviceMemoryBytes = fractions ? Enumerable.Range(0, typeCount).Where(t => deviceMemory[t] > 0).ToDictionary(t => TypeNames[t], t => (long)deviceMemory[t]) : null,
        };

    public static Gen<NodeSpec[]> Nodes(string prefix, int count, int typeCount, bool hostResources, bool groups, bool fractions = false) =>
        Gen.CollectToArray(Enumerable.Range(0, count).Select(i => Node(prefix + i.ToString(CultureInfo.InvariantCulture), typeCount, hostResources, groups, fractions)))
            .Select(nodes => nodes);

    /// <summary>No queues, flat queues with or without quota, or two leaves under a parent.</summary>
    public static Gen<QueueSpec[]> Queues() =>
        from shape in Gen.Choose(0, 3)
        from guarantees in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(1, 8))).ArrayOf(3)
        from borrowing in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Gen.Choose(0, 8).Select(x => (long?)x))).ArrayOf(3)
        from lending in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Gen.Choose(0, 4).Select(x => (long?)x))).ArrayOf(3)
        from weights in Gen.Choose(1, 3).ArrayOf(3)
        select shape switch
        {
            0 => Array.Empty<QueueSpec>(),
            1 => [new QueueSpec("q0") { Weight = weights[0] }, new QueueSpec("q1") { Weight = weights[1] }],
            2 => Enumerable.Range(0, 3).Select(i => new QueueSpec("q" + i.ToString(CultureInfo.InvariantCulture))
            {
                Weight = weights[i],
                GuaranteedGpus = guarantees[i],
                BorrowingLimit = borrowing[i],
                LendingLimit = lending[i],
            }).ToArray(),
            _ =>
            [
                new QueueSpec("org") { BorrowingLimit = borrowing[2], GuaranteedGpus = guarantees[2] },
                new QueueSpec("q0") { Parent = "org", GuaranteedGpus = guarantees[0], LendingLimit = lending[0] },
                new QueueSpec("q1") { Parent = "org", Weight = weights[1] },
                new QueueSpec("q2") { GuaranteedGpus = guarantees[1], BorrowingLimit = borrowing[1] },
            ],
        };

    public static IReadOnlyList<string> LeafQueues(QueueSpec[] queues) =>
        queues.Length == 0 ? [QueueSpec.DefaultName] : [.. queues.Where(q => !queues.Any(c => c.Parent == q.Name)).Select(q => q.Name)];

    /// <summary>A job; with <paramref name="nodeNames"/>, it lists a random subset of them as its nodes (or none, or no list).</summary>
    public static Gen<JobSpec> Job(string id, int typeCount, bool hostResources, IReadOnlyList<string> queues, bool singleReplica, string[]? nodeNames = null, bool fractions = false) =>
        from replicas in singleReplica ? Gen.Constant(1) : Gen.Choose(1, 4)
        from gpus in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 4)), (2, Gen.Choose(5, 8)))
        from gang in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from types in Gen.Frequency(
            (2, Gen.Constant<string[]?>(null)),
            (2, Gen.Choose(0, typeCount - 1).ArrayOf(1).Select(a => (string[]?)[TypeNames[a[0]]])),
            (1, Gen.Shuffle(TypeNames.Take(typeCount).ToArray()).Select(a => (string[]?)a.Take(Math.Min(2, a.Length)).ToArray())))
        from cpu in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 8)))
        from memory in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(8, 64)))
        from priority in Gen.Choose(0, 3)
        from length in Gen.Choose(0, 2)
        from duration in Gen.Choose(5, 120)
        from rates in Gen.Choose(0, 4).ArrayOf(typeCount)
        from preemptible in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from restart in Gen.Elements(0.0, 0.0, 2.0, 10.0)
        from queue in Gen.Elements(queues.ToArray())
        from nodes in nodeNames is null
            ? Gen.Constant<string[]?>(null)
            : Gen.Frequency(
                (3, Gen.Constant<string[]?>(null)),
                (1, Gen.Constant<string[]?>([])),
                (8, Gen.SubListOf(nodeNames).Select(names => (string[]?)[.. names])))
        from share in fractions
            ? Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Elements(100, 250, 333, 500, 700, 999)), (1, Gen.Choose(1, 999)))
            : Gen.Constant(0)
        from gpuMemory in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 40)))
        select new JobSpec(id, replicas, new ReplicaRequest(share > 0 ? 1 : gpus)
        {
            GpuMilli = share,
            GpuMemoryBytes = share > 0 ? gpuMemory : 0,
            DeviceTypes = types,
            Nodes = nodes,
            CpuCores = hostResources ? cpu : 0,
            MemoryBytes = hostResources ? memory : 0,
        })
        {
            Gang = gang,
            Priority = priority,
            Queue = queue,
            Preemptible = preemptible,
            RestartOverhead = restart,
            Duration = length == 1 ? duration : null,
            TotalWork = length == 2 ? duration : null,
            Throughputs = length == 2 ? Enumerable.Range(0, typeCount).ToDictionary(t => TypeNames[t], t => (double)rates[t]) : null,
        };

    public static Gen<StreamEvent> NextEvent(bool nodeEvents) =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(StreamEventKind.Submit)),
            (1, Gen.Constant(StreamEventKind.SubmitMany)),
            (4, Gen.Constant(StreamEventKind.Finish)),
            (1, Gen.Constant(StreamEventKind.Cancel)),
            (3, Gen.Constant(StreamEventKind.Tick)),
            (nodeEvents ? 1 : 0, Gen.Constant(StreamEventKind.Unhealthy)),
            (nodeEvents ? 1 : 0, Gen.Constant(StreamEventKind.Healthy)),
            (nodeEvents ? 1 : 0, Gen.Constant(StreamEventKind.RemoveNode)),
            (nodeEvents ? 1 : 0, Gen.Constant(StreamEventKind.AddNode)))
        from pick in Gen.Choose(0, 1000)
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 60)))
        select new StreamEvent(kind, pick, seconds);

    /// <summary>
    /// A scenario under <paramref name="policies"/>; <paramref name="singleReplica"/> and <paramref name="noHostResources"/>
    /// restrict the jobs, <paramref name="quota"/> allows queues, <paramref name="nodeSets"/> gives jobs lists of nodes
    /// (of the cluster, its spare nodes and one it never has).
    /// </summary>
    public static Gen<SchedulerScenario> Scenario(Gen<SchedulingPolicy> policies, bool singleReplica = false, bool noHostResources = false, bool quota = true, bool nodeEvents = true, bool nodeSets = false, bool fractions = false) =>
        from policy in policies
        from typeCount in Gen.Choose(1, 3)
        from nodeCount in Gen.Choose(1, 6)
        from hostResources in noHostResources ? Gen.Constant(false) : Gen.Elements(false, true)
        from groups in Gen.Elements(false, true)
        from nodes in Nodes("n", nodeCount, typeCount, hostResources, groups, fractions)
        from spares in Nodes("x", 2, typeCount, hostResources, groups, fractions)
        from queues in quota ? Queues() : Gen.Constant(Array.Empty<QueueSpec>())
        from jobCount in Gen.Choose(4, 16)
        from jobs in Gen.CollectToArray(Enumerable.Range(0, jobCount).Select(i => Job("j" + i.ToString(CultureInfo.InvariantCulture), typeCount, hostResources, LeafQueues(queues), singleReplica, nodeSets ? [.. nodes.Concat(spares).Select(n => n.Name), "ghost"] : null, fractions)))
        from stepCount in Gen.Choose(jobCount, jobCount + 16)
        from steps in Gen.CollectToArray(Enumerable.Range(0, stepCount).Select(_ => NextEvent(nodeEvents)))
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new SchedulerScenario(policy, nodes, spares, queues, [.. jobs], [.. steps], seed);
}
