using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class SchedulingPassTests
{
    private static readonly Dictionary<string, AssumedBinding> NoneAssumed = [];
    private static readonly Dictionary<string, Nomination> NoNominations = [];

    internal static V1Node Node(string name, int gpus = 8, string product = "A100", bool ready = true, bool cordoned = false, string cpu = "64", string memory = "256Gi", Dictionary<string, string>? labels = null, List<V1Taint>? taints = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? []) { ["nvidia.com/gpu.product"] = product };
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = allLabels },
            Spec = new V1NodeSpec { Unschedulable = cordoned, Taints = taints },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["nvidia.com/gpu"] = new(gpus.ToString(CultureInfo.InvariantCulture)) },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False", Reason = ready ? null : "KubeletNotReady" }],
            },
        };
    }

    internal static V1Pod Pod(string name, int gpus = 1, string? group = null, string? node = null, int priority = 0, string scheduler = "aios", int createdSecond = 0, string cpu = "1", string memory = "1Gi", Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null, string? phase = null)
    {
        var allLabels = new Dictionary<string, string>(labels ?? []);
        if (group is not null)
        {
            allLabels[KubernetesInventory.PodGroupLabel] = group;
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                Labels = allLabels,
                Annotations = annotations,
                CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(createdSecond),
            },
            Spec = new V1PodSpec
            {
                SchedulerName = scheduler,
                NodeName = node,
                Priority = priority,
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Image = "busybox",
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["nvidia.com/gpu"] = new(gpus.ToString(CultureInfo.InvariantCulture)) },
                        },
                    },
                ],
            },
            Status = new V1PodStatus { Phase = phase ?? (node is null ? "Pending" : "Running") },
        };
    }

    private static SchedulingPass Pass(SchedulingPolicy? policy = null, IReadOnlyList<QueueSpec>? queues = null) => new(
        new KubernetesSchedulerOptions { Scheduler = new SchedulerOptions { Policy = policy ?? SchedulingPolicy.Fifo, Queues = queues ?? [] } }.Snapshot(),
        null);

    [Fact]
    public void Run_SinglePods_BindWithinEachNodesGpusAndExplainTheRest()
    {
        V1Node[] nodes = [Node("a"), Node("b")];
        V1Pod[] pods = [.. Enumerable.Range(0, 20).Select(i => Pod($"p{i:00}", createdSecond: i))];

        PassPlan plan = Pass().Run(nodes, pods, NoneAssumed, NoNominations);

        Assert.Equal(16, plan.Bindings.Count);
        Assert.All(plan.Bindings.GroupBy(b => b.Node), g => Assert.Equal(8, g.Count()));
        Assert.Equal([.. Enumerable.Range(0, 16).Select(i => $"p{i:00}")], plan.Bindings.Select(b => b.Pod).Order());
        Assert.Equal(4, plan.Explanations.Count);
        Assert.All(plan.Explanations.Values, m => Assert.StartsWith("0/2 nodes have room now for 1 pod(s) × 1 GPU (A100)", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_GangThatFits_BindsEveryPod_GangThatDoesNot_BindsNone()
    {
        V1Node[] nodes = [Node("a"), Node("b")];
        V1Pod[] fits = [.. Enumerable.Range(0, 8).Select(i => Pod($"g-{i}", gpus: 2, group: "g"))];
        V1Pod[] tooBig = [.. Enumerable.Range(0, 9).Select(i => Pod($"h-{i}", gpus: 2, group: "h", createdSecond: 1))];

        PassPlan plan = Pass().Run(nodes, [.. fits, .. tooBig], NoneAssumed, NoNominations);

        Assert.Equal(8, plan.Bindings.Count);
        Assert.All(plan.Bindings, b => Assert.Equal("default/g", b.JobId));
        Assert.All(tooBig, p => Assert.Contains("can never fit", plan.Explanations[$"default/{p.Metadata.Name}"], StringComparison.Ordinal));
    }

    [Fact]
    public void Run_PodsBoundByOthersAndAssumedBindings_UseCapacity_AssumedPodsAreNotBoundAgain()
    {
        V1Node[] nodes = [Node("a")];
        V1Pod[] pods = [Pod("other", gpus: 3, node: "a", scheduler: "default-scheduler"), Pod("mine", gpus: 3), .. Enumerable.Range(0, 4).Select(i => Pod($"p{i}", createdSecond: i + 1))];
        var assumed = new Dictionary<string, AssumedBinding> { ["default/mine"] = new("a", DateTimeOffset.UnixEpoch) };

        PassPlan plan = Pass().Run(nodes, pods, assumed, NoNominations);

        Assert.Equal(["p0", "p1"], plan.Bindings.Select(b => b.Pod));
        Assert.DoesNotContain(plan.Bindings, b => b.Pod == "mine");
        Assert.Equal(1, plan.RunningJobs);
    }

    [Fact]
    public void Run_PriorityPreemption_VictimsAreExactlyTheLowerJobsPods_PreemptorWaitsForThem()
    {
        V1Node[] nodes = [Node("a")];
        V1Pod[] low = [.. Enumerable.Range(0, 4).Select(i => Pod($"low-{i}", gpus: 2, group: "low", node: "a", priority: 1))];
        V1Pod[] keep = [Pod("other", gpus: 0, node: "a", scheduler: "default-scheduler")];
        V1Pod high = Pod("high", gpus: 8, priority: 100);
        SchedulingPass pass = Pass(SchedulingPolicy.Priority);

        PassPlan first = pass.Run(nodes, [.. low, .. keep, high], NoneAssumed, NoNominations);

        Assert.Equal(low.Select(p => p.Metadata.Name).Order(), first.Victims.Select(v => v.Pod).Order());
        Assert.All(first.Victims, v => Assert.Equal("default/high", v.CauseJobId));
        Assert.Empty(first.Bindings);
        Nomination nomination = Assert.Single(first.NewNominations);
        Assert.Equal("default/high", nomination.JobId);
        var nominations = new Dictionary<string, Nomination> { [nomination.JobId] = nomination };

        PassPlan waiting = pass.Run(nodes, [.. low.Take(1), .. keep, high], NoneAssumed, nominations);
        Assert.Empty(waiting.Bindings);
        Assert.Empty(waiting.Victims);
        Assert.Contains("waiting for 1 to terminate", waiting.Explanations["default/high"], StringComparison.Ordinal);

        PassPlan after = pass.Run(nodes, [.. keep, high], NoneAssumed, nominations);
        Assert.Equal("default/high", Assert.Single(after.Bindings).JobId);
        Assert.Contains("default/high", after.EndedNominations);
    }

    [Fact]
    public void Run_NodeSelectorAndTaints_PlaceOnlyWhereAdmitted_OrExplainWhyNowhere()
    {
        V1Node[] nodes =
        [
            Node("a", labels: new() { ["pool"] = "x" }),
            Node("b", labels: new() { ["pool"] = "y" }),
            Node("c", taints: [new V1Taint { Key = "dedicated", Value = "infer", Effect = "NoSchedule" }]),
        ];
        V1Pod selected = Pod("sel", gpus: 1);
        selected.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "y" };
        V1Pod nowhere = Pod("none", gpus: 1, createdSecond: 1);
        nowhere.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "z" };

        PassPlan plan = Pass().Run(nodes, [selected, nowhere], NoneAssumed, NoNominations);

        Assert.Equal("b", Assert.Single(plan.Bindings).Node);
        string why = plan.Explanations["default/none"];
        Assert.StartsWith("0/3 nodes are available:", why, StringComparison.Ordinal);
        Assert.Contains("2 nodes does not match the node selector pool=z", why, StringComparison.Ordinal);
        Assert.Contains("1 node has the taint dedicated=infer:NoSchedule", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadInput_IsExplainedOnThePods_NothingBound()
    {
        V1Node[] nodes = [Node("a")];
        V1Pod mixed0 = Pod("m-0", gpus: 1, group: "m");
        V1Pod mixed1 = Pod("m-1", gpus: 2, group: "m");
        V1Pod[] short_ = [Pod("s-0", group: "s", annotations: new() { [KubernetesInventory.MinMembersAnnotation] = "4" })];
        V1Pod badMin = Pod("b-0", group: "b", annotations: new() { [KubernetesInventory.MinMembersAnnotation] = "many" });
        V1Pod unknownQueue = Pod("q", labels: new() { [KubernetesInventory.QueueLabel] = "nope" });
        V1Pod badDuration = Pod("d", annotations: new() { [KubernetesInventory.DurationAnnotation] = "-5" });

        PassPlan plan = Pass(queues: [new QueueSpec("research")]).Run(nodes, [mixed0, mixed1, .. short_, badMin, unknownQueue, badDuration], NoneAssumed, NoNominations);

        Assert.Empty(plan.Bindings);
        Assert.Contains("ask for different resources", plan.Explanations["default/m-0"], StringComparison.Ordinal);
        Assert.Contains("at least 4 must exist", plan.Explanations["default/s-0"], StringComparison.Ordinal);
        Assert.Contains("must be a whole number", plan.Explanations["default/b-0"], StringComparison.Ordinal);
        Assert.Contains("queue nope is not configured", plan.Explanations["default/q"], StringComparison.Ordinal);
        Assert.Contains("duration-seconds", plan.Explanations["default/d"], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_GangBoundPartWay_TheRestIsPlacedAsAGangOfItsOwn()
    {
        V1Node[] nodes = [Node("a"), Node("b")];
        V1Pod[] pods = [Pod("g-0", gpus: 4, group: "g", node: "a"), Pod("g-1", gpus: 4, group: "g"), Pod("g-2", gpus: 4, group: "g")];

        PassPlan plan = Pass().Run(nodes, pods, NoneAssumed, NoNominations);

        Assert.Equal(["g-1", "g-2"], plan.Bindings.Select(b => b.Pod).Order());
        Assert.Equal(1, plan.Bindings.Count(b => b.Node == "a"));
    }

    [Fact]
    public void Run_NotReadyAndCordonedNodes_TakeNothing_NoUsableNodeIsExplained()
    {
        V1Node[] nodes = [Node("a", ready: false), Node("b", cordoned: true)];

        PassPlan plan = Pass().Run(nodes, [Pod("p")], NoneAssumed, NoNominations);

        Assert.Empty(plan.Bindings);
        Assert.Equal(0, plan.UsableNodes);
        Assert.Contains("none of the 2 nodes is usable", plan.Explanations["default/p"], StringComparison.Ordinal);
    }

    /// <summary>A random cluster and pod population: nodes, pods bound by others, gangs and single pods of ours, some already bound.</summary>
    public sealed record Population(int[] NodeGpus, int[] NodeReady, int[][] Jobs, int Seed)
    {
        public override string ToString() => $"nodes [{string.Join(",", NodeGpus)}], ready [{string.Join(",", NodeReady)}], jobs {string.Join(" ", Jobs.Select(j => $"({string.Join(",", j)})"))}, seed {Seed}";
    }

    private static (V1Node[] Nodes, List<V1Pod> Pods, Dictionary<string, AssumedBinding> Assumed, Random Random) Build(Population population)
    {
            var random = new Random(population.Seed);
            V1Node[] nodes = [.. population.NodeGpus.Select((g, i) => Node($"n{i}", gpus: g, ready: population.NodeReady[i] > 0, cpu: "16", memory: "64Gi"))];
            var pods = new List<V1Pod>();
            var assumed = new Dictionary<string, AssumedBinding>();
            for (int j = 0; j < population.Jobs.Length; j++)
            {
                // (replicas 1..4, GPUs 0..4, state: 0-5 pending, 6 bound where it fits, 7 assumed, 8 another scheduler's), priority
                int[] shape = population.Jobs[j];
                int replicas = 1 + (shape[0] % 4);
                int perPod = shape[1] % 5;
                int state = shape[2];
                for (int r = 0; r < replicas; r++)
                {
                    string name = $"j{j}-{r}";
                    string? host = state >= 6 ? $"n{random.Next(nodes.Length)}" : null;
                    V1Pod pod = Pod(name, gpus: perPod, group: replicas > 1 ? $"j{j}" : null, node: state is 6 or 8 ? host : null, priority: shape[3], scheduler: state == 8 ? "default-scheduler" : "aios", createdSecond: j, cpu: "2", memory: "4Gi");
                    pods.Add(pod);
                    if (state == 7)
                    {
                        assumed[$"default/{name}"] = new AssumedBinding(host, DateTimeOffset.UnixEpoch);
                    }
                }
            }

        return (nodes, pods, assumed, random);
    }

    [Property(MaxTest = 1000)]
    public Property Run_RandomPopulation_NoNodeOverAllocatable_GangsWhole_NoPodBoundTwice() => Prop.ForAll(
        (from nodeCount in Gen.Choose(1, 6)
         from gpus in Gen.ArrayOf(Gen.Elements(0, 2, 4, 8), nodeCount)
         from ready in Gen.ArrayOf(Gen.Choose(0, 9), nodeCount)
         from jobCount in Gen.Choose(0, 12)
         from jobs in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(0, 8), 4), jobCount)
         from seed in Gen.Choose(0, 1_000_000)
         select new Population(gpus, ready, jobs, seed)).ToArbitrary(),
        population =>
        {
            (V1Node[] nodes, List<V1Pod> pods, Dictionary<string, AssumedBinding> assumed, Random random) = Build(population);
            PassPlan plan = Pass(random.Next(2) == 0 ? SchedulingPolicy.Fifo : SchedulingPolicy.Priority).Run(nodes, pods, assumed, NoNominations);

            var alreadyPlaced = pods.Where(p => p.Spec.NodeName is not null || assumed.ContainsKey($"default/{p.Metadata.Name}")).Select(p => p.Metadata.Name).ToHashSet();
            bool noneTwice = plan.Bindings.All(b => !alreadyPlaced.Contains(b.Pod)) && plan.Bindings.Select(b => b.Pod).Distinct().Count() == plan.Bindings.Count;
            bool onUsable = plan.Bindings.All(b => population.NodeReady[int.Parse(b.Node[1..], CultureInfo.InvariantCulture)] > 0);

            // Capacity after the pass: what was placed before (less the victims) plus the new bindings, per usable node.
            var victims = plan.Victims.Select(v => v.Pod).ToHashSet();
            var byName = pods.ToDictionary(p => p.Metadata.Name);
            var used = new Dictionary<string, (int Gpus, int Cpu)>();
            void Use(string node, V1Pod pod)
            {
                int g = (int)pod.Spec.Containers[0].Resources.Requests["nvidia.com/gpu"].ToDecimal();
                (int gpus, int cpu) = used.GetValueOrDefault(node);
                used[node] = (gpus + g, cpu + 2);
            }

            foreach (V1Pod pod in pods)
            {
                string? host = pod.Spec.NodeName ?? (assumed.TryGetValue($"default/{pod.Metadata.Name}", out AssumedBinding a) ? a.Node : null);
                if (host is not null && !victims.Contains(pod.Metadata.Name))
                {
                    Use(host, pod);
                }
            }

            var before = new Dictionary<string, (int Gpus, int Cpu)>(used);
            foreach (PodBinding binding in plan.Bindings)
            {
                Use(binding.Node, byName[binding.Pod]);
            }

            // A node may already be over-committed by others; a binding never adds a resource to a node beyond its allocatable.
            bool withinCapacity = plan.Bindings.Select(b => b.Node).Distinct().All(n =>
                (used[n].Gpus == before.GetValueOrDefault(n).Gpus || used[n].Gpus <= population.NodeGpus[int.Parse(n[1..], CultureInfo.InvariantCulture)])
                && (used[n].Cpu == before.GetValueOrDefault(n).Cpu || used[n].Cpu <= 16));

            // Gangs: every pending pod of a job is bound, or none.
            bool gangsWhole = plan.Bindings.GroupBy(b => b.JobId).All(g =>
                g.Count() == pods.Count(p => p.Spec.NodeName is null && !assumed.ContainsKey($"default/{p.Metadata.Name}") && SchedulingPass.Key(p) is var k && (p.Metadata.Labels.TryGetValue(KubernetesInventory.PodGroupLabel, out string? grp) ? $"default/{grp}" : k) == g.Key.Replace("#rest", "", StringComparison.Ordinal)));

            return (noneTwice && onUsable && withinCapacity && gangsWhole)
                .Label($"noneTwice={noneTwice} onUsable={onUsable} withinCapacity={withinCapacity} gangsWhole={gangsWhole} bindings={string.Join(" ", plan.Bindings.Select(b => $"{b.Pod}->{b.Node}"))} before={string.Join(" ", before.Select(kv => $"{kv.Key}:{kv.Value}"))} victims={string.Join(" ", plan.Victims.Select(v => $"{v.Pod}<-{v.CauseJobId}"))} warnings={string.Join("; ", plan.Warnings)}");
        });

    [Fact]
    public void Run_Srtf_AdoptedJobKeepsTheTimeItHasLeft_AShorterNewJobPreemptsOnlyALongerOne()
    {
        V1Node[] nodes = [Node("a", gpus: 8)];
        DateTime now = DateTime.UtcNow;
        V1Pod Running(string name, double durationSeconds, double ranSeconds)
        {
            V1Pod pod = Pod(name, gpus: 8, node: "a", annotations: new() { [KubernetesInventory.DurationAnnotation] = durationSeconds.ToString(CultureInfo.InvariantCulture) });
            pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now.AddSeconds(-ranSeconds) }];
            return pod;
        }

        V1Pod newcomer = Pod("new", gpus: 8, createdSecond: 5, annotations: new() { [KubernetesInventory.DurationAnnotation] = "600" });
        SchedulingPass pass = Pass(SchedulingPolicy.ShortestRemainingTime);

        PassPlan almostDone = pass.Run(nodes, [Running("old", durationSeconds: 3_600, ranSeconds: 3_500), newcomer], NoneAssumed, NoNominations);
        PassPlan farFromDone = pass.Run(nodes, [Running("old", durationSeconds: 3_600, ranSeconds: 100), newcomer], NoneAssumed, NoNominations);

        Assert.Empty(almostDone.Victims);
        Assert.Equal("old", Assert.Single(farFromDone.Victims).Pod);
    }
}
