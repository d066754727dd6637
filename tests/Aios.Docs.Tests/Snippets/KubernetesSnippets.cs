// <snippet:kubernetes-scheduler>
using Aios.Scheduling.Engine;
using Aios.Scheduling.Kubernetes;
using k8s;
// </snippet:kubernetes-scheduler>
using Aios.Testing.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of the Kubernetes adapter's readme (src/Aios.Scheduling.Kubernetes/README.md), against a real API server.</summary>
public sealed class KubernetesSnippets(KubeApiServerFixture fixture) : IClassFixture<KubeApiServerFixture>
{
    [Fact]
    public async Task KubernetesReadme_RunsTheSchedulerThatBindsAWaitingPod()
    {
        KubeApiServer server = fixture.Server;
        using IKubernetes admin = server.CreateClient();
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await admin.DeleteAllAsync(cancellationToken);
        await admin.CreateGpuNodeAsync("gpu-1", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 8 }, cancellationToken: cancellationToken);
        await admin.CreatePodAsync("train-0", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 4 }, cancellationToken: cancellationToken);
        using IKubernetes client = server.CreateClient();   // in a cluster: new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig())
        ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken stoppingToken = stop.Token;

        // <snippet:kubernetes-scheduler>
        var options = new KubernetesSchedulerOptions
        {
            Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.Priority },  // any engine policy
            Preemption = PreemptionMode.Evict,                                        // PodDisruptionBudgets hold
            PreemptionGracePeriodSeconds = 30,
        };
        using var scheduler = new KubernetesScheduler(client, options, loggerFactory);
        Task running = scheduler.RunAsync(stoppingToken);   // watches, binds, preempts, explains until stopped; leader election on
        // </snippet:kubernetes-scheduler>

        while (string.IsNullOrEmpty((await admin.CoreV1.ReadNamespacedPodAsync("train-0", "default", cancellationToken: cancellationToken)).Spec.NodeName))
        {
            await Task.Delay(50, cancellationToken);
        }

        while (scheduler.GetStatus().PodsBound == 0)
        {
            await Task.Delay(20, cancellationToken); // the API server shows the binding a moment before the answer is counted
        }

        KubernetesSchedulerStatus status = scheduler.GetStatus();
        await stop.CancelAsync();
        await running;
        Assert.True(status.IsLeader);
        Assert.Equal(1, status.PodsBound);
    }
}
