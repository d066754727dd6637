using Aios.Hardware.Cpu;
using Aios.Testing.Hardware;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CpuDeviceProviderConformanceTests : DeviceProviderConformanceTests
{
    protected override DeviceProvider CreateProvider() => new CpuDeviceProvider();

    protected override bool DevicesExpected => OperatingSystem.IsLinux();
}
