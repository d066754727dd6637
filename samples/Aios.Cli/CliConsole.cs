namespace Aios.Cli;

/// <summary>The streams a command reads and writes: the process's console, or strings in tests.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>Whether standard output is a terminal, so live views may redraw in place.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Whether standard error is a terminal, so progress may be drawn there.</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Writes <c>aios: error: message</c> to the error stream and returns the failure exit code, 1.</summary>
    public int Fail(string message)
    {
        Error.WriteLine($"aios: error: {message}");
        return 1;
    }
}
