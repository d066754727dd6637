using System.Globalization;
using Aios.Scheduling.Model;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

public sealed partial class KubernetesInventory
{
    /// <summary>The coscheduling plugin's pod-group label: pods sharing it are one gang (existing manifests work as they are).</summary>
    public const string PodGroupLabel = "scheduling.x-k8s.io/pod-group";

    /// <summary>The label naming a pod's queue; Kueue's <c>kueue.x-k8s.io/queue-name</c> is read when this one is absent.</summary>
    public const string QueueLabel = "aios.dev/queue";

    /// <summary>The annotation with a pod's duration estimate in seconds (for SRTF and backfill).</summary>
    public const string DurationAnnotation = "aios.dev/duration-seconds";

    /// <summary>The annotation with a gang's minimum size: none of its pods is scheduled before that many exist (the
    /// coscheduling plugin's older label <c>pod-group.scheduling.sigs.k8s.io/min-available</c> is read too).</summary>
    public const string MinMembersAnnotation = "aios.dev/min-members";

    /// <summary>The coscheduling plugin's label with a pod group's minimum size (before PodGroup objects).</summary>
    internal const string LegacyMinAvailableLabel = "pod-group.scheduling.sigs.k8s.io/min-available";

    private const string KueueQueueLabel = "kueue.x-k8s.io/queue-name";

    /// <summary>
    /// Groups the pods this scheduler must place — <c>spec.schedulerName</c> is <see cref="KubernetesInventoryOptions.SchedulerName"/>,
    /// not bound to a node, not being deleted, phase Pending — into jobs: pods sharing <see cref="PodGroupLabel"/> in a
    /// namespace are one gang of as many replicas, any other pod a job of one. Queue from <see cref="QueueLabel"/> (or
    /// Kueue's label), priority from <c>spec.priority</c>, duration from <see cref="DurationAnnotation"/>, GPUs of one kind
    /// per pod, accepting every device type the nodes pool for that resource — or a share of one GPU
    /// (<see cref="GpuMilliAnnotation"/>, with <see cref="GpuMemoryAnnotation"/>) on a GPU of any whole-GPU resource.
    /// </summary>
    /// <param name="pods">The pods as listed (any, in any order).</param>
    /// <param name="nodes">The nodes as read by <see cref="ReadNode"/>: which device types each GPU resource stands for.</param>
    /// <returns>The jobs in id order; a job whose pods cannot be scheduled as they are carries the reason instead.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IReadOnlyList<PodJob> GroupPods(IEnumerable<V1Pod> pods, IEnumerable<InventoryNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(nodes);
        Dictionary<string, SortedSet<string>> typesByResource = DeviceTypesByResource(nodes);
        var groups = new SortedDictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (V1Pod pod in pods)
        {
            ArgumentNullException.ThrowIfNull(pod, nameof(pods));
            if (!IsOurs(pod))
            {
                continue;
            }

            string id = JobIdOf(pod);
            if (!groups.TryGetValue(id, out List<V1Pod>? members))
            {
                groups[id] = members = [];
            }

            members.Add(pod);
        }

        var jobs = new List<PodJob>(groups.Count);
        foreach ((string id, List<V1Pod> members) in groups)
        {
            members.Sort((a, b) => string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name));
            string[] names = [.. members.Select(p => $"{p.Metadata.NamespaceProperty ?? "default"}/{p.Metadata.Name}")];
            (JobSpec? job, string? problem) = ToJob(id, members, typesByResource);
            jobs.Add(new PodJob(id, names, job, problem));
        }

        return jobs;
    }

    /// <summary>The job a pod belongs to: <c>namespace/group</c> for a gang member, <c>namespace/pod</c> otherwise.</summary>
    internal static string JobIdOf(V1Pod pod)
    {
        string space = pod.Metadata.NamespaceProperty ?? "default";
        return pod.Metadata.Labels?.TryGetValue(PodGroupLabel, out string? group) == true && !string.IsNullOrWhiteSpace(group)
            ? $"{space}/{group}"
            : $"{space}/{pod.Metadata.Name}";
    }

    /// <summary>A pod's queue: <see cref="QueueLabel"/>, else Kueue's label, else the default queue.</summary>
    internal static string QueueOf(V1Pod pod)
    {
        IDictionary<string, string>? labels = pod.Metadata.Labels;
        return labels?.TryGetValue(QueueLabel, out string? q) == true && q.Length > 0 ? q
            : labels?.TryGetValue(KueueQueueLabel, out string? k) == true && k.Length > 0 ? k
            : QueueSpec.DefaultName;
    }

    private bool IsOurs(V1Pod pod) =>
        pod.Metadata?.Name is { Length: > 0 }
        && string.Equals(pod.Spec?.SchedulerName, _options.SchedulerName, StringComparison.Ordinal)
        && string.IsNullOrEmpty(pod.Spec?.NodeName)
        && pod.Metadata.DeletionTimestamp is null
        && (pod.Status?.Phase is null or "Pending");

    private static Dictionary<string, SortedSet<string>> DeviceTypesByResource(IEnumerable<InventoryNode> nodes)
    {
        var types = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (InventoryNode node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            foreach ((string resource, string type) in node.DeviceResources)
            {
                if (!types.TryGetValue(resource, out SortedSet<string>? set))
                {
                    types[resource] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(type);
            }
        }

        return types;
    }

    private (JobSpec? Job, string? Problem) ToJob(string id, List<V1Pod> members, Dictionary<string, SortedSet<string>> typesByResource)
    {
        var requests = new List<PodRequest>(members.Count);
        var shares = new List<(int Milli, long MemoryBytes)?>(members.Count);
        try
        {
            foreach (V1Pod pod in members)
            {
                requests.Add(ReadRequest(pod));
                shares.Add(ReadShare(pod));
            }
        }
        catch (FormatException exception)
        {
            return (null, exception.Message);
        }

        PodRequest first = requests[0];
        for (int i = 1; i < requests.Count; i++)
        {
            if (requests[i].CpuCores != first.CpuCores || requests[i].MemoryBytes != first.MemoryBytes || !requests[i].Extended.SequenceEqual(first.Extended) || shares[i] != shares[0])
            {
                return (null, $"the pods of gang {id} ask for different resources ({members[0].Metadata.Name} and {members[i].Metadata.Name}); a gang's pods must ask for the same.");
            }
        }

        string[] gpuResources = [.. first.Extended.Keys.Where(_options.IsDeviceResource)];
        if (gpuResources.Length > 1)
        {
            return (null, $"pod {members[0].Metadata.Name} asks for {string.Join(" and ", gpuResources)}; a pod may ask for one kind of GPU.");
        }

        long gpus = gpuResources.Length == 1 ? first.Extended[gpuResources[0]] : 0;
        if (gpus > int.MaxValue)
        {
            return (null, $"pod {members[0].Metadata.Name} asks for {gpus} GPUs.");
        }

        ReplicaRequest request;
        if (shares[0] is (int milli, long gpuMemory))
        {
            if (gpus > 0)
            {
                return (null, $"pod {members[0].Metadata.Name} asks for a share of a GPU ({GpuMilliAnnotation}) and for {gpus} {gpuResources[0]}; ask for one or the other.");
            }

            // A share goes to a GPU of any whole-GPU resource the nodes offer (not a MIG instance).
            string[] shareTypes = [.. _options.GpuResources.SelectMany(r => typesByResource.TryGetValue(r, out SortedSet<string>? types) ? types : []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            request = new ReplicaRequest(1)
            {
                GpuMilli = milli,
                GpuMemoryBytes = gpuMemory,
                CpuCores = first.CpuCores,
                MemoryBytes = first.MemoryBytes,
                DeviceTypes = shareTypes.Length > 0 ? shareTypes : [.. _options.GpuResources],
            };
        }
        else
        {
            request = new ReplicaRequest((int)gpus)
            {
                CpuCores = first.CpuCores,
                MemoryBytes = first.MemoryBytes,
                DeviceTypes = gpuResources.Length == 1
                    ? (typesByResource.TryGetValue(gpuResources[0], out SortedSet<string>? types) ? [.. types] : [gpuResources[0]])
                    : null,
            };
        }
        V1Pod head = members[0];
        string queue = QueueOf(head);
        double? duration = null;
        if (head.Metadata.Annotations?.TryGetValue(DurationAnnotation, out string? text) == true)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || !double.IsFinite(seconds))
            {
                return (null, $"annotation {DurationAnnotation} on {head.Metadata.Name} must be a number of seconds > 0 (was '{text}').");
            }

            duration = seconds;
        }

        return (new JobSpec(id, members.Count, request)
        {
            Queue = queue,
            Priority = head.Spec?.Priority ?? 0,
            Gang = true,
            Duration = duration,
        }, null);
    }
}
