namespace Aios.Cli;

/// <summary>The streams a command reads and writes: the process's console, or strings in tests.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>Whether standard output is a terminal, so live views may redraw in place.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Whether standard error is a terminal, so progress may be drawn there.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>
    /// Writes <c>aios: error: message</c> to the error stream, on one line (line breaks in the message become spaces),
    /// and returns the failure exit code, 1.
    /// </summary>
    public int Fail(string message)
    {
        Error.WriteLine($"aios: error: {OneLine(message)}");
        return 1;
    }

    /// <summary>
    /// An exception's message for a user: its first line, without the framework's " (Parameter 'x')" suffix, which
    /// names a library parameter rather than anything the user typed; an out-of-range value is appended as "(got x)".
    /// </summary>
    public static string Describe(Exception exception)
    {
        string message = exception.Message;
        int newline = message.IndexOfAny(['\r', '\n']);
        if (newline >= 0)
        {
            message = message[..newline].TrimEnd();
        }

        int parameter = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0)
        {
            message = message[..parameter];
        }

        // The BCL guards already quote the value ("servers ('0') must be ..."); the shared Guard leaves it to ActualValue.
        return exception is ArgumentOutOfRangeException { ActualValue: { } actual } && !message.Contains("(got ", StringComparison.Ordinal)
            && !message.Contains($"('{actual}')", StringComparison.Ordinal)
            ? $"{message} (got {actual})"
            : message;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
