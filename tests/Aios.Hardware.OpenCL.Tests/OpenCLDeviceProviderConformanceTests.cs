using Aios.Testing.Hardware;

namespace Aios.Hardware.OpenCL.Tests;

/// <summary>The provider conformance suite run against the real OpenCL runtime (PoCL in CI).</summary>
public sealed class OpenCLDeviceProviderConformanceTests : DeviceProviderConformanceTests
{
    /// <inheritdoc/>
    protected override bool DevicesExpected => OpenCLTestEnvironment.PlatformExists;

    /// <inheritdoc/>
    protected override DeviceProvider CreateProvider() => new OpenCLDeviceProvider();
}
