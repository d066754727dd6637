using System.Text.Json.Serialization;

namespace Aios.Cli.Kubernetes;

/// <summary>
/// The <c>aios k8s nodes --json</c> contract: the API server's address and every node in name order as the scheduler
/// sees it. <c>used</c> counts the pods bound to the node that have not ended (by anyone); <c>free</c> is what is left,
/// never below 0.
/// </summary>
internal sealed record KubeNodesOutput(string Server, IReadOnlyList<KubeNodeOutput> Nodes);

/// <summary>
/// One node of <c>aios k8s nodes --json</c>: <c>usable</c>, <c>excludedReason</c> (null when usable: cordoned, not
/// Ready), its live bound <c>pods</c>, <c>cpu</c> in cores and <c>memoryBytes</c> (each <c>allocatable</c>, <c>used</c>,
/// <c>free</c>), one entry per device pool, and the taints a pod must tolerate.
/// </summary>
internal sealed record KubeNodeOutput(
    string Name,
    bool Usable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ExcludedReason,
    int Pods,
    KubeCpuOutput Cpu,
    KubeMemoryOutput MemoryBytes,
    IReadOnlyList<KubeDevicePoolOutput> Devices,
    IReadOnlyList<string> Taints);

/// <summary>A node's CPU in cores.</summary>
internal sealed record KubeCpuOutput(double Allocatable, double Used, double Free);

/// <summary>A node's memory in bytes.</summary>
internal sealed record KubeMemoryOutput(long Allocatable, long Used, long Free);

/// <summary>One device pool of a node: its device type, the extended resources that stand for it (<c>nvidia.com/gpu</c>), and the counts.</summary>
internal sealed record KubeDevicePoolOutput(string Type, IReadOnlyList<string> Resources, long Capacity, long Used, long Free);

/// <summary>The <c>aios k8s run --json</c> contract: the namespace and the names of the pods created, in order.</summary>
internal sealed record KubeRunOutput(string Namespace, IReadOnlyList<string> Pods);
