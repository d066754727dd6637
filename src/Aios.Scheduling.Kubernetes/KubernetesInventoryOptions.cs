namespace Aios.Scheduling.Kubernetes;

/// <summary>How Kubernetes Nodes and Pods map onto the engine's nodes, device pools and requests.</summary>
/// <remarks>Every property has a documented default; a <see cref="KubernetesInventory"/> checks them and keeps a copy
/// when it is created (docs/conventions.md, "Options").</remarks>
public sealed class KubernetesInventoryOptions
{
    /// <summary>Gets or sets the node label whose value names the device type of a node's whole GPUs (default
    /// <c>nvidia.com/gpu.product</c>, as NVIDIA's GPU feature discovery sets it). Without the label the type is the
    /// resource name (<c>nvidia.com/gpu</c>).</summary>
    public string DeviceTypeLabel { get; set; } = "nvidia.com/gpu.product";

    /// <summary>Gets or sets the extended resources counted as whole GPUs (default <c>nvidia.com/gpu</c> and <c>amd.com/gpu</c>).</summary>
    public IList<string> GpuResources { get; } = ["nvidia.com/gpu", "amd.com/gpu"];

    /// <summary>Gets or sets the prefix of MIG resources (default <c>nvidia.com/mig-</c>): each profile
    /// (<c>nvidia.com/mig-1g.10gb</c>) is a device pool of its own, named by the resource.</summary>
    public string MigResourcePrefix { get; set; } = "nvidia.com/mig-";

    /// <summary>Whether an extended resource stands for devices: a whole-GPU resource or a MIG profile.</summary>
    internal bool IsDeviceResource(string resource) =>
        GpuResources.Contains(resource) || resource.StartsWith(MigResourcePrefix, StringComparison.Ordinal);

    /// <summary>Gets or sets the node label naming the topology group (rack, NVLink domain) placement keeps gangs in;
    /// null (the default) uses <c>topology.kubernetes.io/zone</c> alone.</summary>
    public string? TopologyLabel { get; set; }

    /// <summary>Gets or sets the scheduler name pods ask for in <c>spec.schedulerName</c> (default <c>aios</c>).</summary>
    public string SchedulerName { get; set; } = "aios";

    internal KubernetesInventoryOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        var copy = new KubernetesInventoryOptions { SchedulerName = SchedulerName, DeviceTypeLabel = DeviceTypeLabel, MigResourcePrefix = MigResourcePrefix, TopologyLabel = TopologyLabel };
        copy.GpuResources.Clear();
        foreach (string resource in GpuResources)
        {
            copy.GpuResources.Add(resource);
        }

        return copy;
    }

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (string.IsNullOrWhiteSpace(DeviceTypeLabel))
        {
            yield return new ArgumentException("DeviceTypeLabel must be a label name.", nameof(DeviceTypeLabel));
        }

        if (string.IsNullOrWhiteSpace(SchedulerName))
        {
            yield return new ArgumentException("SchedulerName must be the name pods give in spec.schedulerName.", nameof(SchedulerName));
        }

        if (string.IsNullOrWhiteSpace(MigResourcePrefix))
        {
            yield return new ArgumentException("MigResourcePrefix must be a resource-name prefix such as nvidia.com/mig-.", nameof(MigResourcePrefix));
        }

        if (GpuResources.Count == 0 || GpuResources.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ArgumentException("GpuResources must name at least one extended resource, none blank.", nameof(GpuResources));
        }

        if (TopologyLabel is { } label && string.IsNullOrWhiteSpace(label))
        {
            yield return new ArgumentException("TopologyLabel must be null or a label name.", nameof(TopologyLabel));
        }
    }
}
