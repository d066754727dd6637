namespace Aios.Hardware;

/// <summary>How usable a device is. Devices are never dropped from an inventory for being unhealthy.</summary>
public enum HealthStatus
{
    /// <summary>Usable.</summary>
    Healthy,

    /// <summary>Usable with reduced capability (throttling, ECC errors, a degraded link).</summary>
    Degraded,

    /// <summary>Present but not usable (lost, fallen off the bus, driver error).</summary>
    Unavailable,
}
