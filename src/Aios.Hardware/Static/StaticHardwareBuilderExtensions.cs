using Aios.Hardware.Static;

namespace Aios.Hardware;

/// <summary>Registers the <see cref="StaticDeviceProvider"/> on a <see cref="HardwareBuilder"/>.</summary>
public static class StaticHardwareBuilderExtensions
{
    /// <summary>Adds a static provider with devices declared in code, replacing an earlier static provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="devices">The devices, each with an id whose provider is <see cref="StaticDeviceProvider.ProviderName"/>.</param>
    /// <param name="links">Links between the devices, or <see langword="null"/> for none.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="devices"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The devices or links are inconsistent (see <see cref="StaticDeviceProvider(IEnumerable{Device}, IEnumerable{DeviceLink})"/>).</exception>
    public static HardwareBuilder AddStatic(this HardwareBuilder builder, IEnumerable<Device> devices, IEnumerable<DeviceLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(new StaticDeviceProvider(devices, links));
    }

    /// <summary>Adds a static provider from a JSON definition (schema: <see cref="StaticDeviceProvider"/>), replacing an earlier static provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="json">The JSON text.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="StaticHardwareFormatException">The definition is invalid; the message names the JSON path.</exception>
    public static HardwareBuilder AddStaticJson(this HardwareBuilder builder, string json)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(StaticDeviceProvider.FromJson(json));
    }

    /// <summary>Adds a static provider from a JSON definition file (schema: <see cref="StaticDeviceProvider"/>), replacing an earlier static provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file's path.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="StaticHardwareFormatException">The definition is invalid; the message names the file and the JSON path.</exception>
    public static HardwareBuilder AddStaticFile(this HardwareBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(StaticDeviceProvider.FromFile(path));
    }

    /// <summary>
    /// Adds one static provider over several JSON definition files (a builder holds one provider per name, so a second
    /// <see cref="AddStaticFile"/> replaces the first; declare several files here instead).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="paths">The files' paths, at least one.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="paths"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No path, a blank path, or two files declare the same device id.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="StaticHardwareFormatException">A file breaks the schema; the message names the file and the JSON path.</exception>
    public static HardwareBuilder AddStaticFiles(this HardwareBuilder builder, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider(StaticDeviceProvider.FromFiles(paths));
    }
}
