using System.Globalization;
using k8s;

namespace Aios.KubeBench;

/// <summary>
/// Bind throughput: N nodes × G GPUs, then single one-GPU pods (<c>--pods</c>) or gangs of one-GPU pods
/// (<c>--gangs</c>, <c>--gang-size</c>), created by <c>--creators</c> clients in parallel while the scheduler runs
/// (time from the first create to the last binding), or all created first with the scheduler stopped
/// (<c>--precreate</c>: time from the scheduler's start to the last binding, binding alone).
/// </summary>
internal static class BindScenario
{
    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        string kind = arguments.Text("scheduler", "aios")!;
        int nodes = arguments.Int("nodes", 1000);
        int gpusPerNode = arguments.Int("gpus-per-node", 8);
        int gangs = arguments.Int("gangs", 0);
        int gangSize = arguments.Int("gang-size", 8);
        int singles = arguments.Int("pods", gangs > 0 ? 0 : 5000);
        int creators = arguments.Int("creators", 16);
        bool precreate = arguments.Flag("precreate");
        bool interleaved = (arguments.Text("order", "gang") ?? "gang") switch
        {
            "gang" => false,
            "interleaved" => true,
            string other => throw new ArgumentException($"--order must be gang or interleaved (got '{other}')."),
        };
        double timeout = arguments.Double("timeout", 240);
        double quiet = arguments.Double("quiet-seconds", 15);
        int tail = arguments.Int("tail", 0);
        await using Contender contender = Contender.Create(kind, arguments);
        arguments.ThrowIfUnread();

        List<PodToCreate> pods = gangs > 0 ? GangPods(gangs, gangSize, interleaved) : SinglePods(singles);
        long capacity = (long)nodes * gpusPerNode;
        int expected = kind == "none" ? 0
            : gangs > 0 && kind == "aios" ? (int)Math.Min(gangs, capacity / gangSize) * gangSize
            : (int)Math.Min(pods.Count, capacity);
        string shape = gangs > 0 ? $"{gangs} gangs × {gangSize} one-GPU pods ({pods.Count} pods, {(interleaved ? "interleaved" : "gang by gang")})" : $"{pods.Count} one-GPU pods";
        Console.Error.WriteLine($"bind: {contender.Name}; {nodes} nodes × {gpusPerNode} GPUs; {shape}; {creators} creators; {(precreate ? "pods created first, then the scheduler started" : "scheduler running while pods are created")}; load {LoadAverage()}");

        string loadBefore = LoadAverage();
        await using BenchCluster cluster = await BenchCluster.StartAsync(nodes, gpusPerNode, "NVIDIA-A100-SXM4-80GB", cancellationToken).ConfigureAwait(false);
        IKubernetes[] clients = cluster.CreateClients(creators);
        PodTracker tracker = cluster.Tracker;
        double createStart, createEnd, start;
        Dictionary<string, double> cpuBefore;
        if (precreate)
        {
            createStart = BenchClock.Now;
            await PodCreator.CreateAsync(clients, pods, contender.SchedulerName, cancellationToken).ConfigureAwait(false);
            createEnd = BenchClock.Now;
            await tracker.WhenAsync(0, pods.Count).WaitAsync(cancellationToken).ConfigureAwait(false);
            cpuBefore = ProcessCpu.Sample();
            start = BenchClock.Now;
            await contender.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await contender.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(kind == "none" ? 0 : 5), cancellationToken).ConfigureAwait(false); // let the scheduler list and watch
            cpuBefore = ProcessCpu.Sample();
            start = createStart = BenchClock.Now;
            await PodCreator.CreateAsync(clients, pods, contender.SchedulerName, cancellationToken).ConfigureAwait(false);
            createEnd = BenchClock.Now;
        }

        Task target = tracker.WhenAsync(expected, pods.Count);
        bool reached = await WaitAsync(tracker, target, start, timeout, quiet, cancellationToken).ConfigureAwait(false);
        double end = BenchClock.Now;
        Dictionary<string, double> cpuAfter = ProcessCpu.Sample();
        int bound = tracker.BoundCount;
        double firstBoundAt = tracker.FirstBoundAt;
        double lastBoundAt = tracker.LastBoundAt;
        List<double> tailLatencies = tail > 0 && reached ? await TailAsync(clients[0], tracker, tail, contender.SchedulerName, cancellationToken).ConfigureAwait(false) : [];
        await contender.DisposeAsync().ConfigureAwait(false);
        string notes = contender.Notes;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        ApiServerCheck check = await cluster.CheckAsync(cancellationToken).ConfigureAwait(false);
        foreach (IKubernetes client in clients)
        {
            client.Dispose();
        }

        double lastBound = double.IsNaN(lastBoundAt) ? end : lastBoundAt;
        double span = kind == "none" ? createEnd - createStart : lastBound - start;
        double firstToLast = lastBoundAt - firstBoundAt;
        var text = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(text, $"| {(precreate ? "bind alone" : "create + bind")} | {contender.Name} | {shape} | {creators} | {createEnd - createStart:F1} | {(kind == "none" ? "–" : $"{span:F1}")} | {(kind == "none" ? pods.Count / span : bound / span):F0} | {(bound > 1 ? $"{(bound - 1) / firstToLast:F0}" : "–")} | {bound} of {pods.Count} | {(gangs > 0 ? $"{check.CompleteGangs} / {check.PartialGangs} / {check.UnboundGangs}" : "–")} | {check.MaxNodeGpus} of {gpusPerNode} | {(check.OverCommitted || tracker.Violations.Count > 0 ? "**yes**" : "no")} |"));
        Console.WriteLine(string.Create(text, $"reached target {expected} bound: {reached}; bound seen by the watch {bound}; pods created {createStart - start:F1}–{createEnd - start:F1} s after start; first binding {firstBoundAt - start:F2} s, last {lastBound - start:F2} s after start"));
        Console.WriteLine($"watch events {tracker.Events}, over-commit checks at every event: {tracker.Checks}, violations {tracker.Violations.Count}; API server check: {(check.OverCommitted ? string.Join("; ", check.Problems.Take(5)) : "no node over its allocatable GPUs")}; {check.Events} Events stored");
        if (tailLatencies.Count > 0)
        {
            tailLatencies.Sort();
            Console.WriteLine(string.Create(text, $"then {tailLatencies.Count} pods created one at a time beside the {bound} bound: create → bound median {tailLatencies[tailLatencies.Count / 2] * 1000:F0} ms, p95 {tailLatencies[(int)(tailLatencies.Count * 0.95)] * 1000:F0} ms, max {tailLatencies[^1] * 1000:F0} ms"));
        }

        Console.WriteLine($"scheduler: {notes}");
        Console.WriteLine($"CPU used from start to the end of the wait: {ProcessCpu.Describe(cpuBefore, cpuAfter)} (harness = pod creators and the tracker's watch)");
        Console.WriteLine($"load average before {loadBefore}, after {LoadAverage()}");
        foreach (string violation in tracker.Violations.Take(5))
        {
            Console.WriteLine($"violation: {violation}");
        }

        return check.OverCommitted || tracker.Violations.Count > 0 || (kind == "aios" && check.PartialGangs > 0) ? 1 : 0;
    }

    /// <summary>Creates pods one at a time, each after the previous was seen bound: the latency of one pod beside many bound ones.</summary>
    private static async Task<List<double>> TailAsync(IKubernetes client, PodTracker tracker, int count, string schedulerName, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            Task bound = tracker.WhenAsync(tracker.BoundCount + 1);
            double started = BenchClock.Now;
            await PodCreator.CreateAsync([client], [new PodToCreate($"tail-{i.ToString("D4", CultureInfo.InvariantCulture)}", 1)], schedulerName, cancellationToken).ConfigureAwait(false);
            if (await Task.WhenAny(bound, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)).ConfigureAwait(false) != bound)
            {
                break;
            }

            latencies.Add(BenchClock.Now - started);
        }

        return latencies;
    }

    /// <summary>Waits for the target, or until nothing was bound for <paramref name="quiet"/> seconds once every pod exists, or the timeout.</summary>
    private static async Task<bool> WaitAsync(PodTracker tracker, Task target, double start, double timeout, double quiet, CancellationToken cancellationToken)
    {
        int lastCount = -1;
        double lastChange = BenchClock.Now;
        double lastPrint = 0;
        while (!target.IsCompleted)
        {
            await Task.WhenAny(target, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            double now = BenchClock.Now;
            if (tracker.BoundCount != lastCount)
            {
                lastCount = tracker.BoundCount;
                lastChange = now;
            }
            else if (now - lastChange > quiet)
            {
                Console.Error.WriteLine($"nothing bound for {quiet} s: stopping");
                return false;
            }

            if (now - lastPrint >= 10)
            {
                lastPrint = now;
                Console.Error.WriteLine($"{now - start,6:F1} s: {tracker.Seen} pods, {tracker.BoundCount} bound");
            }

            if (now - start > timeout)
            {
                Console.Error.WriteLine($"timeout after {timeout} s: stopping");
                return false;
            }
        }

        return true;
    }

    private static List<PodToCreate> SinglePods(int count)
    {
        var pods = new List<PodToCreate>(count);
        for (int i = 0; i < count; i++)
        {
            pods.Add(new PodToCreate($"pod-{i.ToString("D5", CultureInfo.InvariantCulture)}", 1));
        }

        return pods;
    }

    /// <summary>Gangs of one-GPU pods: gang by gang (each gang's pods one after another), or interleaved (the first pod of every gang, then the second, …).</summary>
    private static List<PodToCreate> GangPods(int gangs, int size, bool interleaved)
    {
        var byGang = new List<PodToCreate>[gangs];
        string minimum = size.ToString(CultureInfo.InvariantCulture);
        for (int g = 0; g < gangs; g++)
        {
            string group = $"gang-{g.ToString("D5", CultureInfo.InvariantCulture)}";
            var labels = new Dictionary<string, string> { [PodTracker.GroupLabel] = group };
            var annotations = new Dictionary<string, string> { ["aios.dev/min-members"] = minimum };
            byGang[g] = [];
            for (int r = 0; r < size; r++)
            {
                byGang[g].Add(new PodToCreate($"{group}-{r.ToString("D2", CultureInfo.InvariantCulture)}", 1, labels, annotations));
            }
        }

        var pods = new List<PodToCreate>(gangs * size);
        if (interleaved)
        {
            for (int r = 0; r < size; r++)
            {
                for (int g = 0; g < gangs; g++)
                {
                    pods.Add(byGang[g][r]);
                }
            }
        }
        else
        {
            foreach (List<PodToCreate> gang in byGang)
            {
                pods.AddRange(gang);
            }
        }

        return pods;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
