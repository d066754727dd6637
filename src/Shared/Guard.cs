using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aios;

/// <summary>
/// Argument checks the BCL guards do not cover (finite doubles, probabilities, ranges), compiled into every Aios
/// library from <c>src/Shared</c> so that each package throws the same message: <c>{name} must be {valid range}.</c>
/// with the actual value in <see cref="ArgumentOutOfRangeException.ActualValue"/> (the BCL appends "Actual value was
/// …" to the message). Where a BCL guard says the same thing (<c>ArgumentOutOfRangeException.ThrowIfNegative</c>,
/// <c>ThrowIfLessThan</c>, …) call that instead. The throw path stays out of line so that callers inline.
/// </summary>
internal static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0.</summary>
    public static void FiniteNonNegative(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(paramName, value, "a finite number >= 0");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    public static void FinitePositive(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            ThrowOutOfRange(paramName, value, "a finite number > 0");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is null, or finite and greater than 0.</summary>
    public static void FinitePositiveOrNull(double? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is { } number)
        {
            FinitePositive(number, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is null or at least 0.</summary>
    public static void NonNegativeOrNull(long? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(number, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a probability in [0, 1].</summary>
    public static void Probability(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowOutOfRange(paramName, value, "a probability in [0, 1]");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a probability in (0, 1).</summary>
    public static void OpenProbability(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!(value > 0 && value < 1))
        {
            ThrowOutOfRange(paramName, value, "a probability in (0, 1)");
        }
    }

    /// <summary>Returns <paramref name="value"/>, or throws unless it lies in the interval (NaN never does).</summary>
    /// <param name="value">The value.</param>
    /// <param name="minimum">The lower bound.</param>
    /// <param name="maximum">The upper bound.</param>
    /// <param name="upperInclusive">Whether <paramref name="maximum"/> itself is valid.</param>
    /// <param name="lowerInclusive">Whether <paramref name="minimum"/> itself is valid.</param>
    /// <param name="paramName">The parameter's name.</param>
    public static double InRange(double value, double minimum, double maximum, bool upperInclusive, bool lowerInclusive = true, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        bool above = upperInclusive ? value > maximum : value >= maximum;
        bool below = lowerInclusive ? value < minimum : value <= minimum;
        if (double.IsNaN(value) || below || above)
        {
            ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"in {(lowerInclusive ? "[" : "(")}{minimum}, {maximum}{(upperInclusive ? "]" : ")")}"));
        }

        return value;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with the message <c>{paramName} must be {validRange}.</c></summary>
    /// <param name="paramName">The parameter's name (a path such as <c>options.Jobs</c> is fine).</param>
    /// <param name="actualValue">The value given.</param>
    /// <param name="validRange">What is valid, read after "must be": <c>a finite number &gt;= 0</c>, <c>in [0, 1)</c>.</param>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOutOfRange(string? paramName, object actualValue, string validRange) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, $"{paramName} must be {validRange}.");
}
