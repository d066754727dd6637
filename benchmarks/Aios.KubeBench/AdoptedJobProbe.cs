using System.Globalization;
using Aios.Testing.Kubernetes;
using k8s;

namespace Aios.KubeBench;

/// <summary>
/// The <c>probe-srtf</c> command: does Aios's scheduler keep a running job's duration when it rebuilds the engine? One node
/// of 8 GPUs, policy SRTF. Job A (one pod, 8 GPUs, <c>aios.dev/duration-seconds</c> = 60) is bound and runs; then job B
/// (one pod, 1 GPU, duration 100,000 s, far longer than what A has left) arrives. Under SRTF B must wait for A — the
/// simulator and the engine fed A's duration both leave A alone — so A's pod must survive. Prints what happened.
/// </summary>
internal static class AdoptedJobProbe
{
    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        string policy = arguments.Text("policy", "srtf")!;
        string aDuration = arguments.Text("a-duration", "60")!;
        string bDuration = arguments.Text("b-duration", "100000")!;
        arguments.Text("scheduler", "aios");
        await using Contender contender = Contender.Create("aios", arguments, defaultPolicy: "srtf");
        arguments.ThrowIfUnread();
        await using BenchCluster cluster = await BenchCluster.StartAsync(1, 8, "v100", cancellationToken).ConfigureAwait(false);
        await contender.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);

        Task aBound = cluster.Tracker.WhenAsync(1);
        await cluster.Client.CreatePodAsync("job-a", new Dictionary<string, int> { [PodTracker.GpuResource] = 8 },
            annotations: new Dictionary<string, string> { ["aios.dev/duration-seconds"] = aDuration }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await aBound.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        await cluster.Client.CreatePodAsync("job-b", new Dictionary<string, int> { [PodTracker.GpuResource] = 1 },
            annotations: new Dictionary<string, string> { ["aios.dev/duration-seconds"] = bDuration }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);

        k8s.Models.V1Pod a = await cluster.Client.CoreV1.ReadNamespacedPodAsync("job-a", "default", cancellationToken: cancellationToken).ConfigureAwait(false);
        k8s.Models.V1Pod b = await cluster.Client.CoreV1.ReadNamespacedPodAsync("job-b", "default", cancellationToken: cancellationToken).ConfigureAwait(false);
        await contender.DisposeAsync().ConfigureAwait(false);
        bool preempted = a.Metadata.DeletionTimestamp is not null;
        string bCondition = b.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")?.Message ?? "(no PodScheduled condition)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{policy}: job A (8 GPUs, {aDuration} s, running 2 s) {(preempted ? "was PREEMPTED (deletionTimestamp set)" : "kept running")} when job B (1 GPU, {bDuration} s) arrived; B: node '{b.Spec.NodeName}', {bCondition}"));
        Console.WriteLine($"scheduler: {contender.Notes}");
        return preempted ? 1 : 0;
    }
}
