using Aios.Hardware.Cpu;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CpuHardwareBuilderExtensionsTests
{
    [Fact]
    public async Task AddCpu_FixtureRoot_RegistersTheCpuProviderOverThatRoot()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();

        HardwareCatalog catalog = new HardwareBuilder().AddCpu(host.Root).Build();
        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        CpuDeviceProvider provider = Assert.IsType<CpuDeviceProvider>(Assert.Single(catalog.Providers));
        Assert.Equal(host.Root, provider.Root);
        Assert.Equal(2, inventory.Devices.Count);
        Assert.Equal(LinkKind.CrossSocket, inventory.GetLink(inventory.Devices[0].Id, inventory.Devices[1].Id));
    }

    [Fact]
    public void AddCpu_NullBuilder_Throws() =>
        Assert.Throws<ArgumentNullException>(() => CpuHardwareBuilderExtensions.AddCpu(null!));
}
