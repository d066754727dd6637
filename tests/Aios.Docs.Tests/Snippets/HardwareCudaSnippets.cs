// <snippet:hardware-cuda>
using Aios.Hardware;
using Aios.Hardware.Cuda;
// </snippet:hardware-cuda>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Hardware.Cuda/README.md.</summary>
public sealed class HardwareCudaSnippets
{
    [Fact]
    public async Task PackageReadme_ListsEveryGpuWithTelemetry_OrReportsTheProviderUnavailable()
    {
        using var sandbox = new DocsSandbox();

        // <snippet:hardware-cuda>
        HardwareCatalog catalog = new HardwareBuilder().AddCuda().Build();
        DeviceInventory inventory = await catalog.DiscoverAsync();
        foreach (Device gpu in inventory.AllDevices)
        {
            TelemetrySample sample = await catalog.SampleAsync(gpu);
            Console.WriteLine($"{gpu} {sample.MemoryUsedBytes} used, {sample.Utilization} busy");
        }
        // </snippet:hardware-cuda>

        ProviderStatus cuda = Assert.Single(inventory.Providers);
        Assert.Equal("cuda", cuda.Name);
        Assert.Equal(inventory.AllDevices.Count(), sandbox.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(cuda.Available || (inventory.Devices.Count == 0 && !string.IsNullOrEmpty(cuda.Reason)), "an unavailable provider says why");
    }
}
