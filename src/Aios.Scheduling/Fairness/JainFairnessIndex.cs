namespace Aios.Scheduling.Fairness;

/// <summary>
/// Jain's fairness index (Jain, Chiu and Hawe, "A Quantitative Measure of Fairness and Discrimination for Resource
/// Allocation in Shared Computer Systems", DEC-TR-301, 1984): (Σxᵢ)² / (n·Σxᵢ²), 1 when every xᵢ is equal and 1/n when
/// one party gets everything.
/// </summary>
public static class JainFairnessIndex
{
    /// <summary>Computes the index of some non-negative allocations (e.g. per-queue throughput or normalized service).</summary>
    /// <param name="values">At least one value, each finite and ≥ 0.</param>
    /// <returns>The index in [1/n, 1]; 1 when all values are 0 (nobody is favoured).</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, NaN or infinite.</exception>
    public static double Compute(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("values must hold at least one value.", nameof(values));
        }

        // Scaled by the largest value so that the squares neither overflow nor underflow.
        double largest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double value = values[i];
            if (!(value >= 0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(values), value, $"values[{i}] must be a finite number >= 0.");
            }

            largest = Math.Max(largest, value);
        }

        if (largest == 0)
        {
            return 1;
        }

        double sum = 0;
        double sumOfSquares = 0;
        foreach (double value in values)
        {
            double scaled = value / largest;
            sum += scaled;
            sumOfSquares += scaled * scaled;
        }

        return Math.Min(1, sum * sum / (values.Length * sumOfSquares));
    }
}
