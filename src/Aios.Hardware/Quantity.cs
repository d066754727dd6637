using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Hardware;

/// <summary>
/// Parses and formats amounts such as <c>80Gi</c>, <c>512MiB</c>, <c>64k</c> or <c>1.5G</c>, following Kubernetes'
/// <c>resource.Quantity</c>: the suffixes <c>k M G T P E</c> are powers of 1000 and <c>Ki Mi Gi Ti Pi Ei</c> powers of
/// 1024. A trailing <c>B</c> (bytes) is allowed after either (<c>kB</c>, <c>KB</c>, <c>MB</c>, <c>MiB</c>) and alone
/// (<c>512B</c>). One rule for every Aios surface: the static hardware JSON, the scheduler's cluster files and the
/// <c>aios</c> command line.
/// </summary>
/// <remarks>
/// The number is ASCII digits with an optional fraction (<c>1.5Gi</c>); the amount it names must be a whole number
/// from 0 to <see cref="long.MaxValue"/>. Suffixes are case-sensitive, as in Kubernetes (<c>m</c> would be milli and
/// <c>K</c> is neither 1000 nor 1024, so both are rejected); no sign, exponent or space inside is accepted; space
/// around the text is ignored.
/// </remarks>
public static class Quantity
{
    /// <summary>What a quantity looks like, for error messages.</summary>
    internal const string Expected =
        "digits with an optional fraction and an optional suffix: k, M, G, T, P, E (powers of 1000), Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), "
        + "optionally followed by B (kB, MiB), or B alone, such as \"80Gi\" or \"1.5G\"";

    private static readonly (string Suffix, long Multiplier)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50), ("EiB", 1L << 60),
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50), ("Ei", 1L << 60),
        ("kB", 1_000L), ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L),
        ("PB", 1_000_000_000_000_000L), ("EB", 1_000_000_000_000_000_000L),
        ("k", 1_000L), ("M", 1_000_000L), ("G", 1_000_000_000L), ("T", 1_000_000_000_000L),
        ("P", 1_000_000_000_000_000L), ("E", 1_000_000_000_000_000_000L),
        ("B", 1L),
    ];

    // Format's choices, binary first so that a tie prints the binary form (1Mi, not 1048576 or 1049k).
    private static readonly (string Suffix, long Multiplier)[] FormatSuffixes =
    [
        ("Ei", 1L << 60), ("Pi", 1L << 50), ("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10),
        ("E", 1_000_000_000_000_000_000L), ("P", 1_000_000_000_000_000L), ("T", 1_000_000_000_000L),
        ("G", 1_000_000_000L), ("M", 1_000_000L), ("k", 1_000L),
    ];

    /// <summary>Parses a quantity.</summary>
    /// <param name="text">The text, such as <c>80Gi</c>.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a quantity, or names more than <see cref="long.MaxValue"/> or a fraction of a unit.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses a quantity.</summary>
    /// <param name="text">The text, such as <c>80Gi</c>.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a quantity, or names more than <see cref="long.MaxValue"/> or a fraction of a unit.</exception>
    public static long Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out long value, out string? problem) ? value : throw new FormatException(problem);

    /// <summary>Parses a quantity, or says that it cannot.</summary>
    /// <param name="text">The text, such as <c>80Gi</c>.</param>
    /// <param name="value">The amount; 0 when the text is not a quantity.</param>
    /// <returns>Whether <paramref name="text"/> is a quantity.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out long value)
    {
        if (text is null)
        {
            value = 0;
            return false;
        }

        return TryParse(text.AsSpan(), out value, out _);
    }

    /// <summary>Parses a quantity, or says that it cannot.</summary>
    /// <param name="text">The text, such as <c>80Gi</c>.</param>
    /// <param name="value">The amount; 0 when the text is not a quantity.</param>
    /// <returns>Whether <paramref name="text"/> is a quantity.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long value) => TryParse(text, out value, out _);

    /// <summary>Formats an amount in its shortest exact form: digits, or digits and the suffix that makes the text shortest (binary before decimal on a tie).</summary>
    /// <param name="value">The amount; at least 0.</param>
    /// <returns>The text, such as <c>80Gi</c>, <c>64k</c> or <c>1023</c>; <see cref="Parse(string)"/> gives <paramref name="value"/> back.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static string Format(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        string shortest = value.ToString(CultureInfo.InvariantCulture);
        if (value != 0)
        {
            foreach ((string suffix, long multiplier) in FormatSuffixes)
            {
                if (value % multiplier == 0)
                {
                    string candidate = string.Create(CultureInfo.InvariantCulture, $"{value / multiplier}{suffix}");
                    if (candidate.Length < shortest.Length)
                    {
                        shortest = candidate;
                    }
                }
            }
        }

        return shortest;
    }

    /// <summary>Parses, giving the reason when the text is not a quantity.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out long value, [NotNullWhen(false)] out string? problem)
    {
        value = 0;
        ReadOnlySpan<char> trimmed = text.Trim();
        int digits = 0;
        while (digits < trimmed.Length && (char.IsAsciiDigit(trimmed[digits]) || trimmed[digits] == '.'))
        {
            digits++;
        }

        ReadOnlySpan<char> number = trimmed[..digits];
        ReadOnlySpan<char> suffix = trimmed[digits..];
        long multiplier = suffix.IsEmpty ? 1 : 0;
        foreach ((string known, long factor) in Suffixes)
        {
            if (suffix.SequenceEqual(known))
            {
                multiplier = factor;
                break;
            }
        }

        if (number.IsEmpty || number[0] == '.' || number[^1] == '.' || multiplier == 0
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            problem = $"'{text.ToString()}' is not a quantity: expected {Expected}";
            return false;
        }

        decimal total;
        try
        {
            total = amount * multiplier;
        }
        catch (OverflowException)
        {
            total = decimal.MaxValue;
        }

        if (total > long.MaxValue)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"'{text.ToString()}' is too large (at most {long.MaxValue})");
            return false;
        }

        if (total != decimal.Truncate(total))
        {
            problem = $"'{text.ToString()}' is not a whole number of units";
            return false;
        }

        value = (long)total;
        problem = null;
        return true;
    }
}
