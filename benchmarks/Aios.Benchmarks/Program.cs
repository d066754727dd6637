using Aios.Benchmarks.Data;
using BenchmarkDotNet.Running;

namespace Aios.Benchmarks;

/// <summary>
/// The BenchmarkDotNet host: <c>dotnet run -c Release --project benchmarks/Aios.Benchmarks -- --filter '*'</c>; also
/// <c>-- selector-accuracy</c> for the codec selector's accuracy table (not a timing benchmark).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "selector-accuracy")
        {
            SelectorAccuracy.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
