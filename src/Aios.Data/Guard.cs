using System.Runtime.CompilerServices;

namespace Aios.Data;

internal static class Guard
{
    public static double InRange(double value, double minimum, double maximum, bool upperInclusive, [CallerArgumentExpression(nameof(value))] string? parameterName = null)
    {
        bool above = upperInclusive ? value > maximum : value >= maximum;
        if (double.IsNaN(value) || value < minimum || above)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"The value must be in [{minimum}, {maximum}{(upperInclusive ? "]" : ")")}.");
        }

        return value;
    }
}
