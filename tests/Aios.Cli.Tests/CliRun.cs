namespace Aios.Cli.Tests;

/// <summary>Runs the aios command tree in process over string streams.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun InvokeWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = CliApplication.Run(args, new CliConsole(new StringReader(input), output, error));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static CliRun Invoke(params string[] args) => InvokeWithInput(string.Empty, args);

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
