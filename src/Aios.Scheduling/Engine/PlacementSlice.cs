namespace Aios.Scheduling.Engine;

/// <summary>Part of a placement: <paramref name="Count"/> devices of <paramref name="DeviceType"/> on <paramref name="Node"/>, for <paramref name="Replicas"/> replicas.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="DeviceType">The device type.</param>
/// <param name="Count">The devices taken there.</param>
/// <param name="Replicas">The replicas placed there.</param>
public readonly record struct PlacementSlice(string Node, string DeviceType, int Count, int Replicas);
