using Aios.Scheduling.Engine;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes.Tests;

/// <summary>API objects as a hostile or broken cluster may serve them: a pass never throws, and every pending pod of ours is bound or explained.</summary>
public sealed class SchedulingPassFuzzTests
{
    private static readonly string[] Quantities = ["8", "0", "-1", "abc", "1e400", "0.5", "1.5Gi", "500m", "99999999999999999999", "", "1Ki", "2", "16", "64Gi", "1E3", "+4", "0x10", " 3", "∞"];
    private static readonly string[] Strings = ["", "a", "default", "g", "-5", "0", "3", "999999999999", "x y", "ünï", "../etc", "nope", "research", "1e3", "NaN", "500", "0.25", "1000", "A100", "40960"];
    private static readonly string[] Resources = ["nvidia.com/gpu", "amd.com/gpu", "nvidia.com/mig-1g.10gb", "cpu", "memory", "example.com/foo", "nvidia.com/mig-"];

    /// <summary>Choices that shape one random object; the rest comes from the seed.</summary>
    public sealed record Mess(int Nodes, int Pods, int Seed)
    {
        public override string ToString() => $"{Nodes} nodes, {Pods} pods, seed {Seed}";
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static Dictionary<string, ResourceQuantity>? Resources_(Random random)
    {
        if (random.Next(6) == 0)
        {
            return null;
        }

        var resources = new Dictionary<string, ResourceQuantity>();
        for (int i = random.Next(4); i >= 0; i--)
        {
            try
            {
                resources[Pick(random, Resources)] = new ResourceQuantity(Pick(random, Quantities));
            }
            catch (FormatException)
            {
                // The client refuses to hold such a quantity at all, so no API object can carry it.
            }
        }

        return resources;
    }

    private static Dictionary<string, string>? Map(Random random, params string[] keys)
    {
        if (random.Next(3) == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>();
        foreach (string key in keys)
        {
            if (random.Next(2) == 0)
            {
                map[key] = Pick(random, Strings);
            }
        }

        return map;
    }

    private static V1Node Node(Random random, int i) => new()
    {
        Metadata = random.Next(20) == 0 ? new V1ObjectMeta() : new V1ObjectMeta { Name = random.Next(10) == 0 ? "n0" : $"n{i}", Labels = Map(random, "nvidia.com/gpu.product", "pool", "topology.kubernetes.io/zone", KubernetesInventory.GpuMemoryLabel) },
        Spec = random.Next(8) == 0 ? null : new V1NodeSpec
        {
            Unschedulable = random.Next(5) == 0 ? true : null,
            Taints = random.Next(4) == 0 ? [new V1Taint { Key = Pick(random, Strings), Value = Pick(random, Strings), Effect = Pick(random, ["NoSchedule", "NoExecute", "PreferNoSchedule", "", "Bogus"]) }] : null,
        },
        Status = random.Next(8) == 0 ? null : new V1NodeStatus
        {
            Allocatable = Resources_(random),
            Conditions = random.Next(5) == 0 ? null : [new V1NodeCondition { Type = Pick(random, ["Ready", "Ready", "DiskPressure", ""]), Status = Pick(random, ["True", "True", "False", "Unknown", ""]) }],
        },
    };

    private static V1Pod Pod(Random random, int i)
    {
        V1Container Container() => new() { Name = "c", Resources = random.Next(6) == 0 ? null : new V1ResourceRequirements { Requests = Resources_(random), Limits = Resources_(random) } };
        return new V1Pod
        {
            Metadata = random.Next(25) == 0 ? new V1ObjectMeta() : new V1ObjectMeta
            {
                Name = $"p{i}",
                NamespaceProperty = random.Next(6) == 0 ? null : Pick(random, ["default", "team-a"]),
                Labels = Map(random, KubernetesInventory.PodGroupLabel, KubernetesInventory.QueueLabel, "kueue.x-k8s.io/queue-name", "pod-group.scheduling.sigs.k8s.io/min-available"),
                Annotations = Map(random, KubernetesInventory.DurationAnnotation, KubernetesInventory.MinMembersAnnotation, KubernetesInventory.GpuMilliAnnotation, KubernetesInventory.GpuMemoryAnnotation, KubernetesInventory.GpuShareDeviceAnnotation, KubernetesInventory.GpuShareTypeAnnotation, "gpu-fraction"),
                DeletionTimestamp = random.Next(15) == 0 ? DateTime.UnixEpoch : null,
                CreationTimestamp = random.Next(5) == 0 ? null : DateTime.UnixEpoch.AddSeconds(random.Next(100)),
            },
            Spec = random.Next(12) == 0 ? null : new V1PodSpec
            {
                SchedulerName = Pick(random, ["aios", "aios", "aios", "default-scheduler", "", null!]),
                NodeName = random.Next(4) == 0 ? Pick(random, ["n0", "n1", "n2", "ghost", ""]) : null,
                Priority = random.Next(3) == 0 ? random.Next(-5, 2000) : null,
                NodeSelector = Map(random, "pool", "zone"),
                Tolerations = random.Next(4) == 0 ? [new V1Toleration { Key = Pick(random, Strings), OperatorProperty = Pick(random, ["Exists", "Equal", "", "Bogus"]), Effect = Pick(random, ["", "NoSchedule", "NoExecute"]) }] : null,
                Affinity = random.Next(6) == 0 ? new V1Affinity
                {
                    NodeAffinity = new V1NodeAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = random.Next(3) == 0 ? null : [new V1NodeSelectorRequirement { Key = Pick(random, ["pool", "zone", ""]), OperatorProperty = Pick(random, ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Bogus"]), Values = random.Next(3) == 0 ? null : [Pick(random, Strings)] }] }] },
                    },
                } : null,
                Containers = random.Next(15) == 0 ? [] : [Container(), .. random.Next(3) == 0 ? [Container()] : Array.Empty<V1Container>()],
                InitContainers = random.Next(5) == 0 ? [Container()] : null,
                Overhead = random.Next(8) == 0 ? Resources_(random) : null,
            },
            Status = random.Next(6) == 0 ? null : new V1PodStatus { Phase = Pick(random, ["Pending", "Pending", "Running", "Succeeded", "Failed", "Unknown", ""]) },
        };
    }

    [Property(MaxTest = 3000)]
    public Property Run_RandomAndBrokenObjects_NeverThrows_EveryPendingPodOfOursIsBoundOrExplained() => Prop.ForAll(
        (from nodes in Gen.Choose(0, 6)
         from pods in Gen.Choose(0, 14)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select new Mess(nodes, pods, seed)).ToArbitrary(),
        mess =>
        {
            var random = new Random(mess.Seed);
            List<V1Node> nodes = [.. Enumerable.Range(0, mess.Nodes).Select(i => Node(random, i))];
            List<V1Pod> pods = [.. Enumerable.Range(0, mess.Pods).Select(i => Pod(random, i))]; // names unique, as in an API server (a namespace may be missing: it reads as default)
            var pass = new SchedulingPass(new KubernetesSchedulerOptions { Scheduler = new SchedulerOptions { Policy = Pick(random, [SchedulingPolicy.Fifo, SchedulingPolicy.Priority, SchedulingPolicy.DominantResourceFairness]) } }.Snapshot(), null);

            Task<PassPlan> run = Task.Run(() => pass.Run(nodes, pods, new Dictionary<string, AssumedBinding>(), new Dictionary<string, Nomination>()));
            if (!run.Wait(TimeSpan.FromSeconds(10)))
            {
                return false.Label($"the pass did not end within 10 s: {mess}");
            }

            PassPlan plan = run.Result;

            var bound = plan.Bindings.Select(b => $"{b.Namespace}/{b.Pod}").ToHashSet();
            List<string> unanswered = [.. pods
                .Where(p => p.Metadata?.Name is { Length: > 0 } && p.Spec?.SchedulerName == "aios" && string.IsNullOrEmpty(p.Spec.NodeName) && p.Metadata.DeletionTimestamp is null && p.Status?.Phase is null or "Pending")
                .Select(SchedulingPass.Key)
                .Where(key => !bound.Contains(key) && !plan.Explanations.ContainsKey(key))];
            return (unanswered.Count == 0).Label($"unanswered: {string.Join(", ", unanswered)}");
        });
}
