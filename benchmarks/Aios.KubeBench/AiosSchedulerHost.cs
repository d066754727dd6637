using System.Diagnostics.Metrics;
using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Kubernetes;
using k8s;

namespace Aios.KubeBench;

/// <summary>
/// The <c>schedule</c> command: runs Aios's <see cref="KubernetesScheduler"/> (leader election off) against the API server
/// of a kubeconfig until standard input ends, then prints its figures (passes and their times, bindings, explanations)
/// on one line of standard output. The harness starts it as a child process, as it starts kube-scheduler.
/// </summary>
internal static class AiosSchedulerHost
{
    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        string kubeconfig = arguments.Text("kubeconfig", null) ?? throw new ArgumentException("--kubeconfig FILE is needed.");
        var options = new KubernetesSchedulerOptions
        {
            LeaderElection = false,
            ExplainWaitingPods = !arguments.Flag("no-explain"),
            Concurrency = arguments.Int("concurrency", 32),
            BatchDelaySeconds = arguments.Double("batch-delay", 0.02),
            Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.Parse(arguments.Text("policy", "fifo")!) with { Backfill = arguments.Flag("backfill") } },
        };
        bool buffer = arguments.Flag("buffer-responses");
        arguments.ThrowIfUnread();

        var passes = new List<double>();
        long explanations = 0;
        var gate = new Lock();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Aios.Scheduling.Kubernetes" && instrument.Name is "aios.kubernetes.pass.duration" or "aios.kubernetes.explanations")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (gate)
            {
                passes.Add(seconds);
            }
        });
        listener.SetMeasurementEventCallback<long>((_, count, _, _) => Interlocked.Add(ref explanations, count));
        listener.Start();

        using var logs = new StderrLoggerFactory();
        KubernetesClientConfiguration configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        using IKubernetes client = buffer ? BufferedResponsesHandler.CreateClient(configuration) : new Kubernetes(configuration);
        using var scheduler = new KubernetesScheduler(client, options, logs);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = scheduler.RunAsync(stop.Token);

        // The thread pool's size and queue, sampled every 0.1 s: a pool that grows while work queues up means threads are
        // blocked (the pool starts with one thread per core and adds about one a second when they are).
        int maxThreads = 0;
        long maxQueued = 0;
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                maxQueued = Math.Max(maxQueued, ThreadPool.PendingWorkItemCount);
                Thread.Sleep(100);
            }
        }) { IsBackground = true };
        sampler.Start();
        await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false); // until the harness closes our input
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);

        KubernetesSchedulerStatus status = scheduler.GetStatus();
        double[] times;
        lock (gate)
        {
            times = [.. passes];
        }

        Array.Sort(times);
        string timing = times.Length == 0 ? "no pass" : string.Create(CultureInfo.InvariantCulture,
            $"{times.Length} passes, decision time per pass (SchedulingPass.Run, wall clock) median {times[times.Length / 2] * 1000:F0} ms, max {times[^1] * 1000:F0} ms, total {times.Sum():F1} s");
        Console.WriteLine($"{timing}; bound {status.PodsBound}, conflicts {status.BindConflicts}, failed {status.BindFailures}, preempted {status.PodsPreempted}; {Interlocked.Read(ref explanations)} explanations written (status patch + Event each); {logs.Warnings} warnings logged; thread pool at most {maxThreads} threads, {maxQueued} work items queued");
        return 0;
    }
}
