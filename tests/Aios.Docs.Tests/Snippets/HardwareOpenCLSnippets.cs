// <snippet:hardware-opencl>
using Aios.Hardware;
using Aios.Hardware.OpenCL;   // AddOpenCL lives in the backend's own namespace
// </snippet:hardware-opencl>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Hardware.OpenCL/README.md.</summary>
public sealed class HardwareOpenCLSnippets
{
    [Fact]
    public async Task PackageReadme_ProfilesTheFirstOpenCLDevice()
    {
        using var sandbox = new DocsSandbox();
        DeviceInventory probe = await new HardwareBuilder().AddOpenCL().Build().DiscoverAsync(TestContext.Current.CancellationToken);
        Assert.SkipWhen(!probe.AllDevices.Any(d => d.Parent is null), $"no OpenCL device: {probe.Providers[0].Reason}");

        // <snippet:hardware-opencl>
        HardwareCatalog catalog = new HardwareBuilder().AddOpenCL().Build();
        DeviceInventory inventory = await catalog.DiscoverAsync();

        Device device = inventory.AllDevices.First(d => d.Id.Provider == "opencl" && d.Parent is null);
        DeviceProfile profile = new OpenCLProfiler().Profile(device);
        Console.WriteLine($"{device.Name}: {profile.BandwidthGigabytesPerSecond:F1} GB/s, {profile.Fp32Gflops:F1} GFLOP/s");
        // </snippet:hardware-opencl>

        Assert.True(profile.BandwidthGigabytesPerSecond > 0 && profile.Fp32Gflops > 0);
        Assert.StartsWith($"{device.Name}: ", sandbox.Output, StringComparison.Ordinal);
    }
}
