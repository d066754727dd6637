using System.Diagnostics.Metrics;
using Aios.Hardware.Diagnostics;
using Aios.Hardware.Tests.Diagnostics;
using Aios.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Hardware.Tests.DependencyInjection;

public sealed class HardwareServiceCollectionExtensionsTests
{
    private const string OneGpu = """{"devices": [{"id": "g", "kind": "gpu", "name": "G"}]}""";

    [Fact]
    public async Task AddAiosHardware_Configured_ResolvesOneCatalogWithTheProviders()
    {
        var services = new ServiceCollection();

        IServiceCollection returned = services.AddAiosHardware(builder => builder.AddStaticJson(OneGpu));
        using ServiceProvider provider = services.BuildServiceProvider();
        HardwareCatalog catalog = provider.GetRequiredService<HardwareCatalog>();

        Assert.Same(services, returned);
        Assert.Same(catalog, provider.GetRequiredService<HardwareCatalog>());
        Assert.Equal("static", Assert.Single(catalog.Providers).Name);
        Assert.Equal("g", Assert.Single((await catalog.DiscoverAsync(TestContext.Current.CancellationToken)).Devices).Id.Key);
    }

    [Fact]
    public async Task AddAiosHardware_RegisteredTimeProvider_StampsSamplesWithIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddAiosHardware(builder => builder.AddStaticJson(OneGpu));
        using ServiceProvider provider = services.BuildServiceProvider();
        HardwareCatalog catalog = provider.GetRequiredService<HardwareCatalog>();
        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        TelemetrySample sample = await catalog.SampleAsync(inventory.Devices[0], TestContext.Current.CancellationToken);

        Assert.Equal(time.GetUtcNow(), sample.Timestamp);
    }

    [Fact]
    public void AddAiosHardware_CalledTwice_KeepsTheFirstRegistration()
    {
        var services = new ServiceCollection();
        services.AddAiosHardware(builder => builder.AddStaticJson(OneGpu));
        services.AddAiosHardware(_ => throw new InvalidOperationException("the second configuration must not run"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(HardwareCatalog));
        Assert.Single(provider.GetRequiredService<HardwareCatalog>().Providers);
    }

    [Fact]
    public void AddAiosHardware_WithoutAMeterFactory_UsesTheSharedMetrics()
    {
        var services = new ServiceCollection().AddAiosHardware(_ => { });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(HardwareMetrics.Shared, provider.GetRequiredService<HardwareMetrics>());
    }

    [Fact]
    public void AddAiosHardware_WithAMeterFactory_CreatesTheMeterFromIt()
    {
        var services = new ServiceCollection().AddSingleton<IMeterFactory, TestMeterFactory>().AddAiosHardware(_ => { });
        using ServiceProvider provider = services.BuildServiceProvider();

        HardwareMetrics metrics = provider.GetRequiredService<HardwareMetrics>();

        Assert.NotSame(HardwareMetrics.Shared, metrics);
        Assert.Equal(HardwareMetrics.MeterName, metrics.Meter.Name);
        Assert.IsType<TestMeterFactory>(metrics.Meter.Scope);
    }

    [Fact]
    public void AddAiosHardware_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => HardwareServiceCollectionExtensions.AddAiosHardware(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosHardware(null!));
    }
}
