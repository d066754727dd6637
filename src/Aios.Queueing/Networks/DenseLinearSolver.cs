namespace Aios.Queueing.Networks;

/// <summary>
/// Solves a small dense linear system A·x = b by Gaussian elimination with partial pivoting
/// (Golub &amp; Van Loan, "Matrix Computations", 4th ed., §3.4), in place and without a dependency.
/// </summary>
internal static class DenseLinearSolver
{
    /// <summary>
    /// Overwrites <paramref name="rightHandSide"/> with the solution x of A·x = b; <paramref name="matrix"/>
    /// (row-major, n×n) is destroyed.
    /// </summary>
    /// <returns>false when a pivot is exactly zero (A is singular to working precision); true otherwise.</returns>
    public static bool TrySolve(double[] matrix, double[] rightHandSide)
    {
        int n = rightHandSide.Length;
        for (int column = 0; column < n; column++)
        {
            int pivotRow = column;
            double largest = Math.Abs(matrix[(column * n) + column]);
            for (int row = column + 1; row < n; row++)
            {
                double candidate = Math.Abs(matrix[(row * n) + column]);
                if (candidate > largest)
                {
                    largest = candidate;
                    pivotRow = row;
                }
            }

            if (largest == 0)
            {
                return false;
            }

            if (pivotRow != column)
            {
                SwapRows(matrix, n, pivotRow, column);
                (rightHandSide[pivotRow], rightHandSide[column]) = (rightHandSide[column], rightHandSide[pivotRow]);
            }

            double pivot = matrix[(column * n) + column];
            for (int row = column + 1; row < n; row++)
            {
                double factor = matrix[(row * n) + column] / pivot;
                if (factor == 0)
                {
                    continue;
                }

                matrix[(row * n) + column] = 0;
                for (int k = column + 1; k < n; k++)
                {
                    matrix[(row * n) + k] -= factor * matrix[(column * n) + k];
                }

                rightHandSide[row] -= factor * rightHandSide[column];
            }
        }

        for (int row = n - 1; row >= 0; row--)
        {
            double sum = rightHandSide[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= matrix[(row * n) + k] * rightHandSide[k];
            }

            rightHandSide[row] = sum / matrix[(row * n) + row];
        }

        return true;
    }

    private static void SwapRows(double[] matrix, int n, int first, int second)
    {
        Span<double> a = matrix.AsSpan(first * n, n);
        Span<double> b = matrix.AsSpan(second * n, n);
        for (int k = 0; k < n; k++)
        {
            (a[k], b[k]) = (b[k], a[k]);
        }
    }
}
