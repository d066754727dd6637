namespace Aios.Hardware;

/// <summary>How two devices are connected, from closest to farthest; the order is meaningful (a smaller value is closer).</summary>
public enum LinkKind
{
    /// <summary>The same device (or a partition and its parent).</summary>
    Self,

    /// <summary>A direct device-to-device fabric: same board, NVLink, Infinity Fabric.</summary>
    DirectFabric,

    /// <summary>Under the same PCIe switch.</summary>
    SamePcieSwitch,

    /// <summary>Under the same PCIe host bridge (root complex).</summary>
    SameHostBridge,

    /// <summary>On the same NUMA node, through the CPU.</summary>
    SameNumaNode,

    /// <summary>Across sockets (the inter-socket interconnect).</summary>
    CrossSocket,

    /// <summary>Nothing is known about the path.</summary>
    Unknown,
}
