using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aios.Scheduling.Sharing;

namespace Aios.Benchmarks.Scheduling;

/// <summary>
/// <c>-- fgd-inflation [DATA] [SEEDS]</c>: FGD's workload-inflation experiment (Weng et al., ATC'23, §6) on Alibaba's
/// 2023 GPU-sharing trace (1,213 nodes, 6,212 GPUs; 8,152 pods): pods drawn with replacement arrive at the empty cluster
/// until their GPU demand equals the cluster's GPU capacity, under best fit, dot product, random and FGD, for several
/// seeds. Writes <c>results/scheduling-fractional.md</c> (beside the benchmark project when run from the repository
/// root) and prints it. Not a timing benchmark.
/// </summary>
internal static class FgdInflation
{
    private static readonly GpuShareStrategy[] Strategies = [GpuShareStrategy.BestFit, GpuShareStrategy.DotProduct, GpuShareStrategy.Random, GpuShareStrategy.Fgd];

    public static void Run(string[] args)
    {
        string data = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data");
        int seeds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        string folder = Path.Combine(data, "traces", "alibaba-v2023");
        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"{folder} not found: give the shared data folder as the argument after fgd-inflation.");
            Environment.ExitCode = 1;
            return;
        }

        IReadOnlyList<GpuShareNode> nodes = AlibabaGpuTrace.ReadNodes(Path.Combine(folder, "openb_node_list_gpu_node.csv"));
        IReadOnlyList<AlibabaGpuPod> pods = AlibabaGpuTrace.ReadPods(Path.Combine(folder, "openb_pod_list_default.csv"));
        var requests = pods.Select(p => p.ToRequest()).ToList();
        var workload = GpuShareWorkload.FromSample(requests);
        int gpus = nodes.Sum(n => n.Gpus);
        var results = new Dictionary<GpuShareStrategy, List<InflationResult>>();
        var seconds = new Dictionary<GpuShareStrategy, double>();
        foreach (GpuShareStrategy strategy in Strategies)
        {
            var watch = Stopwatch.StartNew();
            results[strategy] = [];
            for (int seed = 1; seed <= seeds; seed++)
            {
                results[strategy].Add(InflationExperiment.Run(nodes, requests, strategy, seed, arrivedLimit: 1.0, curveStep: 0.1, workload));
            }

            seconds[strategy] = watch.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{strategy}: {seconds[strategy]:F1} s"));
        }

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("# Fractional GPUs: FGD's inflation experiment on Alibaba's 2023 trace");
        text.AppendLine();
        text.Append(inv, $"`dotnet run -c Release --project benchmarks/Aios.Benchmarks -- fgd-inflation ../shared/data {seeds}`: {nodes.Count:N0} nodes, {gpus:N0} GPUs, {pods.Count:N0} pods ({workload.Types.Count} distinct requests) drawn with replacement; seeds 1–{seeds}; mean ± standard deviation over seeds. ");
        text.AppendLine("Pods arrive one at a time at the empty cluster until the GPU demand of the arrived pods equals the cluster's GPU capacity (100 %); a pod that fits nowhere is dropped. "
            + "*Unallocated* is the share of all GPU capacity (milli-GPU) not allocated. *First failure*: when the first GPU pod could not be placed.");
        text.AppendLine();
        text.AppendLine("| strategy | arrived at first failure | unallocated at first failure | free GPUs | partly used GPUs | free milli on partly used GPUs | free milli on CPU/memory-stranded nodes | unallocated at 100 % arrived | pods failed by 100 % | first pod refused (most seeds) | run time per seed (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (GpuShareStrategy strategy in Strategies)
        {
            List<InflationResult> runs = results[strategy];
            var at = runs.Select(r => r.FirstFailure ?? r.Final).ToList();
            text.AppendLine(inv, $"| {strategy} | {Pct(runs.Select(r => r.ArrivedShareAtFirstFailure))} | {Pct(runs.Select(r => r.UnallocatedShareAtFirstFailure))} | {Num(at.Select(s => (double)s.FreeGpus))} | {Num(at.Select(s => (double)s.PartialGpus))} | {Pct(at.Select(s => s.FreeMilliOnPartialGpus / (gpus * 1000.0)))} | {Pct(at.Select(s => s.FreeMilliOnStrandedNodes / (gpus * 1000.0)))} | {Pct(runs.Select(r => r.Final.FreeShare))} | {Num(runs.Select(r => (double)r.Failed))} | {Refused(runs)} | {seconds[strategy] / seeds:F1} |");
        }

        text.AppendLine();
        double fgdFirst = results[GpuShareStrategy.Fgd].Average(r => r.UnallocatedShareAtFirstFailure);
        double fgdFinal = results[GpuShareStrategy.Fgd].Average(r => r.Final.FreeShare);
        GpuShareStrategy bestFirst = Strategies.Where(s => s != GpuShareStrategy.Fgd).MinBy(s => results[s].Average(r => r.UnallocatedShareAtFirstFailure));
        GpuShareStrategy bestFinal = Strategies.Where(s => s != GpuShareStrategy.Fgd).MinBy(s => results[s].Average(r => r.Final.FreeShare));
        double baseFirst = results[bestFirst].Average(r => r.UnallocatedShareAtFirstFailure);
        double baseFinal = results[bestFinal].Average(r => r.Final.FreeShare);
        text.Append(inv, $"FGD vs the best baseline: at the first failure {bestFirst} leaves {baseFirst:P1} unallocated and FGD {fgdFirst:P1} ({(baseFirst - fgdFirst) / baseFirst:P0} fewer unallocated GPUs); ");
        text.Append(inv, $"at 100 % arrived {bestFinal} leaves {baseFinal:P1} ({baseFinal * gpus:F0} GPUs) and FGD {fgdFinal:P1} ({fgdFinal * gpus:F0} GPUs): {(baseFinal - fgdFinal) / baseFinal:P0} fewer unallocated GPUs. ");
        text.AppendLine("Weng et al. report up to 49 % fewer unallocated GPUs than the best baseline (290 more GPUs allocated).");
        text.AppendLine();
        text.AppendLine("Unallocated share of GPU capacity against arrived workload (mean over seeds):");
        text.AppendLine();
        int points = results[GpuShareStrategy.Fgd][0].Curve.Count;
        text.Append("| strategy |");
        for (int i = 0; i < points; i++)
        {
            text.Append(inv, $" {(i + 1) * 10} % |");
        }

        text.AppendLine();
        text.Append("|---|");
        text.AppendLine(string.Concat(Enumerable.Repeat("---:|", points)));
        foreach (GpuShareStrategy strategy in Strategies)
        {
            text.Append(inv, $"| {strategy} |");
            for (int i = 0; i < points; i++)
            {
                int index = i;
                text.Append(inv, $" {results[strategy].Average(r => r.Curve[index].UnallocatedShare):P1} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("![Unallocated GPU capacity at the first refused pod and at 100 % arrived](scheduling-fractional-unallocated.svg)");
        text.AppendLine();
        text.AppendLine("![Unallocated GPU capacity against arrived workload](scheduling-fractional.svg)");
        string output = text.ToString();
        Console.Write(output);
        string folderOut = Path.Combine("benchmarks", "Aios.Benchmarks", "results");
        if (Directory.Exists(folderOut))
        {
            File.WriteAllText(Path.Combine(folderOut, "scheduling-fractional.md"), output);
            double[] arrived = [.. Enumerable.Range(1, points).Select(i => i * 10.0)];
            Plots.ResultPlot.Lines(
                Path.Combine(folderOut, "scheduling-fractional.svg"),
                "Inflation on Alibaba's 2023 trace: GPU capacity left unallocated",
                "arrived GPU demand (% of capacity)",
                "unallocated GPU capacity (%)",
                [.. Strategies.Select(strategy => new Plots.PlotSeries(
                    strategy.ToString(),
                    arrived,
                    [.. Enumerable.Range(0, points).Select(i => 100 * results[strategy].Average(r => r.Curve[i].UnallocatedShare))]))]);
            Plots.ResultPlot.Bars(
                Path.Combine(folderOut, "scheduling-fractional-unallocated.svg"),
                "Inflation on Alibaba's 2023 trace: GPU capacity left unallocated (mean over seeds)",
                "unallocated GPU capacity (%)",
                ["at the first refused pod", "when arrived demand = capacity"],
                [.. Strategies.Select(strategy => new Plots.BarSeries(
                    strategy.ToString(),
                    [100 * results[strategy].Average(r => r.UnallocatedShareAtFirstFailure), 100 * results[strategy].Average(r => r.Final.FreeShare)]))]);
        }
    }

    private static string Refused(List<InflationResult> runs)
    {
        var kinds = runs.Where(r => r.FirstRefused is not null)
            .GroupBy(r => r.FirstRefused!.Kind == GpuShareKind.Whole ? $"{r.FirstRefused.GpuCount} whole GPU(s)" : $"{r.FirstRefused.Kind}")
            .OrderByDescending(g => g.Count())
            .ToList();
        return kinds.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{kinds[0].Key} ({kinds[0].Count()} of {runs.Count})");
    }

    private static string Pct(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        double sd = Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, list.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean * 100:F1} ± {sd * 100:F1} %");
    }

    private static string Num(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        double sd = Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, list.Count - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F0} ± {sd:F0}");
    }
}
