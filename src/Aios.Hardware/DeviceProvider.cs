namespace Aios.Hardware;

/// <summary>
/// A source of devices: the CPUs of this host, an OpenCL ICD, the NVIDIA driver, a static declaration. Register
/// providers on a <see cref="HardwareBuilder"/>. A provider whose driver or library is missing reports itself
/// unavailable with the reason; discovery never lets a provider's exception escape.
/// </summary>
public abstract class DeviceProvider
{
    /// <summary>The provider name used in <see cref="DeviceId.Provider"/>: lower-case, no ':'.</summary>
    public abstract string Name { get; }

    /// <summary>Looks for devices.</summary>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>The devices and links found, or an unavailable result with the reason.</returns>
    public abstract ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one telemetry sample of a device this provider reported.</summary>
    /// <param name="device">The device.</param>
    /// <param name="timestamp">The time to stamp the sample with.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sample; by default every field is <see cref="TelemetryStatus.NotSupported"/>.</returns>
    public virtual ValueTask<TelemetrySample> SampleAsync(Device device, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        return ValueTask.FromResult(TelemetrySample.NotSupported(device.Id, timestamp));
    }
}
