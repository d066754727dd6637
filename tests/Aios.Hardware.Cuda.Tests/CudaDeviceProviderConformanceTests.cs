using Aios.Testing.Hardware;

namespace Aios.Hardware.Cuda.Tests;

/// <summary>The provider contract over the fake driver's normal scenario (three GPUs, NVLink, host bridge).</summary>
public sealed class CudaDeviceProviderConformanceTests : DeviceProviderConformanceTests
{
    protected override bool DevicesExpected => true;

    protected override DeviceProvider CreateProvider() => FakeDriver.Get(FakeDriver.Normal).CreateProvider();
}
