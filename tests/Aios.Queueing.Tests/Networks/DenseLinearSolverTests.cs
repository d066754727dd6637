using Aios.Queueing.Networks;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Networks;

public sealed class DenseLinearSolverTests
{
    [Fact]
    public void TrySolve_ZeroOnTheDiagonal_PivotsAndSolves()
    {
        double[] matrix = [0, 2, 1, 3, 1, 0, 1, 1, 1];
        double[] rightHandSide = [7, 5, 6];

        Assert.True(DenseLinearSolver.TrySolve(matrix, rightHandSide));

        Tolerance.AssertClose(1, rightHandSide[0], 1e-15, what: "x0");
        Tolerance.AssertClose(2, rightHandSide[1], 1e-15, what: "x1");
        Tolerance.AssertClose(3, rightHandSide[2], 1e-15, what: "x2");
    }

    [Fact]
    public void TrySolve_SingularMatrix_ReturnsFalse()
    {
        Assert.False(DenseLinearSolver.TrySolve([1, 2, 2, 4], [1, 2]));
    }

    [Property(MaxTest = 2000)]
    public Property TrySolve_RandomWellConditionedSystems_ReproduceTheRightHandSide() =>
        Prop.ForAll(
            (from n in Gen.Choose(1, 9)
             from entries in NetworkGenerators.Uniform(-1, 1).ArrayOf(n * n)
             from solution in NetworkGenerators.Uniform(-10, 10).ArrayOf(n)
             from permutation in Gen.Shuffle(Enumerable.Range(0, n))
             select (n, entries, solution, permutation)).ToArbitrary(),
            system =>
            {
                (int n, double[] entries, double[] solution, int[] permutation) = system;
                // A diagonally dominant matrix with its rows shuffled, so that the pivoting has work to do.
                var matrix = new double[n * n];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        matrix[(permutation[i] * n) + j] = entries[(i * n) + j] + (i == j ? n + 1 : 0);
                    }
                }

                var rightHandSide = new double[n];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        rightHandSide[i] += matrix[(i * n) + j] * solution[j];
                    }
                }

                Assert.True(DenseLinearSolver.TrySolve((double[])matrix.Clone(), rightHandSide));
                for (int j = 0; j < n; j++)
                {
                    Tolerance.AssertClose(solution[j], rightHandSide[j], 1e-12, 1e-12, what: $"x{j}");
                }
            });
}
