namespace Aios.Serving.Planning;

/// <summary>
/// A deployment in the fewest words, for tools that generate manifests from it (a Kubernetes Deployment of
/// <see cref="Replicas"/> pods, each asking for <see cref="GpusPerReplica"/> devices of <see cref="DeviceType"/>, its
/// server started with <see cref="BatchLimit"/> as its batch limit).
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="DeviceType">The device type.</param>
/// <param name="GpusPerReplica">Devices per replica.</param>
/// <param name="Replicas">Replicas.</param>
/// <param name="BatchLimit">The most sequences a replica batches (vLLM's <c>--max-num-seqs</c>).</param>
public sealed record ServingPlan(string ModelName, string DeviceType, int GpusPerReplica, int Replicas, int BatchLimit);
