namespace Aios.Hardware;

/// <summary>A device's health condition: a status and, when not healthy, the reason.</summary>
/// <param name="Status">The condition.</param>
/// <param name="Reason">Why the device is degraded or unavailable; null when healthy.</param>
public readonly record struct DeviceHealth(HealthStatus Status, string? Reason = null)
{
    /// <summary>A healthy device.</summary>
    public static DeviceHealth Healthy => new(HealthStatus.Healthy);

    /// <summary>A degraded device.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The condition.</returns>
    public static DeviceHealth Degraded(string reason) => new(HealthStatus.Degraded, reason);

    /// <summary>An unavailable device.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The condition.</returns>
    public static DeviceHealth Unavailable(string reason) => new(HealthStatus.Unavailable, reason);
}
