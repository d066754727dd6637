namespace Aios.Hardware;

/// <summary>
/// Qualified names of the attributes that Aios itself gives devices, in the <c>aios.dev/</c> domain, following the
/// qualified-name convention of Kubernetes Dynamic Resource Allocation (<c>domain/name</c>).
/// </summary>
public static class HardwareAttributeNames
{
    /// <summary>
    /// The node (host) a device belongs to, a string such as <c>node-03</c>. Static clusters set it on every device;
    /// <see cref="Resources.ResourceSummary"/> groups devices by it.
    /// </summary>
    public const string Node = "aios.dev/node";

    /// <summary>
    /// The device's model key, a lower-case string such as <c>a100</c>. Where set, it is used as given instead of a
    /// key derived from the device name (see <see cref="Resources.ModelKey"/>).
    /// </summary>
    public const string Model = "aios.dev/model";

    /// <summary>
    /// The topology group (rack, NVLink island) of a device's node, a string such as <c>rack-1</c>. A static cluster's
    /// <c>group</c> sets it on every device of its nodes; <see cref="Resources.NodeResources.TopologyGroup"/> reports it.
    /// </summary>
    public const string TopologyGroup = "aios.dev/topologyGroup";
}
