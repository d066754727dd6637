using BenchmarkDotNet.Running;

namespace Aios.Benchmarks;

/// <summary>The BenchmarkDotNet host: <c>dotnet run -c Release --project benchmarks/Aios.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
