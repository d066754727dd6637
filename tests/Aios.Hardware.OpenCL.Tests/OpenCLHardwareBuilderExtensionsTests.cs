namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLHardwareBuilderExtensionsTests
{
    [Fact]
    public async Task AddOpenCL_Builder_RegistersTheOpenclProvider()
    {
        HardwareCatalog catalog = new HardwareBuilder().AddOpenCL().Build();

        DeviceInventory inventory = await catalog.DiscoverAsync(TestContext.Current.CancellationToken);

        ProviderStatus status = Assert.Single(inventory.Providers);
        Assert.Equal("opencl", status.Name);
        Assert.Equal(OpenCLTestEnvironment.LibraryLoads, status.Available);
    }

    [Fact]
    public void AddOpenCL_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>("builder", () => OpenCLHardwareBuilderExtensions.AddOpenCL(null!));
    }
}
