using System.Globalization;

namespace Aios.Cli.Data;

/// <summary>Parses and prints byte sizes: <c>65536</c>, <c>64KiB</c>, <c>64K</c> (binary), <c>64KB</c> (decimal), up to GiB/GB.</summary>
internal static class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        string value = text.Trim();
        int split = 0;
        while (split < value.Length && (char.IsAsciiDigit(value[split]) || value[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(value.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
        {
            return false;
        }

        long multiplier = value[split..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KI" or "KIB" => 1L << 10,
            "M" or "MI" or "MIB" => 1L << 20,
            "G" or "GI" or "GIB" => 1L << 30,
            "KB" => 1000,
            "MB" => 1000_000,
            "GB" => 1000_000_000,
            _ => 0,
        };
        double result = number * multiplier;
        if (multiplier == 0 || result > long.MaxValue || result != Math.Floor(result))
        {
            return false;
        }

        bytes = (long)result;
        return true;
    }

    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):F2} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} B"),
    };
}
