using Aios.Testing.Hardware;

namespace Aios.Hardware.Cuda.Tests;

/// <summary>The provider contract over the fake driver's MIG scenario (partitions inside their GPU).</summary>
public sealed class CudaDeviceProviderMigConformanceTests : DeviceProviderConformanceTests
{
    protected override bool DevicesExpected => true;

    protected override DeviceProvider CreateProvider() => FakeDriver.Get(FakeDriver.Mig).CreateProvider();
}
