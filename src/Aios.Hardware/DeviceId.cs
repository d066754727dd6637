using System.Diagnostics.CodeAnalysis;

namespace Aios.Hardware;

/// <summary>
/// A device's stable identity: the provider that reports it and a key that survives reboots and re-enumeration —
/// a UUID where the driver has one, else a PCI bus id, else platform/name/index. Printed as <c>provider:key</c>.
/// </summary>
public readonly record struct DeviceId
{
    /// <summary>Creates an identity.</summary>
    /// <param name="provider">The provider name, e.g. <c>cuda</c>: non-empty, no ':'.</param>
    /// <param name="key">The provider's stable key, e.g. <c>GPU-5f2c…</c>: non-empty.</param>
    /// <exception cref="ArgumentException">A part is empty or the provider contains ':'.</exception>
    public DeviceId(string provider, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (provider.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("provider must not contain ':'.", nameof(provider));
        }

        Provider = provider;
        Key = key;
    }

    /// <summary>The provider that reports the device.</summary>
    public string Provider { get; }

    /// <summary>The provider's stable key for the device.</summary>
    public string Key { get; }

    /// <summary>Parses <c>provider:key</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="FormatException">The text has no ':' separating two non-empty parts.</exception>
    public static DeviceId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int separator = text.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not a device id of the form provider:key.");
        }

        return new DeviceId(text[..separator], text[(separator + 1)..]);
    }

    /// <summary>Parses <c>provider:key</c>, or says that it cannot.</summary>
    /// <param name="text">The text form.</param>
    /// <param name="id">The identity; <c>default</c> when the text is not a device id.</param>
    /// <returns>Whether <paramref name="text"/> has a ':' separating two non-empty parts.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DeviceId id)
    {
        int separator = text is null ? -1 : text.IndexOf(':', StringComparison.Ordinal);
        if (text is null || separator <= 0 || separator == text.Length - 1)
        {
            id = default;
            return false;
        }

        id = new DeviceId(text[..separator], text[(separator + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}:{Key}";
}
