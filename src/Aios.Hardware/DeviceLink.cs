namespace Aios.Hardware;

/// <summary>A reported connection between two devices of one inventory.</summary>
/// <param name="First">One device.</param>
/// <param name="Second">The other device.</param>
/// <param name="Kind">How they are connected.</param>
/// <param name="BandwidthBytesPerSecond">The link's bandwidth in bytes per second, when known.</param>
public readonly record struct DeviceLink(DeviceId First, DeviceId Second, LinkKind Kind, double? BandwidthBytesPerSecond = null);
