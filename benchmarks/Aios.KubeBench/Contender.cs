using System.Globalization;
using Aios.Scheduling.Engine;

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

    public static Contender Create(string kind, BenchArguments arguments, string defaultPolicy = "fifo") => kind switch
    {
        "none" => new NoScheduler(),
        "aios" => new AiosContender(arguments.Int("concurrency", 32), PolicyName(arguments.Text("policy", defaultPolicy)!), arguments.Flag("backfill"), arguments.Double("batch-delay", 0.02), !arguments.Flag("no-explain"), arguments.Flag("buffer-responses")),
        "kube" => new KubeSchedulerContender(null, null),
        "kube-fast" => new KubeSchedulerContender(arguments.Int("qps", 5000), arguments.Int("burst", 5000)),
        _ => throw new ArgumentException($"--scheduler must be none, aios, kube or kube-fast (got '{kind}')."),
    };

    private static string PolicyName(string name) => SchedulingPolicy.TryParse(name, out _) ? name.ToLowerInvariant()
        : throw new ArgumentException($"--policy must be one of {string.Join(", ", SchedulingPolicy.Names)} (got '{name}').");

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
        private string _notes = "";

        public override string Name => qps is null ? "kube-scheduler v1.20.2 (QPS 50, burst 100)" : $"kube-scheduler v1.20.2 (QPS {qps}, burst {burst})";

        public override string SchedulerName => "default-scheduler";

        public override string Notes => _notes;

        public override Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken)
        {
            string folder = Path.Combine(Path.GetTempPath(), $"aios-kubebench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            _kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
            _process = KubeSchedulerProcess.Start(_kubeconfig, qps, burst, Path.Combine(folder, $"kube-scheduler-{BenchClock.Now:F0}.log"));
            _notes = $"kube-scheduler log: {_process.LogFile}";
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

    /// <summary>Aios's scheduler in a process of its own (this program's <c>schedule</c> command), as kube-scheduler runs, so its CPU is its own.</summary>
    private sealed class AiosContender(int concurrency, string policy, bool backfill, double batchDelay, bool explain, bool buffer) : Contender
    {
        private System.Diagnostics.Process? _process;
        private string? _kubeconfig;
        private string _notes = "";

        public override string Name => $"Aios KubernetesScheduler (Concurrency {concurrency}{(batchDelay != 0.02 ? $", batch delay {batchDelay.ToString(CultureInfo.InvariantCulture)} s" : "")}{(explain ? "" : ", ExplainWaitingPods off")}{(buffer ? ", responses buffered" : "")})";

        public override string SchedulerName => "aios";

        public override string Notes => _notes;

        public override Task StartAsync(BenchCluster cluster, CancellationToken cancellationToken)
        {
            string folder = Path.Combine(Path.GetTempPath(), $"aios-kubebench-{Environment.ProcessId}");
            Directory.CreateDirectory(folder);
            _kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig-aios"));
            string host = Environment.ProcessPath ?? "dotnet";
            var start = new System.Diagnostics.ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
            }

            foreach (string argument in (string[])["schedule", "--kubeconfig", _kubeconfig, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--policy", policy, "--batch-delay", batchDelay.ToString("R", CultureInfo.InvariantCulture)])
            {
                start.ArgumentList.Add(argument);
            }

            if (backfill)
            {
                start.ArgumentList.Add("--backfill");
            }

            if (!explain)
            {
                start.ArgumentList.Add("--no-explain");
            }

            if (buffer)
            {
                start.ArgumentList.Add("--buffer-responses");
            }

            _process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("the Aios scheduler process did not start.");
            ProcessCpu.Name(_process.Id, "aios-scheduler");
            return Task.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_process is null)
            {
                return;
            }

            _process.StandardInput.Close(); // the scheduler stops when its input ends, then prints its figures
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                _notes = (await _process.StandardOutput.ReadToEndAsync(wait.Token).ConfigureAwait(false)).Trim();
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                _notes = "the scheduler did not stop within 30 s and was killed";
            }

            _process.Dispose();
            _process = null;
            if (_kubeconfig is not null)
            {
                File.Delete(_kubeconfig);
            }
        }
    }
}
