using Microsoft.Extensions.Configuration;
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
    public void AddAiosHardware_CalledTwice_ThrowsAndKeepsTheFirst()
    {
        var services = new ServiceCollection();
        services.AddAiosHardware(builder => builder.AddStaticJson(OneGpu));

        Assert.Throws<InvalidOperationException>(() => services.AddAiosHardware(_ => { }));

        Assert.Single(services, d => d.ServiceType == typeof(HardwareCatalog));
    }

    [Fact]
    public async Task AddAiosHardware_Configuration_AddsTheStaticFiles()
    {
        string file = Path.Combine(Path.GetTempPath(), $"aios-hardware-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, OneGpu, TestContext.Current.CancellationToken);
        using var cleanup = new FileCleanup(file);
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["StaticFiles:0"] = file }).Build();
        using ServiceProvider provider = new ServiceCollection().AddAiosHardware(configuration).BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        DeviceInventory inventory = await provider.GetRequiredService<HardwareCatalog>().DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.Equal("g", Assert.Single(inventory.Devices).Id.Key);
    }

    [Fact]
    public void AddAiosHardware_MissingStaticFile_ValidateOnStartNamesIt()
    {
        var services = new ServiceCollection().AddAiosHardware(_ => { });
        services.Configure<Aios.Hardware.DependencyInjection.HardwareHostOptions>(options => options.StaticFiles.Add("/no/such/file.json"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains("StaticFiles[0]", Assert.Single(exception.Failures), StringComparison.Ordinal);
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
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosHardware((Action<HardwareBuilder>)null!));
    }

    private sealed class FileCleanup(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
