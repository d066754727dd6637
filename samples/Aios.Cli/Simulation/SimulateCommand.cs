using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Cli.Simulation;

/// <summary><c>aios simulate</c>: replays a trace through the scheduler on a simulated cluster and reports JCT, makespan and utilization.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var trace = new Option<string>("--trace") { Description = "The trace file.", Required = true };
        var format = new Option<string>("--trace-format") { Description = "The trace's format: gavel, philly or csv.", Required = true };
        format.AcceptOnlyFromAmong("gavel", "philly", "csv");
        var throughputs = new Option<string?>("--throughputs") { Description = "Gavel's throughput file (simulation_throughputs.json); required with --trace-format gavel." };
        var cluster = new Option<string?>("--cluster") { Description = "A cluster in the static hardware JSON ({\"cluster\": {\"nodes\": 4, \"node\": {\"gpus\": [{\"model\": \"a100\", \"count\": 8}]}}}); or use --gpus." };
        var gpus = new Option<string?>("--gpus") { Description = "GPUs per device type, e.g. v100=36,p100=36,k80=36; or use --cluster." };
        var gpusPerNode = new Option<int>("--gpus-per-node") { Description = "With --gpus: GPUs per node (default 4).", DefaultValueFactory = _ => 4 };
        var policy = new Option<string>("--policy") { Description = $"The policy, or a comma list of policies to compare on the same trace and cluster: {string.Join(", ", SimulateEvaluator.PolicyNames)} (default fifo). The gavel-*, srtf-packed and round-* policies run in Gavel's rounds (Aios.Scheduling.Optimization) and need jobs with throughputs per device type (--trace-format gavel).", DefaultValueFactory = _ => "fifo" };
        var backfill = new Option<bool>("--backfill") { Description = "EASY backfill: later jobs may start when they do not delay the first blocked job." };
        var placement = new Option<string>("--placement") { Description = "Replica placement: binpack, spread or topology (default binpack).", DefaultValueFactory = _ => "binpack" };
        placement.AcceptOnlyFromAmong("binpack", "spread", "topology");
        var seed = new Option<int>("--seed") { Description = "The seed (recorded; the run is deterministic).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object instead of a table (with several policies: {\"policies\": [one object per policy]})." };
        var events = new Option<string?>("--events") { Description = "Write the event log (JSON Lines: time, type, job, placement) to this file (one policy only)." };
        var plot = new Option<string?>("--plot") { Description = "Plot the JCT CDF, GPU utilization and waiting jobs over time, one curve per policy, to this .png or .svg file (a new file: its folder must exist)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the --plot file when it exists." };
        var limit = new Option<int?>("--limit") { Description = "Simulate only the first N jobs of the file (file order)." };
        var restart = new Option<double>("--restart-overhead") { Description = $"Seconds a preempted job loses when it restarts (default {TraceJobConverter.DefaultRestartOverhead}).", DefaultValueFactory = _ => TraceJobConverter.DefaultRestartOverhead };
        var roundSeconds = new Option<double>("--round-seconds") { Description = "Round-based policies: the round length in seconds (default 360, Gavel's).", DefaultValueFactory = _ => 360 };
        var starvation = new Option<double?>("--starvation-factor") { Description = "LAS: promote a job that waited this many times its run time (default 8; 0 = never)." };
        var thresholds = new Option<string?>("--las-thresholds") { Description = "LAS: attained-service class thresholds in GPU-seconds, ascending (default 3250,7200,18000)." };
        var command = new Command("simulate", "Simulate a trace on a cluster under a scheduling policy: JCT, makespan, utilization, preemptions.")
        {
            trace, format, throughputs, cluster, gpus, gpusPerNode, policy, backfill, placement, seed, json, events, limit, restart, starvation, thresholds, plot, overwrite, roundSeconds,
        };
        command.SetAction(result =>
        {
            var request = new SimulateRequest(
                result.GetValue(trace)!,
                result.GetValue(format)!,
                result.GetValue(throughputs),
                result.GetValue(cluster),
                result.GetValue(gpus),
                result.GetValue(gpusPerNode),
                result.GetValue(policy)!,
                result.GetValue(backfill),
                result.GetValue(placement)!,
                result.GetValue(seed),
                result.GetValue(json),
                result.GetValue(events),
                result.GetValue(limit),
                result.GetValue(restart),
                result.GetValue(starvation),
                result.GetValue(thresholds),
                result.GetValue(plot),
                result.GetValue(overwrite),
                result.GetValue(roundSeconds));
            return Run(console, request);
        });
        return command;
    }

    private static int Run(CliConsole console, SimulateRequest request)
    {
        SimulateEvaluation evaluation = SimulateEvaluator.Evaluate(request, console.IsErrorTerminal ? console.Error : null);
        if (evaluation is not { Runs: { } runs, Cluster: { } cluster })
        {
            return console.Fail(evaluation.Error!);
        }

        if (request.PlotFile is { } file)
        {
            try
            {
                SimulatePlot.Write(file, runs, cluster, Path.GetFileName(request.TraceFile), request.Overwrite);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return console.Fail($"--plot: {CliConsole.Describe(exception)}");
            }
        }

        if (request.Json)
        {
            // Relaxed escaping keeps "fifo+backfill" readable; the output is a file or a pipe, never HTML.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                if (runs.Count == 1)
                {
                    JsonSerializer.Serialize(writer, ToOutput(runs[0].Result), CliJsonContext.Default.SimulateOutput);
                }
                else
                {
                    var comparison = new SimulateComparisonOutput { Policies = [.. runs.Select(run => ToOutput(run.Result))] };
                    JsonSerializer.Serialize(writer, comparison, CliJsonContext.Default.SimulateComparisonOutput);
                }
            }

            console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else if (runs.Count == 1)
        {
            WriteTable(console.Out, runs[0].Result, cluster);
        }
        else
        {
            WriteComparison(console.Out, [.. runs.Select(run => run.Result)], cluster);
        }

        return 0;
    }

    private static SimulateOutput ToOutput(SimulationResult result) => new()
    {
        Policy = result.PolicyName,
        Jobs = result.Jobs,
        Completed = result.Completed,
        Makespan = result.Makespan,
        MeanJct = Finite(result.MeanJct),
        MedianJct = Finite(result.MedianJct),
        P95Jct = Finite(result.P95Jct),
        P99Jct = Finite(result.P99Jct),
        MeanQueueingDelay = Finite(result.MeanQueueingDelay),
        Utilization = result.Utilization,
        Preemptions = result.Preemptions,
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    public static void WriteTable(TextWriter writer, SimulationResult result, ClusterSpec cluster)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulation: {result.PolicyName} on {cluster.TotalDevices} GPUs ({cluster.Nodes.Count} nodes), {result.Jobs} jobs"));
        (string, string)[] rows =
        [
            ("completed", string.Create(CultureInfo.InvariantCulture, $"{result.Completed} of {result.Jobs}")),
            ("makespan", Seconds(result.Makespan)),
            ("mean JCT", Seconds(result.MeanJct)),
            ("median JCT", Seconds(result.MedianJct)),
            ("p95 JCT", Seconds(result.P95Jct)),
            ("p99 JCT", Seconds(result.P99Jct)),
            ("mean queueing delay", Seconds(result.MeanQueueingDelay)),
            ("utilization", result.Utilization.ToString("P1", CultureInfo.InvariantCulture)),
            ("preemptions", result.Preemptions.ToString(CultureInfo.InvariantCulture)),
            ("finish-time fairness", string.Create(CultureInfo.InvariantCulture, $"mean {result.MeanFinishTimeFairness:F2}, max {result.MaxFinishTimeFairness:F2}")),
            ("queue fairness (Jain)", result.QueueFairness.ToString("F3", CultureInfo.InvariantCulture)),
            ("wall time", string.Create(CultureInfo.InvariantCulture, $"{result.WallClockSeconds:F2} s")),
        ];
        foreach ((string label, string value) in rows)
        {
            writer.WriteLine($"  {label,-22} {value}");
        }
    }

    /// <summary>Several policies on one trace: one row per policy, times in seconds, in the order asked.</summary>
    public static void WriteComparison(TextWriter writer, IReadOnlyList<SimulationResult> results, ClusterSpec cluster)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulation: {results.Count} policies on {cluster.TotalDevices} GPUs ({cluster.Nodes.Count} nodes), {results[0].Jobs} jobs"));
        string[] header = ["policy", "completed", "makespan s", "mean JCT s", "median JCT s", "p95 JCT s", "p99 JCT s", "mean wait s", "util", "preempt", "FTF mean", "FTF max", "Jain", "wall s"];
        var rows = new List<string[]> { header };
        foreach (SimulationResult result in results)
        {
            rows.Add(
            [
                result.PolicyName,
                string.Create(CultureInfo.InvariantCulture, $"{result.Completed}/{result.Jobs}"),
                Number(result.Makespan, "N0"),
                Number(result.MeanJct, "N0"),
                Number(result.MedianJct, "N0"),
                Number(result.P95Jct, "N0"),
                Number(result.P99Jct, "N0"),
                Number(result.MeanQueueingDelay, "N0"),
                result.Utilization.ToString("P1", CultureInfo.InvariantCulture),
                result.Preemptions.ToString(CultureInfo.InvariantCulture),
                Number(result.MeanFinishTimeFairness, "F2"),
                Number(result.MaxFinishTimeFairness, "F2"),
                Number(result.QueueFairness, "F3"),
                result.WallClockSeconds.ToString("F2", CultureInfo.InvariantCulture),
            ]);
        }

        int[] widths = [.. Enumerable.Range(0, header.Length).Select(column => rows.Max(row => row[column].Length))];
        foreach (string[] row in rows)
        {
            // The policy left-aligned, the figures right-aligned.
            var line = new StringBuilder("  ").Append(row[0].PadRight(widths[0]));
            for (int column = 1; column < row.Length; column++)
            {
                line.Append("  ").Append(row[column].PadLeft(widths[column]));
            }

            writer.WriteLine(line.ToString());
        }
    }

    private static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Seconds(double seconds) => double.IsFinite(seconds)
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:N0} s ({seconds / 3600:F1} h)")
        : "n/a";
}
