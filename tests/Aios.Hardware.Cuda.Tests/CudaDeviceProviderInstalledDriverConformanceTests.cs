using Aios.Testing.Hardware;

namespace Aios.Hardware.Cuda.Tests;

/// <summary>
/// The provider contract over this machine's own NVIDIA driver: the device tests skip, with the provider's reason,
/// where there is none (as in CI); on a GPU machine they run against the real libraries.
/// </summary>
public sealed class CudaDeviceProviderInstalledDriverConformanceTests : DeviceProviderConformanceTests
{
    protected override DeviceProvider CreateProvider() => new CudaDeviceProvider();
}
