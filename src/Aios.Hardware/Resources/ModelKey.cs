using System.Text;

namespace Aios.Hardware.Resources;

/// <summary>
/// Derives the model key a scheduler counts devices by: a short, lower-case name such as <c>a100</c>, <c>h100</c> or
/// <c>rtx-4090</c>, the same for every device of one model whatever its marketing name, form factor or memory size.
/// </summary>
/// <remarks>
/// <para>The rules, applied in order:</para>
/// <list type="number">
/// <item><description>A device with the string attribute <see cref="HardwareAttributeNames.Model"/> uses it, trimmed and lower-cased.</description></item>
/// <item><description>Otherwise the device name is lower-cased (invariant culture); <c>(r)</c>, <c>(tm)</c> and everything from <c>@</c> on (a CPU's clock) are removed.</description></item>
/// <item><description>The name is split into words at white space, <c>_</c> and <c>-</c>.</description></item>
/// <item><description>Words that name a vendor or brand are dropped: the device's own vendor, <c>nvidia</c>, <c>amd</c>, <c>intel</c>,
/// <c>xilinx</c>, <c>tesla</c>, <c>cpu</c>, <c>gpu</c>, <c>processor</c>, <c>graphics</c>.</description></item>
/// <item><description>Words that give a form factor or memory size are dropped: <c>sxm</c>, <c>sxm2</c>…, <c>pcie</c>, <c>nvl</c>,
/// <c>hbm</c>, <c>hbm2e</c>…, and sizes such as <c>80gb</c>, <c>16g</c>, <c>24gib</c>.</description></item>
/// <item><description>The remaining words are joined with <c>-</c>. If nothing remains, the lower-cased name (spaces as <c>-</c>) is the key.</description></item>
/// </list>
/// <para>Examples: <c>NVIDIA A100-SXM4-80GB</c> → <c>a100</c>; <c>NVIDIA H100 80GB HBM3</c> → <c>h100</c>;
/// <c>NVIDIA GeForce RTX 4090</c> → <c>geforce-rtx-4090</c>; <c>Intel(R) Xeon(R) Platinum 8480+ CPU @ 2.00GHz</c> → <c>xeon-platinum-8480+</c>.</para>
/// </remarks>
public static class ModelKey
{
    private static readonly string[] BrandWords = ["nvidia", "amd", "intel", "xilinx", "tesla", "cpu", "gpu", "processor", "graphics"];

    /// <summary>Gets the model key of a device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>The model key, lower-case and never empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is <see langword="null"/>.</exception>
    public static string Of(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.TryGetAttribute(HardwareAttributeNames.Model, out DeviceAttribute model) && model.TryGetString(out string? text) && !string.IsNullOrWhiteSpace(text))
        {
            return text.Trim().ToLowerInvariant();
        }

        return Normalize(device.Name, device.Vendor);
    }

    /// <summary>Derives a model key from a device name and vendor by the rules in the remarks.</summary>
    /// <param name="name">The device name, such as <c>NVIDIA A100-SXM4-80GB</c>.</param>
    /// <param name="vendor">The vendor, whose name is dropped from the key; may be empty.</param>
    /// <returns>The model key, lower-case; <c>unknown</c> when the name is empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="vendor"/> is <see langword="null"/>.</exception>
    public static string Normalize(string name, string vendor)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(vendor);
        string lower = name.ToLowerInvariant().Replace("(r)", string.Empty, StringComparison.Ordinal).Replace("(tm)", string.Empty, StringComparison.Ordinal);
        int at = lower.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            lower = lower[..at];
        }

        string vendorWord = vendor.Trim().ToLowerInvariant();
        var key = new StringBuilder();
        foreach (string word in lower.Split([' ', '\t', '_', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == vendorWord || Array.IndexOf(BrandWords, word) >= 0 || IsFormFactorOrSize(word))
            {
                continue;
            }

            if (key.Length > 0)
            {
                key.Append('-');
            }

            key.Append(word);
        }

        if (key.Length > 0)
        {
            return key.ToString();
        }

        string fallback = string.Join('-', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return fallback.Length > 0 ? fallback : "unknown";
    }

    private static bool IsFormFactorOrSize(string word)
    {
        if (word is "pcie" or "nvl" || StartsThenDigits(word, "sxm", string.Empty) || StartsThenDigits(word, "hbm", "e"))
        {
            return true;
        }

        foreach (string unit in new[] { "gb", "gib", "g" })
        {
            if (word.Length > unit.Length && word.EndsWith(unit, StringComparison.Ordinal) && AllDigits(word.AsSpan(0, word.Length - unit.Length)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsThenDigits(string word, string prefix, string optionalSuffix)
    {
        if (!word.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = word.AsSpan(prefix.Length);
        if (optionalSuffix.Length > 0 && rest.EndsWith(optionalSuffix, StringComparison.Ordinal))
        {
            rest = rest[..^optionalSuffix.Length];
        }

        return rest.IsEmpty || AllDigits(rest);
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }
}
