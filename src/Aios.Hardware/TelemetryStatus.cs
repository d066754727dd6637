namespace Aios.Hardware;

/// <summary>Whether a telemetry field has a value, and if not, why.</summary>
public enum TelemetryStatus
{
    /// <summary>The field has a value.</summary>
    Value,

    /// <summary>The device or driver does not report this field.</summary>
    NotSupported,

    /// <summary>Reading the field needs a permission the process lacks.</summary>
    NoPermission,

    /// <summary>Reading failed (the message says how).</summary>
    Error,
}
