using Aios.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Hardware.Tests;

public sealed class HardwareCatalogTests
{
    private sealed class ThrowingProvider : DeviceProvider
    {
        public override string Name => "broken";

        public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default) =>
            throw new DllNotFoundException("libbroken.so.1 not found");
    }

    private sealed class FixedProvider(params Device[] devices) : DeviceProvider
    {
        public int Samples { get; private set; }

        public override string Name => "fixed";

        public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ProviderDiscovery { Available = true, Devices = devices });

        public override ValueTask<TelemetrySample> SampleAsync(Device device, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
        {
            Samples++;
            return ValueTask.FromResult(new TelemetrySample { Device = device.Id, Timestamp = timestamp, Utilization = TelemetryValue.Of(0.5) });
        }
    }

    private static Device Gpu(string key, int? numa = null) => new()
    {
        Id = new DeviceId("fixed", key),
        Kind = DeviceKind.Gpu,
        Vendor = "Test",
        Name = "Test GPU",
        Topology = new DeviceTopology { NumaNode = numa },
    };

    [Fact]
    public async Task DiscoverAsync_ProviderThrows_ReportsItUnavailableAndKeepsTheOthers()
    {
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(new ThrowingProvider()).AddProvider(new FixedProvider(Gpu("0"))).Build();

        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        ProviderStatus broken = inventory.Providers[0];
        Assert.False(broken.Available);
        Assert.Contains("libbroken.so.1", broken.Reason, StringComparison.Ordinal);
        Assert.True(inventory.Providers[1].Available);
        Assert.Single(inventory.Devices);
    }

    /// <summary>A provider whose discovery and sampling do what the test says.</summary>
    private sealed class ScriptedProvider : DeviceProvider
    {
        public Func<ProviderDiscovery> Discovery { get; set; } = static () => new ProviderDiscovery { Available = true };

        public Func<TelemetrySample>? Sample { get; set; }

        public override string Name => "scripted";

        public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Discovery());

        public override ValueTask<TelemetrySample> SampleAsync(Device device, DateTimeOffset timestamp, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Sample!());
    }

    [Fact]
    public async Task DiscoverAsync_ProviderThrows_LogsAnErrorWithTheException_ThenItsReturn()
    {
        var logs = new CapturingLoggerFactory();
        var failure = new DllNotFoundException("libbroken.so.1 not found");
        var provider = new ScriptedProvider { Discovery = () => throw failure };
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(provider).UseLoggerFactory(logs).Build();

        await catalog.DiscoverAsync(TestContext.Current.CancellationToken);
        await catalog.DiscoverAsync(TestContext.Current.CancellationToken);
        provider.Discovery = static () => new ProviderDiscovery { Available = true };
        await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        CapturedLog failed = Assert.Single(logs.WithEventId(1));
        Assert.Equal((LogLevel.Error, "ProviderFailed"), (failed.Level, failed.EventId.Name));
        Assert.Same(failure, failed.Exception);
        Assert.Equal("Device provider scripted failed during discovery; it is reported unavailable and the other providers' devices are listed", failed.Message);
        Assert.Equal("Aios.Hardware.HardwareCatalog", failed.Category);
        CapturedLog again = Assert.Single(logs.WithEventId(3));
        Assert.Equal(LogLevel.Debug, again.Level);
        Assert.Same(failure, again.Exception);
        CapturedLog back = Assert.Single(logs.WithEventId(4));
        Assert.Equal((LogLevel.Information, "Device provider scripted is available again"), (back.Level, back.Message));
    }

    [Fact]
    public async Task DiscoverAsync_ProviderUnavailable_LogsAWarningWithReasonAndException_Once()
    {
        var logs = new CapturingLoggerFactory();
        var cause = new EntryPointNotFoundException("clGetPlatformIDs");
        var provider = new ScriptedProvider { Discovery = () => ProviderDiscovery.Unavailable("libOpenCL.so.1 lacks an OpenCL 1.2 entry point", cause) };
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(provider).UseLoggerFactory(logs).Build();

        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);
        await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.False(inventory.Providers[0].Available);
        CapturedLog unavailable = Assert.Single(logs.WithEventId(2));
        Assert.Equal((LogLevel.Warning, "ProviderUnavailable"), (unavailable.Level, unavailable.EventId.Name));
        Assert.Equal("Device provider scripted is unavailable: libOpenCL.so.1 lacks an OpenCL 1.2 entry point", unavailable.Message);
        Assert.Same(cause, unavailable.Exception);
        Assert.Single(logs.WithEventId(3));
        Assert.Empty(logs.WithEventId(1));
        Assert.Empty(logs.WithEventId(4));
    }

    [Fact]
    public async Task DiscoverAsync_UnhealthyDeviceOrPartition_LogsAWarning()
    {
        var logs = new CapturingLoggerFactory();
        Device lost = Gpu("0") with { Health = DeviceHealth.Unavailable("GPU is lost") };
        Device parent = Gpu("1") with { Partitions = [Gpu("1/mig0") with { Health = DeviceHealth.Degraded("ECC errors") }] };
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(new FixedProvider(lost, parent, Gpu("2"))).UseLoggerFactory(logs).Build();

        await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        IReadOnlyList<CapturedLog> unhealthy = logs.WithEventId(5);
        Assert.Equal(["Device fixed:0 is Unavailable: GPU is lost", "Device fixed:1/mig0 is Degraded: ECC errors"], unhealthy.Select(l => l.Message));
        Assert.All(unhealthy, l => Assert.Equal(LogLevel.Warning, l.Level));
    }

    [Fact]
    public async Task SampleAsync_ProviderThrows_WarnsOnceWithTheException_ThenLogsTheRecovery()
    {
        var logs = new CapturingLoggerFactory();
        var failure = new IOException("nvml: GPU is lost");
        var provider = new ScriptedProvider { Sample = () => throw failure };
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(provider).UseLoggerFactory(logs).Build();
        Device device = Gpu("0") with { Id = new DeviceId("scripted", "0") };

        TelemetrySample failed = await catalog.SampleAsync(device, TestContext.Current.CancellationToken);
        await catalog.SampleAsync(device, TestContext.Current.CancellationToken);
        provider.Sample = () => new TelemetrySample { Device = device.Id, Timestamp = DateTimeOffset.UnixEpoch };
        await catalog.SampleAsync(device, TestContext.Current.CancellationToken);

        Assert.Equal(TelemetryStatus.Error, failed.Utilization.Status);
        CapturedLog warning = Assert.Single(logs.WithEventId(6));
        Assert.Equal((LogLevel.Warning, "Telemetry read of device scripted:0 failed; its sample reports the failure"), (warning.Level, warning.Message));
        Assert.Same(failure, warning.Exception);
        Assert.Equal(LogLevel.Debug, Assert.Single(logs.WithEventId(7)).Level);
        Assert.Equal(LogLevel.Information, Assert.Single(logs.WithEventId(8)).Level);
    }

    [Fact]
    public void UseLoggerFactory_Null_Throws() =>
        Assert.Throws<ArgumentNullException>("loggerFactory", () => new HardwareBuilder().UseLoggerFactory(null!));

    [Fact]
    public async Task DiscoverAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var provider = new CancellingProvider();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new HardwareBuilder().AddProvider(provider).Build().DiscoverAsync(cancellation.Token));
    }

    private sealed class CancellingProvider : DeviceProvider
    {
        public override string Name => "slow";

        public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(new ProviderDiscovery { Available = true });
        }
    }

    [Fact]
    public async Task WatchAsync_FakeClock_SamplesEveryDeviceEachInterval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        var provider = new FixedProvider(Gpu("0"), Gpu("1"));
        HardwareCatalog catalog = new HardwareBuilder().AddProvider(provider).UseTimeProvider(clock).Build();
        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);
        var samples = new List<TelemetrySample>();

        await using IAsyncEnumerator<TelemetrySample> watch = catalog.WatchAsync(inventory, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        for (int i = 0; i < 4; i++)
        {
            ValueTask<bool> next = watch.MoveNextAsync();
            if (i == 2)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            Assert.True(await next);
            samples.Add(watch.Current);
        }

        Assert.Equal(["fixed:0", "fixed:1", "fixed:0", "fixed:1"], samples.Select(s => s.Device.ToString()));
        Assert.Equal(clock.GetUtcNow(), samples[3].Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(1), samples[3].Timestamp - samples[0].Timestamp);
        Assert.All(samples, s => Assert.Equal(0.5, s.Utilization.Value));
    }

    [Fact]
    public async Task GetLink_FromTopology_DistinguishesNumaNodes()
    {
        DeviceInventory inventory = await new HardwareBuilder().AddProvider(new FixedProvider(Gpu("0", 0), Gpu("1", 0), Gpu("2", 1), Gpu("3"))).Build().DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LinkKind.SameNumaNode, inventory.GetLink(DeviceId.Parse("fixed:0"), DeviceId.Parse("fixed:1")));
        Assert.Equal(LinkKind.CrossSocket, inventory.GetLink(DeviceId.Parse("fixed:0"), DeviceId.Parse("fixed:2")));
        Assert.Equal(LinkKind.Unknown, inventory.GetLink(DeviceId.Parse("fixed:0"), DeviceId.Parse("fixed:3")));
        Assert.Throws<KeyNotFoundException>(() => inventory.GetLink(DeviceId.Parse("fixed:0"), DeviceId.Parse("fixed:9")));
    }

    [Fact]
    public void Inventory_DuplicateIdentity_Throws()
    {
        Assert.Equal("devices", Assert.Throws<ArgumentException>(() => new DeviceInventory([Gpu("0"), Gpu("0")], [])).ParamName);
    }

    [Fact]
    public void Inventory_ReportedLink_OverridesTopologyAndPartitionsAreSelf()
    {
        Device parent = Gpu("0", 0) with
        {
            Partitions = [Gpu("0/mig1") with { Parent = new DeviceId("fixed", "0") }],
        };
        var inventory = new DeviceInventory(
            [parent, Gpu("1", 0)],
            [new ProviderStatus("fixed", true)],
            [new DeviceLink(parent.Id, new DeviceId("fixed", "1"), LinkKind.DirectFabric, 600e9)]);

        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(new DeviceId("fixed", "1"), parent.Id));
        Assert.Equal(LinkKind.Self, inventory.GetLink(new DeviceId("fixed", "0/mig1"), parent.Id));
        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(new DeviceId("fixed", "0/mig1"), new DeviceId("fixed", "1")));
    }

    [Fact]
    public async Task GetLinkMatrix_Devices_IsSymmetricWithSelfOnTheDiagonal()
    {
        DeviceInventory inventory = await new HardwareBuilder().AddProvider(new FixedProvider(Gpu("0", 0), Gpu("1", 0), Gpu("2", 1))).Build().DiscoverAsync(TestContext.Current.CancellationToken);
        DeviceId[] ids = [DeviceId.Parse("fixed:0"), DeviceId.Parse("fixed:1"), DeviceId.Parse("fixed:2")];

        LinkKind[,] matrix = inventory.GetLinkMatrix(ids);

        Assert.Equal(LinkKind.Self, matrix[1, 1]);
        Assert.Equal(LinkKind.SameNumaNode, matrix[0, 1]);
        Assert.Equal(LinkKind.CrossSocket, matrix[2, 0]);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(matrix[i, j], matrix[j, i]);
            }
        }
    }
}
