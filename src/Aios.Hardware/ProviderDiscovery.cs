using System.Globalization;
using System.Text;

namespace Aios.Hardware;

/// <summary>What one provider found: its devices and the links among them, or why it could not look.</summary>
public sealed record ProviderDiscovery
{
    /// <summary>Whether discovery ran.</summary>
    public required bool Available { get; init; }

    /// <summary>Why the provider is unavailable.</summary>
    public string? Reason { get; init; }

    /// <summary>The failure behind <see cref="Reason"/>, when there was one (a native call's error, a missing entry point); logged with it.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The whole devices found (partitions hang under <see cref="Device.Partitions"/>).</summary>
    public IReadOnlyList<Device> Devices { get; init; } = [];

    /// <summary>Links among this provider's devices that the provider knows (e.g. NVLink between GPUs).</summary>
    public IReadOnlyList<DeviceLink> Links { get; init; } = [];

    /// <summary>A result for a provider that could not look.</summary>
    /// <param name="reason">Why, in words a user can act on (e.g. "libOpenCL.so.1 not found: install an OpenCL ICD loader").</param>
    /// <returns>The result.</returns>
    public static ProviderDiscovery Unavailable(string reason) => new() { Available = false, Reason = reason };

    /// <summary>A result for a provider that could not look because of <paramref name="exception"/>.</summary>
    /// <param name="reason">Why, in words a user can act on.</param>
    /// <param name="exception">The failure, kept for the log (<see cref="Exception"/>).</param>
    /// <returns>The result.</returns>
    public static ProviderDiscovery Unavailable(string reason, Exception? exception) => new() { Available = false, Reason = reason, Exception = exception };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Available = {Available}, Reason = {Reason}, Exception = {Printing.Exception(Exception)}, Devices = {Printing.List(Devices)}, Links = {Printing.List(Links)}");
        return true;
    }
}
