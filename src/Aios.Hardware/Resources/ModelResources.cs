namespace Aios.Hardware.Resources;

/// <summary>The healthy devices of one model within a node (or a whole inventory): how many, and their memory and compute units.</summary>
/// <param name="Model">The model key (see <see cref="ModelKey"/>), such as <c>a100</c>.</param>
/// <param name="Kind">The device kind.</param>
/// <param name="Count">How many devices.</param>
/// <param name="MemoryBytesPerDevice">The smallest memory of one device, the figure a per-device request can count on; 0 where unknown.</param>
/// <param name="TotalMemoryBytes">The memory of all the devices together.</param>
/// <param name="ComputeUnits">The compute units (SMs, CUs, cores) of all the devices together.</param>
public readonly record struct ModelResources(string Model, DeviceKind Kind, int Count, long MemoryBytesPerDevice, long TotalMemoryBytes, long ComputeUnits);
