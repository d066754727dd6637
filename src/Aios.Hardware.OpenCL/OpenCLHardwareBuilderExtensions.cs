namespace Aios.Hardware.OpenCL;

/// <summary>
/// Registers the OpenCL backend on a <see cref="HardwareBuilder"/>. Each backend lives in its own namespace and adds
/// itself through an extension like this one (the ILGPU model), so <c>using Aios.Hardware.OpenCL;</c> brings
/// <see cref="AddOpenCL"/> into scope.
/// </summary>
public static class OpenCLHardwareBuilderExtensions
{
    /// <summary>Adds an <see cref="OpenCLDeviceProvider"/> (replacing any provider named <c>opencl</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static HardwareBuilder AddOpenCL(this HardwareBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(new OpenCLDeviceProvider());
    }
}
