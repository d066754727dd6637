namespace Aios.Scheduling.Traces;

/// <summary>A trace file has a line that cannot be read: the message names the file, line number, column and what is wrong.</summary>
public sealed class TraceFormatException : FormatException
{
    /// <summary>Creates an exception with no details.</summary>
    public TraceFormatException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public TraceFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TraceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for one bad field of a trace file.</summary>
    /// <param name="source">The file name or description of the trace.</param>
    /// <param name="lineNumber">The 1-based line number in the file.</param>
    /// <param name="column">The column (name or position) that is wrong, or null when the whole line is.</param>
    /// <param name="problem">What is wrong.</param>
    public TraceFormatException(string source, long lineNumber, string? column, string problem)
        : base($"{source}, line {lineNumber}{(column is null ? "" : $", column '{column}'")}: {problem}")
    {
        FileName = source;
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>Gets the name of the trace file (or the description the reader was given), or null when unknown.</summary>
    public string? FileName { get; }

    /// <summary>Gets the 1-based line number of the bad line, or 0 when unknown.</summary>
    public long LineNumber { get; }

    /// <summary>Gets the column that is wrong, or null when unknown or the whole line is wrong.</summary>
    public string? Column { get; }
}
