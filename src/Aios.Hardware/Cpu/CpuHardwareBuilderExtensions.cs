using Aios.Hardware.Cpu;

// The extension lives in the builder's namespace so that AddCpu() is found wherever HardwareBuilder is.
namespace Aios.Hardware;

/// <summary>Registers the Linux CPU provider on a <see cref="HardwareBuilder"/>.</summary>
public static class CpuHardwareBuilderExtensions
{
    /// <summary>Adds the <see cref="CpuDeviceProvider"/> (name <c>cpu</c>): one device per socket of this Linux host.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="root">The file-system root to read <c>proc/</c> and <c>sys/</c> under; null for the host.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or white space.</exception>
    public static HardwareBuilder AddCpu(this HardwareBuilder builder, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(new CpuDeviceProvider(root));
    }
}
