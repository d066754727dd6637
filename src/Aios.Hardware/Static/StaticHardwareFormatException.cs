namespace Aios.Hardware.Static;

/// <summary>
/// A static hardware definition (JSON) is malformed or inconsistent. The message names the JSON path of the offending
/// value and what is wrong with it, for example <c>devices[2].kind: 'gpuu' is not one of cpu, gpu, fpga, accelerator, other</c>.
/// </summary>
public sealed class StaticHardwareFormatException : FormatException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public StaticHardwareFormatException()
        : this("The static hardware definition is invalid.")
    {
    }

    /// <summary>Creates the exception with a message that describes the problem.</summary>
    /// <param name="message">What is wrong.</param>
    public StaticHardwareFormatException(string message)
        : base(message)
    {
        JsonPath = "$";
        Problem = message;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public StaticHardwareFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        JsonPath = "$";
        Problem = message;
    }

    /// <summary>Creates the exception for a problem at a JSON path, optionally in a named file.</summary>
    /// <param name="jsonPath">The path of the offending value, such as <c>devices[2].kind</c>; <c>$</c> is the document root.</param>
    /// <param name="problem">What is wrong with the value.</param>
    /// <param name="source">The file the definition came from, or <see langword="null"/> for a string.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jsonPath"/> or <paramref name="problem"/> is <see langword="null"/>.</exception>
    public StaticHardwareFormatException(string jsonPath, string problem, string? source, Exception? innerException = null)
        : base(Format(jsonPath, problem, source), innerException)
    {
        JsonPath = jsonPath;
        Problem = problem;
        FilePath = source;
    }

    /// <summary>Gets the JSON path of the offending value, such as <c>devices[2].kind</c>; <c>$</c> is the document root.</summary>
    public string JsonPath { get; }

    /// <summary>Gets what is wrong with the value, without the path.</summary>
    public string Problem { get; }

    /// <summary>Gets the file the definition came from, or <see langword="null"/> when it was given as a string.</summary>
    public string? FilePath { get; }

    private static string Format(string jsonPath, string problem, string? source)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        ArgumentNullException.ThrowIfNull(problem);
        return source is null ? $"{jsonPath}: {problem}" : $"{source}: {jsonPath}: {problem}";
    }
}
