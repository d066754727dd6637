using System.Globalization;
using Aios.Hardware;

namespace Aios.Cli.Data;

/// <summary>Parses and prints byte sizes: <c>65536</c>, <c>64KiB</c> or <c>64Ki</c> (binary), <c>64kB</c> or <c>64k</c> (decimal).</summary>
internal static class ByteSize
{
    /// <summary>Parses a size with the one quantity rule of every Aios surface (<see cref="Quantity"/>): <c>k M G</c> are powers of 1000, <c>Ki Mi Gi</c> powers of 1024, a trailing <c>B</c> allowed.</summary>
    public static bool TryParse(string text, out long bytes) => Quantity.TryParse(text, out bytes);

    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 20):F2} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} B"),
    };
}
