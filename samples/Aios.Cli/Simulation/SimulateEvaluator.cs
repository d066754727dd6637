using System.Globalization;
using System.Text;
using System.Text.Json;
using Aios.Hardware.Static;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Cli.Simulation;

/// <summary>
/// Evaluates a <see cref="SimulateRequest"/>: validates it, loads the cluster and the trace, and runs the simulator.
/// Nothing here writes output except the progress line; errors come back as the message to report.
/// </summary>
internal static class SimulateEvaluator
{
    public static SimulateEvaluation Evaluate(SimulateRequest request, TextWriter? progressWriter)
    {
        if (Validate(request) is { } invalid)
        {
            return SimulateEvaluation.Failed(invalid);
        }

        List<PolicyChoice> policies;
        try
        {
            policies = ParsePolicies(request);
        }
        catch (ArgumentException exception)
        {
            return SimulateEvaluation.Failed($"--policy: {CliConsole.Describe(exception)}");
        }

        if (policies.Count > 1 && request.EventsFile is not null)
        {
            return SimulateEvaluation.Failed($"--events takes one policy, but --policy lists {policies.Count}; run each policy on its own to log its events");
        }

        if (request.EventsFile is not null && policies[0].Round is not null)
        {
            return SimulateEvaluation.Failed($"--events logs the engine's events; '{policies[0].Name}' is a round-based policy, which has none");
        }

        if (policies.FirstOrDefault(p => p.Round is RoundPolicy.GavelLasSpaceSharing or RoundPolicy.SrtfPacked) is { } sharing && request.Format != "gavel")
        {
            return SimulateEvaluation.Failed($"--policy {sharing.Name} pairs jobs by Gavel's co-location throughputs: it needs --trace-format gavel with --throughputs FILE");
        }

        try
        {
            _ = SchedulerOptionsFor(request, SchedulingPolicy.Fifo);
        }
        catch (ArgumentException exception)
        {
            string option = exception.ParamName == nameof(SchedulerOptions.StarvationFactor) ? "--starvation-factor" : "--las-thresholds";
            return SimulateEvaluation.Failed($"{option}: {CliConsole.Describe(exception)}");
        }

        ClusterSpec cluster;
        int perNode;
        try
        {
            (cluster, perNode) = request.ClusterFile is { } file ? LoadCluster(file) : (ParseGpus(request.Gpus!, request.GpusPerNode), request.GpusPerNode);
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return SimulateEvaluation.Failed(CliConsole.Describe(exception));
        }

        List<TraceJob> jobs;
        GavelThroughputs? table;
        try
        {
            jobs = ReadTrace(request, out table);
        }
        catch (Exception exception) when (exception is TraceFormatException or FormatException or IOException or UnauthorizedAccessException or JsonException)
        {
            return SimulateEvaluation.Failed(exception.Message);
        }

        if (jobs.Count == 0)
        {
            return SimulateEvaluation.Failed($"trace '{request.TraceFile}' holds no job: there is nothing to simulate");
        }

        var runs = new List<SimulatedPolicy>(policies.Count);
        List<RoundJob>? roundJobs = null;
        foreach ((string name, SchedulingPolicy? enginePolicy, RoundPolicy? roundPolicy) in policies)
        {
            if (roundPolicy is { } round)
            {
                try
                {
                    roundJobs ??= RoundJobs(jobs, table);
                    runs.Add(RunRounds(round, name, roundJobs, table, cluster, request, progressWriter));
                    continue;
                }
                catch (ArgumentException exception)
                {
                    return SimulateEvaluation.Failed($"--policy {name}: {CliConsole.Describe(exception)}");
                }
            }

            SchedulingPolicy policy = enginePolicy!;
            JsonLinesEventWriter? log = null;
            try
            {
                if (request.EventsFile is { } eventsPath)
                {
                    log = new JsonLinesEventWriter(new FileStream(eventsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16));
                }

                var progress = new SimulationProgress(progressWriter, jobs.Count, log, collectCompletionTimes: request.PlotFile is not null);
                var simulator = new Simulator(cluster, new SimulationOptions
                {
                    Scheduler = SchedulerOptionsFor(request, policy),
                    PolicyName = name,
                    Seed = request.Seed,
                    EventSink = progress,

                    // For a plot, intervals from 1 s, doubling as needed to stay within 512 per run: a fine time axis
                    // however long the trace. (No figure of the table or the JSON depends on the intervals.)
                    UtilizationIntervalSeconds = request.PlotFile is null ? new SimulationOptions().UtilizationIntervalSeconds : 1,
                    MaxUtilizationSamples = request.PlotFile is null ? new SimulationOptions().MaxUtilizationSamples : 512,
                });
                var converter = new TraceJobConverter(perNode, request.RestartOverhead);
                SimulationResult result = simulator.Run(converter.ConvertAll(jobs));
                progress.Clear();
                runs.Add(new SimulatedPolicy(result, progress.CompletionTimes));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return SimulateEvaluation.Failed(CliConsole.Describe(exception));
            }
            finally
            {
                log?.Dispose();
            }
        }

        return new SimulateEvaluation(runs, cluster, null);
    }

    /// <summary>
    /// The policies of <c>--policy</c>: one name or a comma list, in the order given. An engine policy's name
    /// (<see cref="SchedulingPolicy.Names"/>) takes <c>--backfill</c> and <c>--placement</c>; the round-based policies of
    /// Aios.Scheduling.Optimization are the <c>gavel-*</c> names and <c>srtf-packed</c>, and <c>round-las</c> and
    /// <c>round-srtf</c> for that simulator's own LAS and SRTF (plain <c>las</c> and <c>srtf</c> are the engine's). Throws
    /// naming the first unknown, empty or repeated entry.
    /// </summary>
    private static List<PolicyChoice> ParsePolicies(SimulateRequest request)
    {
        PlacementStrategy placement = request.Placement switch
        {
            "spread" => PlacementStrategy.Spread,
            "topology" => PlacementStrategy.Topology,
            _ => PlacementStrategy.BinPack,
        };
        string[] entries = request.Policy.Split(',', StringSplitOptions.TrimEntries);
        var policies = new List<PolicyChoice>(entries.Length);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string entry in entries)
        {
            if (entry.Length == 0)
            {
                throw new ArgumentException($"the list '{request.Policy}' has an empty entry; give policies as NAME[,NAME...]");
            }

            if (!seen.Add(entry))
            {
                throw new ArgumentException($"'{entry}' is listed twice in '{request.Policy}'");
            }

            if (SchedulingPolicy.TryParse(entry, out SchedulingPolicy? engine))
            {
                SchedulingPolicy policy = engine with { Backfill = request.Backfill, Placement = placement };
                string name = SchedulingPolicy.Names.Contains(entry.ToLowerInvariant())
                    ? entry.ToLowerInvariant() + (request.Backfill ? "+backfill" : "")
                    : entry;
                policies.Add(new PolicyChoice(name, policy, null));
                continue;
            }

            string roundName = entry.StartsWith("round-", StringComparison.OrdinalIgnoreCase) ? entry["round-".Length..] : entry;
            bool plainName = roundName.Equals("las", StringComparison.OrdinalIgnoreCase) || roundName.Equals("srtf", StringComparison.OrdinalIgnoreCase);
            if ((plainName == (roundName.Length != entry.Length)) && RoundPolicies.TryParse(roundName, out RoundPolicy round))
            {
                policies.Add(new PolicyChoice(entry.ToLowerInvariant(), null, round));
                continue;
            }

            throw new ArgumentException($"Unknown policy '{entry}'; expected one of {string.Join(", ", PolicyNames)}.");
        }

        return policies;
    }

    /// <summary>Every name <c>--policy</c> takes: the engine's, then the round-based simulator's.</summary>
    public static IReadOnlyList<string> PolicyNames { get; } =
    [
        .. SchedulingPolicy.Names,
        .. RoundPolicies.Names.Select(name => name is "las" or "srtf" ? "round-" + name : name),
    ];

    /// <summary>The trace's jobs for the round-based simulator: each needs its steps and its throughput per device type.</summary>
    private static List<RoundJob> RoundJobs(List<TraceJob> jobs, GavelThroughputs? table)
    {
        var result = new List<RoundJob>(jobs.Count);
        foreach (TraceJob job in jobs)
        {
            if (job.TotalSteps is null || job.Throughputs.Count == 0)
            {
                throw new ArgumentException(
                    $"job '{job.Id}' has no steps and throughputs per device type; the round-based policies need them (--trace-format gavel with --throughputs, or a csv trace with steps and throughputs)");
            }

            result.Add(RoundJob.FromTraceJob(job, table));
        }

        return result;
    }

    /// <summary>Runs one round-based policy and puts its result in the shape of the engine simulator's.</summary>
    private static SimulatedPolicy RunRounds(RoundPolicy policy, string name, List<RoundJob> jobs, GavelThroughputs? table, ClusterSpec cluster, SimulateRequest request, TextWriter? progressWriter)
    {
        progressWriter?.Write($"\r{name}: simulating {jobs.Count} jobs in rounds of {request.RoundSeconds:0.##} s...");
        var options = new RoundSimulationOptions
        {
            Policy = policy,
            RoundSeconds = request.RoundSeconds,
            Colocation = policy is RoundPolicy.GavelLasSpaceSharing or RoundPolicy.SrtfPacked ? table : null,
            SampleIntervalSeconds = request.RoundSeconds,
        };
        long started = TimeProvider.System.GetTimestamp();
        RoundSimulationResult rounds = new RoundSimulator(cluster, options).Run(jobs);
        double wall = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        progressWriter?.Write("\r\u001b[K");
        double[] waits = [.. rounds.Outcomes.Where(o => double.IsFinite(o.FirstStartTime)).Select(o => o.FirstStartTime - o.SubmitTime)];
        var result = new SimulationResult
        {
            PolicyName = name,
            Seed = request.Seed,
            Jobs = rounds.Jobs,
            Completed = rounds.Completed,
            Makespan = rounds.Makespan,
            MeanJct = rounds.MeanJct,
            MedianJct = rounds.MedianJct,
            P95Jct = rounds.P95Jct,
            P99Jct = rounds.P99Jct,
            MeanQueueingDelay = waits.Length == 0 ? double.NaN : waits.Average(),
            Utilization = rounds.Utilization,
            UtilizationOverTime = rounds.UtilizationOverTime,
            QueueLengthOverTime = rounds.QueueLengthOverTime,
            Preemptions = rounds.Preemptions,
            MeanFinishTimeFairness = double.NaN,
            MaxFinishTimeFairness = double.NaN,
            QueueFairness = double.NaN,
            Events = rounds.Rounds,
            WallClockSeconds = wall,
        };
        double[] completions = [.. rounds.Outcomes.Where(o => double.IsFinite(o.FinishTime)).Select(o => o.CompletionTime)];
        return new SimulatedPolicy(result, completions);
    }

    private static SchedulerOptions SchedulerOptionsFor(SimulateRequest request, SchedulingPolicy policy)
    {
        var options = new SchedulerOptions { Policy = policy };
        if (request.StarvationFactor is { } factor)
        {
            options.StarvationFactor = factor;
        }

        if (request.LasThresholds is { } list)
        {
            options.AttainedServiceThresholds = [.. list.Split(',', StringSplitOptions.TrimEntries).Select(text =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN)];
        }

        return options;
    }

    /// <summary>The checks that need no file: the first problem, in the order the options are documented.</summary>
    private static string? Validate(SimulateRequest request)
    {
        if ((request.ClusterFile is null) == (request.Gpus is null))
        {
            return "give exactly one of --cluster FILE and --gpus TYPE=COUNT,...";
        }

        if (request.Limit is < 1)
        {
            return $"--limit must be at least 1 (got {request.Limit})";
        }

        if (!double.IsFinite(request.RoundSeconds) || request.RoundSeconds <= 0)
        {
            return $"--round-seconds must be a finite number of seconds > 0 (got {request.RoundSeconds})";
        }

        if (request.GpusPerNode < 1)
        {
            return $"--gpus-per-node must be at least 1 (got {request.GpusPerNode})";
        }

        if (!double.IsFinite(request.RestartOverhead) || request.RestartOverhead < 0)
        {
            return $"--restart-overhead must be a finite number of seconds >= 0 (got {request.RestartOverhead})";
        }

        if (request.Format == "gavel" && request.ThroughputsFile is null)
        {
            return "--trace-format gavel needs --throughputs FILE (Gavel's simulation_throughputs.json)";
        }

        if (request.PlotFile is { } plot && SimulatePlot.Check(plot, request.Overwrite) is { } badPlot)
        {
            return badPlot;
        }

        return File.Exists(request.TraceFile) ? null : $"trace file '{request.TraceFile}' does not exist";
    }

    /// <summary>Reads a cluster in the static hardware JSON (the one cluster format; docs/hardware-static-json.md).</summary>
    private static (ClusterSpec Cluster, int GpusPerNode) LoadCluster(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"cluster file '{path}' does not exist", path);
        }

        ClusterSpec cluster = StaticDeviceProvider.FromFile(path).ToClusterSpec();
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

    /// <summary>Reads the trace's jobs; <paramref name="throughputs"/> is Gavel's table for a gavel trace (null otherwise).</summary>
    private static List<TraceJob> ReadTrace(SimulateRequest request, out GavelThroughputs? throughputs)
    {
        string source = Path.GetFileName(request.TraceFile);
        throughputs = null;
        int limit = request.Limit ?? int.MaxValue;
        List<TraceJob> jobs;
        switch (request.Format)
        {
            case "philly":
                // Submit times count from the file's earliest timestamp (ReadFile's first pass), then from the earliest
                // of the jobs taken, so that a replay of the first N jobs starts at once.
                jobs = TraceJob.RebaseSubmitTimes(PhillyTraceReader.ReadFile(request.TraceFile).Take(limit));
                break;
            case "gavel":
                using (FileStream stream = File.OpenRead(request.ThroughputsFile!))
                {
                    throughputs = GavelThroughputs.Load(stream);
                }

                using (StreamReader reader = OpenText(request.TraceFile))
                {
                    jobs = [.. GavelTraceReader.Read(reader, throughputs, source).Take(limit)];
                }

                break;
            default:
                using (StreamReader reader = OpenText(request.TraceFile))
                {
                    jobs = [.. CsvTraceReader.Read(reader, source).Take(limit)];
                }

                break;
        }

        return Simulator.SortBySubmitTime(jobs);
    }

    private static StreamReader OpenText(string path) =>
        new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
}

/// <summary>One entry of <c>--policy</c>: an engine policy or a round-based one, and the name it is reported under.</summary>
internal sealed record PolicyChoice(string Name, SchedulingPolicy? Engine, RoundPolicy? Round);
