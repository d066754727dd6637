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
