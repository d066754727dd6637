using System.Diagnostics.Metrics;
using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Kubernetes;
using k8s;

namespace Aios.KubeBench;

/// <summary>The scheduler under test: none (pod creation alone), Aios's <see cref="KubernetesScheduler"/> in this process, or kube-scheduler.</summary>
internal abstract class Contender : IAsyncDisposable
{
    /// <summary>Gets the name printed in the tables.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the <c>spec.schedulerName</c> its pods carry.</summary>
    public abstract string SchedulerName { get; }

    /// <summary>Gets the scheduler's own figures after the run, for the notes (passes, pass times), or empty.</summary>
    public virtual string Notes => "";

    public static Contender Create(string kind, BenchArguments arguments) => kind switch
    {
        "none" => new NoScheduler(),
        "aios" => new AiosContender(arguments.Int("concurrency", 32), SchedulingPolicy.Parse(arguments.Text("policy", "fifo")!) with { Backfill = arguments.Flag("backfill") }, arguments.Double("batch-delay", 0.02), !arguments.Flag("no-explain")),
        "kube" => new KubeSchedulerContender(null, null),
        "kube-fast" => new KubeSchedulerContender(arguments.Int("qps", 5000), arguments.Int("burst", 5000)),
        _ => throw new ArgumentException($"--scheduler must be none, aios, kube or kube-fast (got '{kind}')."),
    };

    /// <summary>Starts scheduling; returns once it has been started (not once it is synced).</summary>
    public abstract Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class NoScheduler : Contender
    {
        public override string Name => "none (pod creation alone)";

        public override string SchedulerName => "aios";

        public override Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class KubeSchedulerContender(int? qps, int? burst) : Contender
    {
        private KubeSchedulerProcess? _process;
        private string? _kubeconfig;

        public override string Name => qps is null ? "kube-scheduler v1.20.2 (QPS 50, burst 100)" : $"kube-scheduler v1.20.2 (QPS {qps}, burst {burst})";

        public override string SchedulerName => "default-scheduler";

        public override string Notes => _process is null ? "" : $"kube-scheduler log: {_process.LogFile}";

        public override Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken)
        {
            string folder = Path.Combine(Path.GetTempPath(), $"aios-kubebench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            _kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
            _process = KubeSchedulerProcess.Start(_kubeconfig, qps, burst, Path.Combine(folder, $"kube-scheduler-{BenchClock.Now:F0}.log"));
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            _process?.Dispose();
            _process = null;
            if (_kubeconfig is not null)
            {
                File.Delete(_kubeconfig);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class AiosContender : Contender
    {
        private readonly KubernetesSchedulerOptions _options;
        private readonly CancellationTokenSource _stop = new();
        private readonly MeterListener _listener = new();
        private readonly Lock _lock = new();
        private readonly List<double> _passSeconds = [];
        private readonly StderrLoggerFactory _logs = new();
        private IKubernetes? _client;
        private KubernetesScheduler? _scheduler;
        private Task? _running;
        private bool _disposed;
        private long _explanations;

        public AiosContender(int concurrency, SchedulingPolicy policy, double batchDelay, bool explain)
        {
            _options = new KubernetesSchedulerOptions
            {
                LeaderElection = false,
                ExplainWaitingPods = explain,
                Concurrency = concurrency,
                BatchDelaySeconds = batchDelay,
                Scheduler = new SchedulerOptions { Policy = policy },
            };
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Aios.Scheduling.Kubernetes" && instrument.Name is "aios.kubernetes.pass.duration" or "aios.kubernetes.explanations")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
            {
                lock (_lock)
                {
                    _passSeconds.Add(seconds);
                }
            });
            _listener.SetMeasurementEventCallback<long>((_, count, _, _) => Interlocked.Add(ref _explanations, count));
            _listener.Start();
        }

        public override string Name => $"Aios KubernetesScheduler (Concurrency {_options.Concurrency}{(_options.BatchDelaySeconds != 0.02 ? $", batch delay {_options.BatchDelaySeconds.ToString(CultureInfo.InvariantCulture)} s" : "")}{(_options.ExplainWaitingPods ? "" : ", ExplainWaitingPods off")})";

        public override string SchedulerName => "aios";

        public override string Notes
        {
            get
            {
                KubernetesSchedulerStatus? status = _scheduler?.GetStatus();
                double[] passes;
                lock (_lock)
                {
                    passes = [.. _passSeconds];
                }

                Array.Sort(passes);
                string times = passes.Length == 0 ? "no pass" : string.Create(CultureInfo.InvariantCulture,
                    $"{passes.Length} passes, pass time median {passes[passes.Length / 2] * 1000:F0} ms, max {passes[^1] * 1000:F0} ms, total {passes.Sum():F1} s");
                return status is null ? times : $"{times}; bound {status.PodsBound}, conflicts {status.BindConflicts}, failed {status.BindFailures}, preempted {status.PodsPreempted}; {Interlocked.Read(ref _explanations)} explanations written (status patch + Event each); {_logs.Warnings} warnings logged";
            }
        }

        public override Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken)
        {
            _client = cluster.Server.CreateClient();
            _scheduler = new KubernetesScheduler(_client, _options, _logs);
            _running = _scheduler.RunAsync(_stop.Token);
            return Task.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_running is not null)
            {
                await _running.ConfigureAwait(false);
            }

            _scheduler?.Dispose();
            _client?.Dispose();
            _listener.Dispose();
            _logs.Dispose();
            _stop.Dispose();
        }
    }
}
