using Aios.Hardware;

namespace Aios.Testing.Hardware;

/// <summary>
/// The contract every <see cref="DeviceProvider"/> keeps, run by each provider's test project through a derived
/// class. A provider that is unavailable here (no library, no device) must say why; the tests that need devices
/// then skip with that reason rather than pass by doing nothing.
/// </summary>
public abstract class DeviceProviderConformanceTests
{
    /// <summary>Creates the provider under test, configured for this machine or for a test fixture.</summary>
    protected abstract DeviceProvider CreateProvider();

    /// <summary>Whether this machine is expected to have devices for the provider (e.g. PoCL installed by CI).</summary>
    protected virtual bool DevicesExpected => false;

    [Fact]
    public async Task DiscoverAsync_Always_ReportsAvailabilityAndAReasonWhenUnavailable()
    {
        DeviceProvider provider = CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrWhiteSpace(provider.Name));
        Assert.DoesNotContain(':', provider.Name);
        if (!discovery.Available)
        {
            Assert.False(string.IsNullOrWhiteSpace(discovery.Reason), "an unavailable provider must say why");
            Assert.Empty(discovery.Devices);
            Assert.False(DevicesExpected, $"devices were expected here but the provider is unavailable: {discovery.Reason}");
        }
    }

    [Fact]
    public async Task DiscoverAsync_Devices_AreWellFormed()
    {
        (DeviceProvider provider, ProviderDiscovery discovery) = await DiscoverOrSkipAsync();

        foreach (Device device in Flatten(discovery.Devices))
        {
            Assert.Equal(provider.Name, device.Id.Provider);
            Assert.False(string.IsNullOrWhiteSpace(device.Name), $"{device.Id} has no name");
            Assert.NotNull(device.Vendor);
            Assert.True(Enum.IsDefined(device.Kind), $"{device.Id} has an undefined kind");
            foreach ((string name, long value) in device.Capacities)
            {
                Assert.True(value >= 0, $"{device.Id} capacity {name} is negative ({value})");
            }

            if (device.TryGetCapacity(CapacityNames.MemoryBytes, out long memory))
            {
                Assert.True(memory > 0, $"{device.Id} reports {memory} bytes of memory");
            }

            if (device.Health.Status != HealthStatus.Healthy)
            {
                Assert.False(string.IsNullOrWhiteSpace(device.Health.Reason), $"{device.Id} is {device.Health.Status} without a reason");
            }
        }
    }

    [Fact]
    public async Task DiscoverAsync_Identities_AreUniqueAndStableAcrossRuns()
    {
        (DeviceProvider provider, ProviderDiscovery first) = await DiscoverOrSkipAsync();

        ProviderDiscovery second = await provider.DiscoverAsync(TestContext.Current.CancellationToken);

        DeviceId[] firstIds = Flatten(first.Devices).Select(d => d.Id).ToArray();
        Assert.Equal(firstIds.Length, firstIds.Distinct().Count());
        Assert.Equal(firstIds.OrderBy(id => id.ToString(), StringComparer.Ordinal), Flatten(second.Devices).Select(d => d.Id).OrderBy(id => id.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public async Task DiscoverAsync_Partitions_NameTheirParentAndFitInsideIt()
    {
        (_, ProviderDiscovery discovery) = await DiscoverOrSkipAsync();

        foreach (Device parent in Flatten(discovery.Devices))
        {
            foreach (Device partition in parent.Partitions)
            {
                Assert.Equal(parent.Id, partition.Parent);
                foreach ((string name, long value) in partition.Capacities)
                {
                    if (parent.TryGetCapacity(name, out long whole))
                    {
                        Assert.True(value <= whole, $"partition {partition.Id} has {name} {value} > parent's {whole}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task SampleAsync_EveryDevice_ReturnsStatusedFields()
    {
        (DeviceProvider provider, ProviderDiscovery discovery) = await DiscoverOrSkipAsync();
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        foreach (Device device in Flatten(discovery.Devices))
        {
            TelemetrySample sample = await provider.SampleAsync(device, now, TestContext.Current.CancellationToken);

            Assert.Equal(device.Id, sample.Device);
            Assert.Equal(now, sample.Timestamp);
            foreach (TelemetryValue value in new[] { sample.Utilization, sample.MemoryUsedBytes, sample.MemoryFreeBytes, sample.TemperatureCelsius, sample.PowerWatts, sample.ClockHz })
            {
                Assert.True(Enum.IsDefined(value.Status));
                if (value.HasValue)
                {
                    Assert.True(double.IsFinite(value.Value), $"{device.Id} reported a non-finite telemetry value");
                }
            }

            if (sample.Utilization.HasValue)
            {
                Assert.InRange(sample.Utilization.Value, 0, 1);
            }
        }
    }

    [Fact]
    public async Task Catalog_WithThisProvider_BuildsAConsistentInventory()
    {
        (DeviceProvider provider, ProviderDiscovery discovery) = await DiscoverOrSkipAsync();

        DeviceInventory inventory = await new HardwareBuilder().AddProvider(provider).Build().DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal(provider.Name, Assert.Single(inventory.Providers).Name);
        Assert.Equal(Flatten(discovery.Devices).Count(), inventory.AllDevices.Count());
        foreach (Device device in inventory.AllDevices)
        {
            Assert.Equal(LinkKind.Self, inventory.GetLink(device.Id, device.Id));
        }
    }

    /// <summary>Discovers, or skips the test with the provider's reason when it is unavailable or has no devices.</summary>
    protected async Task<(DeviceProvider Provider, ProviderDiscovery Discovery)> DiscoverOrSkipAsync()
    {
        DeviceProvider provider = CreateProvider();
        ProviderDiscovery discovery = await provider.DiscoverAsync(TestContext.Current.CancellationToken);
        if (!discovery.Available)
        {
            Assert.Skip($"{provider.Name} provider unavailable here: {discovery.Reason}");
        }

        if (discovery.Devices.Count == 0)
        {
            Assert.Skip($"{provider.Name} provider found no devices on this machine");
        }

        return (provider, discovery);
    }

    /// <summary>Every device with its partitions, depth first.</summary>
    protected static IEnumerable<Device> Flatten(IEnumerable<Device> devices)
    {
        foreach (Device device in devices)
        {
            yield return device;
            foreach (Device partition in Flatten(device.Partitions))
            {
                yield return partition;
            }
        }
    }
}
