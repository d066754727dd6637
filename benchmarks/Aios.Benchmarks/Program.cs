using Aios.Benchmarks.Data;
using Aios.Benchmarks.Serving;
using BenchmarkDotNet.Running;

namespace Aios.Benchmarks;

/// <summary>
/// The BenchmarkDotNet host: <c>dotnet run -c Release --project benchmarks/Aios.Benchmarks -- --filter '*'</c>; also
/// <c>-- selector-accuracy</c> for the codec selector's accuracy table and <c>-- registry-dedup</c> for the bytes a
/// model's second version stores anew, and <c>-- serving-frontier [DATA]</c> for every autoscaler baseline across
/// its main setting on the Azure LLM trace, <c>-- gavel-hetero [DATA]</c> and <c>-- gavel-sharing [DATA]</c> for Gavel's
/// heterogeneity and space-sharing experiments, and <c>-- fgd-inflation [DATA] [SEEDS]</c> for FGD's inflation
/// experiment on Alibaba's 2023 GPU-sharing trace (not timing benchmarks).
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

        if (args.Length > 0 && args[0] == "registry-dedup")
        {
            RegistryDedup.Run();
            return;
        }

        if (args.Length > 0 && args[0] == "serving-frontier")
        {
            AutoscalerFrontier.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "gavel-hetero")
        {
            Scheduling.GavelExperiments.RunHetero(args);
            return;
        }

        if (args.Length > 0 && args[0] == "gavel-sharing")
        {
            Scheduling.GavelExperiments.RunSharing(args);
            return;
        }

        if (args.Length > 0 && args[0] == "fgd-inflation")
        {
            Scheduling.FgdInflation.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
