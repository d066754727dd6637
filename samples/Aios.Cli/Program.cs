using System.Text;

namespace Aios.Cli;

/// <summary>The <c>aios</c> command-line tool: composes the Aios libraries.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // Buffered standard output: a JSON Lines batch writes one line per model without a flush per line.
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        return CliApplication.Run(args, new CliConsole(Console.In, output, Console.Error) { IsTerminal = !Console.IsOutputRedirected, IsErrorTerminal = !Console.IsErrorRedirected });
    }
}
