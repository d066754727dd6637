using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Aios.Cli.Data;
using Aios.Cli.Devices;
using Aios.Cli.Kubernetes;
using Aios.Cli.Queueing;
using Aios.Cli.Serving;
using Aios.Cli.Simulation;

namespace Aios.Cli;

/// <summary>Builds the <c>aios</c> command tree over a <see cref="CliConsole"/> and runs it.</summary>
/// <remarks>
/// Every failure, whether the command line does not parse or a command fails, is one line <c>aios: error: …</c> on
/// standard error with exit code 1: no help text, no stack trace. (<c>aios data verify</c> alone also uses 2, for
/// corrupt chunks found.)
/// </remarks>
internal static class CliApplication
{
    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("aios: capacity planning and scheduling tools for AI workloads on heterogeneous hardware.");
        root.Subcommands.Add(QueueingCommands.Create(console));
        root.Subcommands.Add(DevicesCommands.Create(console));
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(DataCommands.Create(console));
        root.Subcommands.Add(ModelsCommands.Create(console));
        root.Subcommands.Add(KubernetesCommands.Create(console));
        root.Subcommands.Add(ServeCommands.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        return root;
    }

    public static int Run(string[] args, CliConsole console)
    {
        int exitCode;
        ParseResult parse = Create(console).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            exitCode = console.Fail(Describe(MostUseful(parse.Errors), parse));
        }
        else
        {
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            try
            {
                exitCode = parse.Invoke(configuration);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A command's own checks name the option; this is the last line of defence against a stack trace.
                exitCode = console.Fail(CliConsole.Describe(exception));
            }
        }

        console.Out.Flush();
        console.Error.Flush();
        return exitCode;
    }

    /// <summary>The one error to report: a bad option value first, then a token nothing matched, then the rest.</summary>
    private static ParseError MostUseful(IReadOnlyList<ParseError> errors) =>
        errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult { Parent: OptionResult } && !e.Message.Contains("is required", StringComparison.Ordinal))
        ?? errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
        ?? errors[0];

    /// <summary>A parse error in the tool's words: the option first, what is wrong with its value, and the valid range.</summary>
    private static string Describe(ParseError error, ParseResult parse)
    {
        string command = string.Join(' ', CommandPath(parse.CommandResult));
        OptionResult? option = error.SymbolResult switch
        {
            OptionResult result => result,
            ArgumentResult { Parent: OptionResult result } => result,
            _ => null,
        };
        if (option is null)
        {
            return error.SymbolResult is null or CommandResult && parse.UnmatchedTokens.Count == 0 && error.Message.Contains("command", StringComparison.OrdinalIgnoreCase)
                ? $"a command is required: {Commands(parse.CommandResult)} (see '{command} --help')"
                : $"{Lowercase(error.Message)} (see '{command} --help')";
        }

        string name = option.Option.Name;
        string? token = option.Tokens.Count > 0 ? option.Tokens[^1].Value : null;
        Type type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        if (token is not null && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return $"{name}: '{token}' is not {Expected(type)}";
        }

        if (token is not null && error.Message.Contains("not recognized. Must be one of", StringComparison.Ordinal))
        {
            return $"{name}: '{token}' is not one of {string.Join(", ", Values(error.Message))}";
        }

        return error.Message.Contains(name, StringComparison.Ordinal) ? Lowercase(error.Message) : $"{name}: {Lowercase(error.Message)}";
    }

    private static string Expected(Type type) =>
        type == typeof(int) ? $"a whole number from {int.MinValue} to {int.MaxValue}"
        : type == typeof(long) ? $"a whole number from {long.MinValue} to {long.MaxValue}"
        : type == typeof(double) ? "a number (such as 0.5, 12 or 1e-3)"
        : type == typeof(bool) ? "true or false"
        : $"a valid {type.Name}";

    /// <summary>The quoted choices of System.CommandLine's "Must be one of" message.</summary>
    private static IEnumerable<string> Values(string message)
    {
        string[] parts = message.Split('\'');
        for (int i = 3; i < parts.Length; i += 2)
        {
            yield return parts[i];
        }
    }

    private static string Commands(CommandResult result) =>
        string.Join(", ", result.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    private static Stack<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var command })
            {
                names.Push(command is RootCommand ? "aios" : command.Name);
            }
        }

        return names;
    }

    private static string Lowercase(string message)
    {
        message = message.TrimEnd().TrimEnd('.');
        return message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }
}
