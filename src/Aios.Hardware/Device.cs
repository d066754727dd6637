using System.Diagnostics.CodeAnalysis;

namespace Aios.Hardware;

/// <summary>
/// One device as a provider reported it: identity, kind, vendor and model, typed attributes with qualified names
/// (e.g. <c>gpu.nvidia.com/computeCapability</c>), capacities (see <see cref="CapacityNames"/>), topology,
/// partitions and health. An immutable snapshot; build it with an object initializer.
/// </summary>
public sealed record Device
{
    /// <summary>The stable identity.</summary>
    public required DeviceId Id { get; init; }

    /// <summary>What the device is.</summary>
    public required DeviceKind Kind { get; init; }

    /// <summary>The vendor as reported (e.g. <c>NVIDIA Corporation</c>, <c>GenuineIntel</c>).</summary>
    public required string Vendor { get; init; }

    /// <summary>The model name as reported (e.g. <c>NVIDIA A100-SXM4-80GB</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Typed attributes by qualified name (<c>domain/name</c>).</summary>
    public IReadOnlyDictionary<string, DeviceAttribute> Attributes { get; init; } = EmptyAttributes;

    /// <summary>Capacities by name (<see cref="CapacityNames"/>): whole quantities such as bytes, units, hertz.</summary>
    public IReadOnlyDictionary<string, long> Capacities { get; init; } = EmptyCapacities;

    /// <summary>Where the device sits.</summary>
    public DeviceTopology Topology { get; init; } = DeviceTopology.Unknown;

    /// <summary>The device this one is a partition of (a MIG instance, an OpenCL sub-device); null for a whole device.</summary>
    public DeviceId? Parent { get; init; }

    /// <summary>The partitions carved out of this device; they consume its capacity.</summary>
    public IReadOnlyList<Device> Partitions { get; init; } = [];

    /// <summary>The health condition; unhealthy devices stay in the inventory.</summary>
    public DeviceHealth Health { get; init; } = DeviceHealth.Healthy;

    private static readonly IReadOnlyDictionary<string, DeviceAttribute> EmptyAttributes = new Dictionary<string, DeviceAttribute>();
    private static readonly IReadOnlyDictionary<string, long> EmptyCapacities = new Dictionary<string, long>();

    /// <summary>Gets a capacity.</summary>
    /// <param name="name">The capacity name.</param>
    /// <param name="value">The quantity.</param>
    /// <returns>Whether the device reports it.</returns>
    public bool TryGetCapacity(string name, out long value) => Capacities.TryGetValue(name, out value);

    /// <summary>Gets an attribute.</summary>
    /// <param name="name">The qualified attribute name.</param>
    /// <param name="value">The attribute.</param>
    /// <returns>Whether the device reports it.</returns>
    public bool TryGetAttribute(string name, [MaybeNullWhen(false)] out DeviceAttribute value) => Attributes.TryGetValue(name, out value);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Kind} {Name}";
}
