using System.Diagnostics.Metrics;
using Aios.Hardware.Diagnostics;
using Aios.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aios.Hardware.Tests.Diagnostics;

public sealed class HardwareMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);

    /// <summary>Listens to the instruments of one meter only, so other tests' recordings never leak in.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public List<Measurement> Measurements { get; } = [];

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagMap = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                tagMap[tag.Key] = tag.Value;
            }

            lock (Measurements)
            {
                Measurements.Add(new Measurement(instrument.Name, value, tagMap));
            }
        }
    }

    private static ServiceProvider Services() => new ServiceCollection().AddSingleton<IMeterFactory, TestMeterFactory>().BuildServiceProvider();

    private static Device Gpu(string key) => new() { Id = new DeviceId("static", key), Kind = DeviceKind.Gpu, Vendor = "", Name = "G" };

    [Fact]
    public void RecordDiscovery_Inventory_CountsTheDiscoveryFailuresAndDevices()
    {
        using ServiceProvider services = Services();
        var metrics = new HardwareMetrics(services.GetRequiredService<IMeterFactory>());
        using var recorder = new Recorder(metrics.Meter);
        Device gpu = Gpu("g") with { Partitions = [Gpu("g-0") with { Parent = new DeviceId("static", "g") }] };
        var inventory = new DeviceInventory([gpu], [new ProviderStatus("static", true), new ProviderStatus("cuda", false, "libcuda.so.1 not found")]);

        metrics.RecordDiscovery(inventory);

        Assert.Equal(1, recorder.Measurements.Single(m => m.Instrument == "aios.hardware.discoveries").Value);
        Measurement failure = recorder.Measurements.Single(m => m.Instrument == "aios.hardware.provider.failures");
        Assert.Equal(1, failure.Value);
        Assert.Equal("cuda", failure.Tags["aios.hardware.provider"]);
        Measurement devices = recorder.Measurements.Single(m => m.Instrument == "aios.hardware.devices");
        Assert.Equal(2, devices.Value);
        Assert.Equal("static", devices.Tags["aios.hardware.provider"]);
    }

    [Fact]
    public void RecordSample_ValuedFields_RecordsEachWithDeviceTags()
    {
        using ServiceProvider services = Services();
        var metrics = new HardwareMetrics(services.GetRequiredService<IMeterFactory>());
        using var recorder = new Recorder(metrics.Meter);
        Device gpu = Gpu("g");
        var sample = new TelemetrySample
        {
            Device = gpu.Id,
            Timestamp = Now,
            Utilization = TelemetryValue.Of(0.75),
            MemoryUsedBytes = TelemetryValue.Of(1e9),
            TemperatureCelsius = TelemetryValue.Of(61),
            PowerWatts = TelemetryValue.Of(250),
        };

        metrics.RecordSample(gpu, sample);

        Assert.Equal(
            [("aios.hardware.device.utilization", 0.75), ("aios.hardware.device.memory.used", 1e9), ("aios.hardware.device.temperature", 61.0), ("aios.hardware.device.power", 250.0)],
            recorder.Measurements.Select(m => (m.Instrument, m.Value)));
        Assert.All(recorder.Measurements, m =>
        {
            Assert.Equal("static:g", m.Tags["aios.hardware.device.id"]);
            Assert.Equal("gpu", m.Tags["aios.hardware.device.kind"]);
        });
    }

    [Fact]
    public void RecordSample_FieldsWithoutValues_RecordsNothing()
    {
        using ServiceProvider services = Services();
        var metrics = new HardwareMetrics(services.GetRequiredService<IMeterFactory>());
        using var recorder = new Recorder(metrics.Meter);
        Device gpu = Gpu("g");
        TelemetrySample sample = TelemetrySample.NotSupported(gpu.Id, Now) with { Utilization = TelemetryValue.Failed("read error"), PowerWatts = TelemetryValue.NoPermission };

        metrics.RecordSample(gpu, sample);

        Assert.Empty(recorder.Measurements);
    }

    [Fact]
    public void Instruments_AllPublishedOnTheAiosHardwareMeter()
    {
        using ServiceProvider services = Services();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == HardwareMetrics.MeterName)
                {
                    lock (published)
                    {
                        published.Add(instrument);
                    }
                }
            },
        };
        listener.Start();

        var metrics = new HardwareMetrics(services.GetRequiredService<IMeterFactory>());

        Instrument[] ours;
        lock (published)
        {
            // Other tests publish instruments on meters of the same name from other threads: snapshot, then keep ours.
            ours = [.. published.Where(i => ReferenceEquals(i.Meter, metrics.Meter))];
        }

        Assert.Equal(
            ["aios.hardware.device.memory.used", "aios.hardware.device.power", "aios.hardware.device.temperature", "aios.hardware.device.utilization", "aios.hardware.devices", "aios.hardware.discoveries", "aios.hardware.provider.failures"],
            ours.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal("By", ours.First(i => i.Name == "aios.hardware.device.memory.used").Unit);
    }

    [Fact]
    public void Shared_WithoutAFactory_UsesOneStaticMeter()
    {
        Assert.Equal(HardwareMetrics.MeterName, HardwareMetrics.Shared.Meter.Name);
        Assert.Same(HardwareMetrics.Shared.Meter, new HardwareMetrics().Meter);
    }

    [Fact]
    public void Record_NullArguments_Throw()
    {
        HardwareMetrics metrics = HardwareMetrics.Shared;

        Assert.Throws<ArgumentNullException>(() => metrics.RecordDiscovery(null!));
        Assert.Throws<ArgumentNullException>(() => metrics.RecordSample(null!, TelemetrySample.NotSupported(new DeviceId("a", "b"), Now)));
        Assert.Throws<ArgumentNullException>(() => metrics.RecordSample(Gpu("g"), null!));
    }

    [Fact]
    public async Task Catalog_FromServices_RecordsItsDiscoveriesOnTheContainersMeter()
    {
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IMeterFactory, TestMeterFactory>()
            .AddAiosHardware(builder => builder.AddStatic([Gpu("0"), Gpu("1")]))
            .BuildServiceProvider();
        HardwareMetrics metrics = services.GetRequiredService<HardwareMetrics>();
        using var recorder = new Recorder(metrics.Meter);

        await services.GetRequiredService<HardwareCatalog>().DiscoverAsync(TestContext.Current.CancellationToken);

        Measurement discovery;
        lock (recorder.Measurements)
        {
            discovery = Assert.Single(recorder.Measurements, m => m.Instrument == "aios.hardware.discoveries");
        }

        Assert.Equal(1, discovery.Value);
    }
}
