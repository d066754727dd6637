namespace Aios.Hardware;

/// <summary>One reading of a device's live state; each field says whether it has a value.</summary>
public sealed record TelemetrySample
{
    /// <summary>The device.</summary>
    public required DeviceId Device { get; init; }

    /// <summary>When the sample was taken (from the injected <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Busy fraction of the device in [0, 1] over the last interval.</summary>
    public TelemetryValue Utilization { get; init; } = TelemetryValue.NotSupported;

    /// <summary>Memory in use, bytes.</summary>
    public TelemetryValue MemoryUsedBytes { get; init; } = TelemetryValue.NotSupported;

    /// <summary>Memory free, bytes.</summary>
    public TelemetryValue MemoryFreeBytes { get; init; } = TelemetryValue.NotSupported;

    /// <summary>Temperature, degrees Celsius.</summary>
    public TelemetryValue TemperatureCelsius { get; init; } = TelemetryValue.NotSupported;

    /// <summary>Power draw, watts.</summary>
    public TelemetryValue PowerWatts { get; init; } = TelemetryValue.NotSupported;

    /// <summary>Current clock, hertz.</summary>
    public TelemetryValue ClockHz { get; init; } = TelemetryValue.NotSupported;

    /// <summary>A sample with every field <see cref="TelemetryStatus.NotSupported"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="timestamp">The time.</param>
    /// <returns>The sample.</returns>
    public static TelemetrySample NotSupported(DeviceId device, DateTimeOffset timestamp) => new() { Device = device, Timestamp = timestamp };

    /// <summary>A sample whose every field carries the same reading, e.g. one failure that prevented the whole read.</summary>
    /// <param name="device">The device.</param>
    /// <param name="timestamp">The time.</param>
    /// <param name="value">The reading for every field.</param>
    /// <returns>The sample.</returns>
    public static TelemetrySample AllFields(DeviceId device, DateTimeOffset timestamp, TelemetryValue value) => new()
    {
        Device = device,
        Timestamp = timestamp,
        Utilization = value,
        MemoryUsedBytes = value,
        MemoryFreeBytes = value,
        TemperatureCelsius = value,
        PowerWatts = value,
        ClockHz = value,
    };
}
