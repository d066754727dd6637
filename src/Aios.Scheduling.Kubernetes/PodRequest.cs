namespace Aios.Scheduling.Kubernetes;

/// <summary>What one pod asks for, as kube-scheduler counts it.</summary>
/// <param name="CpuCores">CPU cores (millicores / 1000).</param>
/// <param name="MemoryBytes">Memory in bytes, rounded up.</param>
/// <param name="Extended">Extended resources (GPUs, MIG profiles, …) by name, each a whole count.</param>
internal readonly record struct PodRequest(double CpuCores, long MemoryBytes, IReadOnlyDictionary<string, long> Extended);
