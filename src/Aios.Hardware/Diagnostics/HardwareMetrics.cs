using System.Diagnostics.Metrics;

namespace Aios.Hardware.Diagnostics;

/// <summary>
/// The instruments of the <c>Aios.Hardware</c> meter (<see cref="MeterName"/>): discoveries, provider failures and
/// telemetry gauges. A <see cref="HardwareCatalog"/> records through it when it discovers and samples; hosts that run
/// discovery or telemetry themselves may record through it too.
/// </summary>
/// <remarks>
/// <para>Instruments (names follow the OpenTelemetry semantic-convention style, units in UCUM):</para>
/// <list type="bullet">
/// <item><description><c>aios.hardware.discoveries</c> (counter, <c>{discovery}</c>): one per discovery of a catalog.</description></item>
/// <item><description><c>aios.hardware.provider.failures</c> (counter, <c>{failure}</c>): one per provider that was unavailable in a discovery, tagged <c>aios.hardware.provider</c>.</description></item>
/// <item><description><c>aios.hardware.devices</c> (gauge, <c>{device}</c>): the devices (partitions included) a provider reported in the latest discovery, tagged <c>aios.hardware.provider</c>.</description></item>
/// <item><description><c>aios.hardware.device.utilization</c> (gauge, <c>1</c>, a fraction in [0, 1]), <c>aios.hardware.device.memory.used</c>
/// (gauge, <c>By</c>), <c>aios.hardware.device.temperature</c> (gauge, <c>Cel</c>), <c>aios.hardware.device.power</c> (gauge, <c>W</c>):
/// the latest telemetry of a device, tagged <c>aios.hardware.device.id</c> and <c>aios.hardware.device.kind</c>; fields without a value are not recorded.</description></item>
/// </list>
/// <para>
/// As in Microsoft.Extensions.Caching.Memory, the meter comes from an <see cref="IMeterFactory"/> when one is given (so a
/// host's DI container owns it and tests can isolate it), else from one shared static <see cref="Meter"/>.
/// </para>
/// </remarks>
public sealed class HardwareMetrics
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "Aios.Hardware";

    private static readonly Meter SharedMeter = new(MeterName);

    private readonly Counter<long> _discoveries;
    private readonly Counter<long> _providerFailures;
    private readonly Gauge<long> _devices;
    private readonly Gauge<double> _utilization;
    private readonly Gauge<double> _memoryUsed;
    private readonly Gauge<double> _temperature;
    private readonly Gauge<double> _power;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on the shared meter when it is <see langword="null"/>.</summary>
    /// <param name="meterFactory">The factory of the host's meters, or <see langword="null"/> for the shared static meter.</param>
    public HardwareMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? SharedMeter;
        _discoveries = Meter.CreateCounter<long>("aios.hardware.discoveries", "{discovery}", "Discoveries run by a hardware catalog.");
        _providerFailures = Meter.CreateCounter<long>("aios.hardware.provider.failures", "{failure}", "Providers that were unavailable in a discovery.");
        _devices = Meter.CreateGauge<long>("aios.hardware.devices", "{device}", "Devices a provider reported in the latest discovery, partitions included.");
        _utilization = Meter.CreateGauge<double>("aios.hardware.device.utilization", "1", "Device utilization, a fraction in [0, 1].");
        _memoryUsed = Meter.CreateGauge<double>("aios.hardware.device.memory.used", "By", "Device memory in use.");
        _temperature = Meter.CreateGauge<double>("aios.hardware.device.temperature", "Cel", "Device temperature.");
        _power = Meter.CreateGauge<double>("aios.hardware.device.power", "W", "Device power draw.");
    }

    /// <summary>Gets the instruments of the shared static meter, used when no <see cref="IMeterFactory"/> is at hand.</summary>
    public static HardwareMetrics Shared { get; } = new();

    /// <summary>Gets the meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Records a discovery: one discovery, one failure per unavailable provider, and the device count of each available provider.</summary>
    /// <param name="inventory">The inventory the discovery produced.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inventory"/> is <see langword="null"/>.</exception>
    public void RecordDiscovery(DeviceInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        _discoveries.Add(1);
        var perProvider = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Device device in inventory.AllDevices)
        {
            perProvider[device.Id.Provider] = perProvider.GetValueOrDefault(device.Id.Provider) + 1;
        }

        foreach (ProviderStatus provider in inventory.Providers)
        {
            var tag = new KeyValuePair<string, object?>("aios.hardware.provider", provider.Name);
            if (provider.Available)
            {
                _devices.Record(perProvider.GetValueOrDefault(provider.Name), tag);
            }
            else
            {
                _providerFailures.Add(1, tag);
            }
        }
    }

    /// <summary>Records the fields of a telemetry sample that hold a value.</summary>
    /// <param name="device">The sampled device (for its id and kind).</param>
    /// <param name="sample">The sample.</param>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> or <paramref name="sample"/> is <see langword="null"/>.</exception>
    public void RecordSample(Device device, TelemetrySample sample)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sample);
        var id = new KeyValuePair<string, object?>("aios.hardware.device.id", device.Id.ToString());
        var kind = new KeyValuePair<string, object?>("aios.hardware.device.kind", KindName(device.Kind));
        Record(_utilization, sample.Utilization, id, kind);
        Record(_memoryUsed, sample.MemoryUsedBytes, id, kind);
        Record(_temperature, sample.TemperatureCelsius, id, kind);
        Record(_power, sample.PowerWatts, id, kind);
    }

    private static void Record(Gauge<double> gauge, TelemetryValue value, KeyValuePair<string, object?> id, KeyValuePair<string, object?> kind)
    {
        if (value.HasValue && gauge.Enabled)
        {
            gauge.Record(value.Value, id, kind);
        }
    }

    private static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Gpu => "gpu",
        DeviceKind.Fpga => "fpga",
        DeviceKind.Accelerator => "accelerator",
        _ => "other",
    };
}
