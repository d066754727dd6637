using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Aios.Queueing;

/// <summary>Argument checks shared by the models; the throw paths stay out of line so callers inline.</summary>
internal static class Guard
{
    public static void NonNegativeFinite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(paramName, value, "a finite number >= 0");
        }
    }

    public static void PositiveFinite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(paramName, value, "a finite number > 0");
        }
    }

    public static void Probability(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowOutOfRange(paramName, value, "a probability in [0, 1]");
        }
    }

    public static void OpenProbability(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value > 0 && value < 1))
        {
            ThrowOutOfRange(paramName, value, "a probability in (0, 1)");
        }
    }

    public static void AtLeast(int value, int minimum, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < minimum)
        {
            ThrowOutOfRange(paramName, value, $"an integer >= {minimum}");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOutOfRange(string? paramName, object actualValue, string validRange) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, $"{paramName} must be {validRange}.");
}
