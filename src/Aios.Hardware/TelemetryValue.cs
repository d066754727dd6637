namespace Aios.Hardware;

/// <summary>One telemetry reading: a value, or the reason there is none.</summary>
/// <param name="Status">Whether there is a value.</param>
/// <param name="Value">The value when <paramref name="Status"/> is <see cref="TelemetryStatus.Value"/>; 0 otherwise.</param>
/// <param name="Message">Detail for an error.</param>
public readonly record struct TelemetryValue(TelemetryStatus Status, double Value = 0, string? Message = null)
{
    /// <summary>Whether the reading has a value.</summary>
    public bool HasValue => Status == TelemetryStatus.Value;

    /// <summary>A reading with a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The reading.</returns>
    public static TelemetryValue Of(double value) => new(TelemetryStatus.Value, value);

    /// <summary>A field the device does not report.</summary>
    public static TelemetryValue NotSupported => new(TelemetryStatus.NotSupported);

    /// <summary>A field the process may not read.</summary>
    public static TelemetryValue NoPermission => new(TelemetryStatus.NoPermission);

    /// <summary>A failed read.</summary>
    /// <param name="message">What failed.</param>
    /// <returns>The reading.</returns>
    public static TelemetryValue Failed(string message) => new(TelemetryStatus.Error, 0, message);

    /// <inheritdoc />
    public override string ToString() => Status == TelemetryStatus.Value
        ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Status.ToString();
}
