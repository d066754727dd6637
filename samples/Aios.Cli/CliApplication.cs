using System.CommandLine;
using Aios.Cli.Data;
using Aios.Cli.Devices;
using Aios.Cli.Queueing;
using Aios.Cli.Simulation;

namespace Aios.Cli;

/// <summary>Builds the <c>aios</c> command tree over a <see cref="CliConsole"/> and runs it.</summary>
internal static class CliApplication
{
    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("aios: capacity planning and scheduling tools for AI workloads on heterogeneous hardware.");
        root.Subcommands.Add(QueueingCommands.Create(console));
        root.Subcommands.Add(DevicesCommands.Create(console));
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(DataCommands.Create(console));
        root.Subcommands.Add(DemoCommand.Create(console));
        return root;
    }

    public static int Run(string[] args, CliConsole console)
    {
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        int exitCode = Create(console).Parse(args).Invoke(configuration);
        console.Out.Flush();
        console.Error.Flush();
        return exitCode;
    }
}
