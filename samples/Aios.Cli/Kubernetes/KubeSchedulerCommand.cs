using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Kubernetes;
using k8s;

namespace Aios.Cli.Kubernetes;

/// <summary>One line of <c>aios k8s scheduler --json</c>: the scheduler's status at a moment.</summary>
/// <param name="Time">When (UTC, ISO 8601).</param>
/// <param name="Status">What the scheduler knows and has done.</param>
internal sealed record KubeSchedulerLine(string Time, KubernetesSchedulerStatus Status);

/// <summary><c>aios k8s scheduler</c>: the Kubernetes scheduler loop in the foreground, with a live summary.</summary>
internal static class KubeSchedulerCommand
{
    public static Command Create(CliConsole console, Option<string?> kubeconfig, Func<string?, (IKubernetes? Client, string? Server, string? Error)> connect)
    {
        var policy = new Option<string>("--policy") { Description = $"The engine's policy: {string.Join(", ", SchedulingPolicy.Names)} (default fifo).", DefaultValueFactory = _ => "fifo" };
        var schedulerName = new Option<string>("--scheduler-name") { Description = "The spec.schedulerName of the pods to schedule (default aios).", DefaultValueFactory = _ => "aios" };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Elect a leader through the Lease kube-system/aios-scheduler (run several; only the leader acts)." };
        var preemption = new Option<string>("--preemption") { Description = "How victims go: delete (default) or evict (PodDisruptionBudgets hold).", DefaultValueFactory = _ => "delete" };
        var grace = new Option<int>("--grace-period") { Description = "Seconds a preempted pod is given to stop (default 30).", DefaultValueFactory = _ => 30 };
        var interval = new Option<double>("--interval") { Description = "Seconds between summary lines (default 2).", DefaultValueFactory = _ => 2 };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: run until Ctrl+C)." };
        var json = new Option<bool>("--json") { Description = "Write each summary as a JSON line." };
        var command = new Command("scheduler", "Run the Aios scheduler for pods with schedulerName aios in the foreground: bind, preempt, explain; a summary line every interval.")
        {
            kubeconfig, policy, schedulerName, leaderElect, preemption, grace, interval, duration, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new KubernetesSchedulerOptions { LeaderElection = result.GetValue(leaderElect) };
            try
            {
                options.Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.Parse(result.GetValue(policy)!) };
            }
            catch (Exception exception) when (exception is FormatException or ArgumentException)
            {
                return console.Fail($"--policy: {exception.Message}");
            }

            options.Inventory.SchedulerName = result.GetValue(schedulerName)!;
            options.PreemptionGracePeriodSeconds = result.GetValue(grace);
            options.Preemption = result.GetValue(preemption)?.ToLowerInvariant() switch
            {
                "delete" => PreemptionMode.Delete,
                "evict" => PreemptionMode.Evict,
                _ => (PreemptionMode)(-1),
            };
            if (!Enum.IsDefined(options.Preemption))
            {
                return console.Fail($"--preemption must be delete or evict (was '{result.GetValue(preemption)}').");
            }

            double every = result.GetValue(interval);
            double? stopAfter = result.GetValue(duration);
            if (!(every > 0) || !double.IsFinite(every))
            {
                return console.Fail($"--interval must be a number of seconds > 0 (was {every.ToString(CultureInfo.InvariantCulture)}).");
            }

            if (stopAfter is { } s && (!(s > 0) || !double.IsFinite(s)))
            {
                return console.Fail($"--duration must be a number of seconds > 0 (was {s.ToString(CultureInfo.InvariantCulture)}).");
            }

            (IKubernetes? client, string? server, string? error) = connect(result.GetValue(kubeconfig));
            if (client is null)
            {
                return console.Fail(error!);
            }

            KubernetesScheduler scheduler;
            try
            {
                scheduler = new KubernetesScheduler(client, options);
            }
            catch (ArgumentException exception)
            {
                client.Dispose();
                return console.Fail(exception.Message);
            }

            using (client)
            using (scheduler)
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (stopAfter is { } seconds)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(seconds));
                }

                bool asJson = result.GetValue(json);
                if (!asJson)
                {
                    console.Out.WriteLine($"aios scheduler {scheduler.Identity} on {server}: pods with schedulerName {options.Inventory.SchedulerName}, policy {options.Scheduler.Policy}{(options.LeaderElection ? ", leader election on" : "")}; Ctrl+C stops it");
                }

                Task run = scheduler.RunAsync(stop.Token);
                while (!run.IsCompleted)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(every), stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    Write(console.Out, scheduler.GetStatus(), asJson);
                    if (stop.IsCancellationRequested)
                    {
                        break;
                    }
                }

                await run.ConfigureAwait(false);
                return 0;
            }
        });
        return command;
    }

    private static void Write(TextWriter output, KubernetesSchedulerStatus status, bool asJson)
    {
        string time = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(new KubeSchedulerLine(time, status), CliJsonContext.Default.KubeSchedulerLine));
            return;
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{time} {(status.IsLeader ? "leader" : status.Synced ? $"standby (leader {status.Leader ?? "unknown"})" : "syncing")}  nodes {status.UsableNodes}/{status.Nodes} usable  pods pending {status.PendingPods}  jobs running {status.RunningJobs}, waiting {status.WaitingJobs}  bound {status.PodsBound} (409: {status.BindConflicts}, failed: {status.BindFailures})  preempted {status.PodsPreempted}  passes {status.Passes} (last {status.LastPassSeconds * 1000:0.0} ms)  relists {status.Relists}"));
    }
}
