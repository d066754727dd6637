using System.Runtime.CompilerServices;

namespace Aios.Data;

internal static class Guard
{
    public static double InRange(double value, double minimum, double maximum, bool upperInclusive, bool lowerInclusive = true, [CallerArgumentExpression(nameof(value))] string? parameterName = null)
    {
        bool above = upperInclusive ? value > maximum : value >= maximum;
        bool below = lowerInclusive ? value < minimum : value <= minimum;
        if (double.IsNaN(value) || below || above)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"The value must be in {(lowerInclusive ? "[" : "(")}{minimum}, {maximum}{(upperInclusive ? "]" : ")")}.");
        }

        return value;
    }
}
