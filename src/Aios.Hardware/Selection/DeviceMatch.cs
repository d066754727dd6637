namespace Aios.Hardware.Selection;

/// <summary>A device that satisfies every predicate of a <see cref="DeviceSelector"/>, with its score.</summary>
/// <param name="Device">The device.</param>
/// <param name="Score">The sum of the weighted preference terms, each in [0, 1]; 0 when no preference was given. Higher is better.</param>
public readonly record struct DeviceMatch(Device Device, double Score);
