namespace Aios.Hardware.Cuda;

/// <summary>Registers the CUDA adapter with a <see cref="HardwareBuilder"/>.</summary>
public static class CudaHardwareBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="CudaDeviceProvider"/> that discovers NVIDIA GPUs through <c>libnvidia-ml.so.1</c> and
    /// <c>libcuda.so.1</c>; on a machine without the NVIDIA driver the provider is reported unavailable, with the reason.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static HardwareBuilder AddCuda(this HardwareBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(new CudaDeviceProvider());
    }
}
