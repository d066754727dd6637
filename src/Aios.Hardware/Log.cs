using Microsoft.Extensions.Logging;

namespace Aios.Hardware;

/// <summary>
/// What an operator must see from Aios.Hardware, as source-generated log messages. The event ids are stable (documented
/// in docs/hardware.md, "Logging"); a new message takes the next free id and an id is never reused for another meaning.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ProviderFailed", Level = LogLevel.Error,
        Message = "Device provider {Provider} failed during discovery; it is reported unavailable and the other providers' devices are listed")]
    public static partial void ProviderFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "ProviderUnavailable", Level = LogLevel.Warning,
        Message = "Device provider {Provider} is unavailable: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string provider, string? reason, Exception? exception);

    [LoggerMessage(EventId = 3, EventName = "ProviderStillUnavailable", Level = LogLevel.Debug,
        Message = "Device provider {Provider} is still unavailable: {Reason}")]
    public static partial void ProviderStillUnavailable(ILogger logger, string provider, string? reason, Exception? exception);

    [LoggerMessage(EventId = 4, EventName = "ProviderAvailable", Level = LogLevel.Information,
        Message = "Device provider {Provider} is available again")]
    public static partial void ProviderAvailable(ILogger logger, string provider);

    [LoggerMessage(EventId = 5, EventName = "DeviceUnhealthy", Level = LogLevel.Warning,
        Message = "Device {Device} is {Health}: {Reason}")]
    public static partial void DeviceUnhealthy(ILogger logger, DeviceId device, HealthStatus health, string? reason);

    [LoggerMessage(EventId = 6, EventName = "TelemetryFailed", Level = LogLevel.Warning,
        Message = "Telemetry read of device {Device} failed; its sample reports the failure")]
    public static partial void TelemetryFailed(ILogger logger, DeviceId device, Exception exception);

    [LoggerMessage(EventId = 7, EventName = "TelemetryStillFailing", Level = LogLevel.Debug,
        Message = "Telemetry read of device {Device} failed again")]
    public static partial void TelemetryStillFailing(ILogger logger, DeviceId device, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "TelemetryRecovered", Level = LogLevel.Information,
        Message = "Telemetry of device {Device} is read again")]
    public static partial void TelemetryRecovered(ILogger logger, DeviceId device);
}
