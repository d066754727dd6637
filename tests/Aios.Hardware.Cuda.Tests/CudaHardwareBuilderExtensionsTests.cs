namespace Aios.Hardware.Cuda.Tests;

public sealed class CudaHardwareBuilderExtensionsTests
{
    [Fact]
    public void AddCuda_Builder_RegistersTheCudaProvider()
    {
        var builder = new HardwareBuilder();

        HardwareBuilder returned = builder.AddCuda();

        Assert.Same(builder, returned);
        DeviceProvider provider = Assert.Single(builder.Build().Providers);
        Assert.IsType<CudaDeviceProvider>(provider);
        Assert.Equal("cuda", provider.Name);
    }

    [Fact]
    public void AddCuda_Twice_KeepsOneProvider()
    {
        HardwareCatalog catalog = new HardwareBuilder().AddCuda().AddCuda().Build();

        Assert.Single(catalog.Providers);
    }

    [Fact]
    public void AddCuda_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CudaHardwareBuilderExtensions.AddCuda(null!));
    }
}
