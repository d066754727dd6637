namespace Aios.Scheduling.Optimization;

/// <summary>
/// The linear-programming solver (OR-Tools' GLOP) could not be loaded or did not reach an optimal solution; the message
/// says which and what to do.
/// </summary>
public sealed class OptimizationSolverException : Exception
{
    /// <summary>Initializes a new instance with no message.</summary>
    public OptimizationSolverException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public OptimizationSolverException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the failure that caused it.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public OptimizationSolverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
