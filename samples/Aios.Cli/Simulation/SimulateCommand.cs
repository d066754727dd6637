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
        var cluster = new Option<string?>("--cluster") { Description = "A cluster JSON file ({\"nodes\": [{\"name\", \"devices\", \"count\"}]}); or use --gpus." };
        var gpus = new Option<string?>("--gpus") { Description = "GPUs per device type, e.g. v100=36,p100=36,k80=36; or use --cluster." };
        var gpusPerNode = new Option<int>("--gpus-per-node") { Description = "With --gpus: GPUs per node (default 4).", DefaultValueFactory = _ => 4 };
        var policy = new Option<string>("--policy") { Description = $"The policy: {string.Join(", ", SchedulingPolicy.Names)} (default fifo).", DefaultValueFactory = _ => "fifo" };
        var backfill = new Option<bool>("--backfill") { Description = "EASY backfill: later jobs may start when they do not delay the first blocked job." };
        var placement = new Option<string>("--placement") { Description = "Replica placement: binpack, spread or topology (default binpack).", DefaultValueFactory = _ => "binpack" };
        placement.AcceptOnlyFromAmong("binpack", "spread", "topology");
        var seed = new Option<int>("--seed") { Description = "The seed (recorded; the run is deterministic).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Write one JSON object instead of a table." };
        var events = new Option<string?>("--events") { Description = "Write the event log (JSON Lines: time, type, job, placement) to this file." };
        var limit = new Option<int?>("--limit") { Description = "Simulate only the first N jobs of the file (file order)." };
        var restart = new Option<double>("--restart-overhead") { Description = $"Seconds a preempted job loses when it restarts (default {TraceJobConverter.DefaultRestartOverhead}).", DefaultValueFactory = _ => TraceJobConverter.DefaultRestartOverhead };
        var starvation = new Option<double?>("--starvation-factor") { Description = "LAS: promote a job that waited this many times its run time (default 8; 0 = never)." };
        var thresholds = new Option<string?>("--las-thresholds") { Description = "LAS: attained-service class thresholds in GPU-seconds, ascending (default 3250,7200,18000)." };
        var command = new Command("simulate", "Simulate a trace on a cluster under a scheduling policy: JCT, makespan, utilization, preemptions.")
        {
            trace, format, throughputs, cluster, gpus, gpusPerNode, policy, backfill, placement, seed, json, events, limit, restart, starvation, thresholds,
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
                result.GetValue(thresholds));
            return Run(console, request);
        });
        return command;
    }

    private static int Run(CliConsole console, SimulateRequest request)
    {
        if ((request.ClusterFile is null) == (request.Gpus is null))
        {
            return console.Fail("give exactly one of --cluster FILE and --gpus TYPE=COUNT,...");
        }

        if (request.Limit is < 1)
        {
            return console.Fail($"--limit must be at least 1 (got {request.Limit})");
        }

        if (request.GpusPerNode < 1)
        {
            return console.Fail($"--gpus-per-node must be at least 1 (got {request.GpusPerNode})");
        }

        if (!double.IsFinite(request.RestartOverhead) || request.RestartOverhead < 0)
        {
            return console.Fail($"--restart-overhead must be a finite number of seconds >= 0 (got {request.RestartOverhead})");
        }

        if (request.Format == "gavel" && request.ThroughputsFile is null)
        {
            return console.Fail("--trace-format gavel needs --throughputs FILE (Gavel's simulation_throughputs.json)");
        }

        if (!File.Exists(request.TraceFile))
        {
            return console.Fail($"trace file '{request.TraceFile}' does not exist");
        }

        SchedulingPolicy policy;
        try
        {
            policy = SchedulingPolicy.Parse(request.Policy) with
            {
                Backfill = request.Backfill,
                Placement = request.Placement switch
                {
                    "spread" => PlacementStrategy.Spread,
                    "topology" => PlacementStrategy.Topology,
                    _ => PlacementStrategy.BinPack,
                },
            };
        }
        catch (ArgumentException exception)
        {
            return console.Fail($"--policy: {CliConsole.Describe(exception)}");
        }

        var schedulerOptions = new SchedulerOptions { Policy = policy };
        try
        {
            if (request.StarvationFactor is { } factor)
            {
                schedulerOptions.StarvationFactor = factor;
            }

            if (request.LasThresholds is { } list)
            {
                schedulerOptions.AttainedServiceThresholds = [.. list.Split(',', StringSplitOptions.TrimEntries).Select(text =>
                    double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN)];
            }
        }
        catch (ArgumentException exception)
        {
            string option = exception.ParamName == nameof(SchedulerOptions.StarvationFactor) ? "--starvation-factor" : "--las-thresholds";
            return console.Fail($"{option}: {CliConsole.Describe(exception)}");
        }

        ClusterSpec clusterSpec;
        int perNode;
        try
        {
            (clusterSpec, perNode) = request.ClusterFile is { } file ? LoadCluster(file) : (ParseGpus(request.Gpus!, request.GpusPerNode), request.GpusPerNode);
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return console.Fail(CliConsole.Describe(exception));
        }

        List<TraceJob> jobs;
        try
        {
            jobs = ReadTrace(request);
        }
        catch (Exception exception) when (exception is TraceFormatException or FormatException or IOException or UnauthorizedAccessException or JsonException)
        {
            return console.Fail(exception.Message);
        }

        if (jobs.Count == 0)
        {
            return console.Fail($"trace '{request.TraceFile}' holds no job: there is nothing to simulate");
        }

        string name = SchedulingPolicy.Names.Contains(request.Policy.ToLowerInvariant())
            ? request.Policy.ToLowerInvariant() + (request.Backfill ? "+backfill" : "")
            : request.Policy;
        JsonLinesEventWriter? log = null;
        SimulationResult result;
        try
        {
            if (request.EventsFile is { } eventsPath)
            {
                log = new JsonLinesEventWriter(new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16));
            }

            var progress = new SimulationProgress(console.IsErrorTerminal ? console.Error : null, jobs.Count, log);
            var simulator = new Simulator(clusterSpec, new SimulationOptions
            {
                Scheduler = schedulerOptions,
                PolicyName = name,
                Seed = request.Seed,
                EventSink = progress,
            });
            var converter = new TraceJobConverter(perNode, request.RestartOverhead);
            result = simulator.Run(converter.ConvertAll(jobs));
            progress.Clear();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return console.Fail(CliConsole.Describe(exception));
        }
        finally
        {
            log?.Dispose();
        }

        if (request.Json)
        {
            // Relaxed escaping keeps "fifo+backfill" readable; the output is a file or a pipe, never HTML.
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                JsonSerializer.Serialize(writer, ToOutput(result), CliJsonContext.Default.SimulateOutput);
            }

            console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            WriteTable(console.Out, result, clusterSpec);
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

    private static string Seconds(double seconds) => double.IsFinite(seconds)
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:N0} s ({seconds / 3600:F1} h)")
        : "n/a";

    private static (ClusterSpec Cluster, int GpusPerNode) LoadCluster(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"cluster file '{path}' does not exist", path);
        }

        using FileStream stream = File.OpenRead(path);
        ClusterSpec cluster = ClusterSpec.LoadJson(stream);
        int largest = 1;
        foreach (NodeSpec node in cluster.Nodes)
        {
            largest = Math.Max(largest, node.TotalDevices);
        }

        return (cluster, largest);
    }

    private static ClusterSpec ParseGpus(string text, int gpusPerNode)
    {
        var counts = new List<KeyValuePair<string, int>>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(part.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
            {
                throw new FormatException($"--gpus must be TYPE=COUNT[,TYPE=COUNT...] with counts >= 1, e.g. v100=36,p100=36 (got '{part}')");
            }

            counts.Add(new(part[..equals], count));
        }

        return counts.Count == 0
            ? throw new FormatException("--gpus must name at least one TYPE=COUNT, e.g. v100=128")
            : ClusterSpec.FromGpuCounts(counts, gpusPerNode);
    }

    private static List<TraceJob> ReadTrace(SimulateRequest request)
    {
        string source = Path.GetFileName(request.TraceFile);
        int limit = request.Limit ?? int.MaxValue;
        var jobs = new List<TraceJob>();
        using var reader = new StreamReader(request.TraceFile, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        switch (request.Format)
        {
            case "philly":
                // The file is not sorted by time: submit times count from the earliest of the jobs taken. A first pass
                // finds the file's earliest timestamp, so that seconds after it stay small enough to represent.
                DateTime origin;
                using (var first = new StreamReader(request.TraceFile, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
                {
                    origin = PhillyTraceReader.FindOrigin(first, source);
                }

                double earliest = double.PositiveInfinity;
                foreach (TraceJob job in PhillyTraceReader.Read(reader, origin, source))
                {
                    if (jobs.Count == limit)
                    {
                        break;
                    }

                    jobs.Add(job);
                    earliest = Math.Min(earliest, job.SubmitTime);
                }

                for (int i = 0; i < jobs.Count; i++)
                {
                    jobs[i] = jobs[i] with { SubmitTime = jobs[i].SubmitTime - earliest };
                }

                break;
            case "gavel":
                GavelThroughputs throughputs;
                using (FileStream stream = File.OpenRead(request.ThroughputsFile!))
                {
                    throughputs = GavelThroughputs.Load(stream);
                }

                Take(GavelTraceReader.Read(reader, throughputs, source), jobs, limit);
                break;
            default:
                Take(CsvTraceReader.Read(reader, source), jobs, limit);
                break;
        }

        return Simulator.SortBySubmitTime(jobs);
    }

    private static void Take(IEnumerable<TraceJob> source, List<TraceJob> jobs, int limit)
    {
        foreach (TraceJob job in source)
        {
            if (jobs.Count == limit)
            {
                break;
            }

            jobs.Add(job);
        }
    }

    private sealed record SimulateRequest(
        string TraceFile,
        string Format,
        string? ThroughputsFile,
        string? ClusterFile,
        string? Gpus,
        int GpusPerNode,
        string Policy,
        bool Backfill,
        string Placement,
        int Seed,
        bool Json,
        string? EventsFile,
        int? Limit,
        double RestartOverhead,
        double? StarvationFactor,
        string? LasThresholds);
}
