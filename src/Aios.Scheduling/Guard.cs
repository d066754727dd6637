using System.Runtime.CompilerServices;

namespace Aios.Scheduling;

/// <summary>Argument checks the BCL guards do not cover (finite doubles).</summary>
internal static class Guard
{
    public static void FiniteNonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be finite and at least 0.");
        }
    }

    public static void FinitePositive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be finite and greater than 0.");
        }
    }

    public static void FinitePositiveOrNull(double? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is { } number)
        {
            FinitePositive(number, name);
        }
    }

    public static void NonNegativeOrNull(long? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(number, name);
        }
    }
}
