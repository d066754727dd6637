using Aios.Scheduling.Kubernetes.Hosting;
using Aios.Testing.Kubernetes;
using Aios.Testing.Logging;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Kubernetes.Extensions.Tests;

/// <summary>The hosted scheduler's liveness and readiness over its life, against a real API server.</summary>
public sealed class KubernetesSchedulerHealthCheckTests : IClassFixture<KubeApiServerFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, int> EightGpus = new() { [KubeTestObjects.NvidiaGpu] = 8 };
    private static readonly Dictionary<string, int> TwoGpus = new() { [KubeTestObjects.NvidiaGpu] = 2 };
    private readonly KubeApiServer _server;
    private readonly IKubernetes _admin;

    public KubernetesSchedulerHealthCheckTests(KubeApiServerFixture fixture)
    {
        _server = fixture.Server;
        _admin = _server.CreateClient();
    }

    public async ValueTask InitializeAsync() => await _admin.DeleteAllAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CheckHealthAsync_StartedThenStopped_ReadyOnceSyncedAndNotLiveAfterStop()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _admin.CreateGpuNodeAsync("gpu-1", EightGpus, cancellationToken: cancellationToken);
        await using ServiceProvider provider = Host(o => o.LeaseName = "aios-health");
        KubernetesSchedulerService hosted = provider.GetRequiredService<KubernetesSchedulerService>();
        var health = provider.GetRequiredService<HealthCheckService>();

        await hosted.StartAsync(cancellationToken);
        // Live and ready come before the first Lease attempt; on a loaded runner that attempt may land later, so wait
        // for leadership as well before reading the report.
        KubernetesScheduler scheduler = provider.GetRequiredService<KubernetesScheduler>();
        await KubeWait.UntilAsync(async ct => scheduler.IsLeader && (await health.CheckHealthAsync(ct)).Status == HealthStatus.Healthy, "leading, live and ready", cancellationToken);
        HealthReport running = await health.CheckHealthAsync(cancellationToken);
        await _admin.CreatePodAsync("train-0", TwoGpus, cancellationToken: cancellationToken);
        await KubeWait.UntilAsync(async ct => (await _admin.CoreV1.ReadNamespacedPodAsync("train-0", "default", cancellationToken: ct)).Spec.NodeName == "gpu-1", "train-0 bound to gpu-1", cancellationToken);
        await hosted.StopAsync(cancellationToken);
        HealthReport stopped = await health.CheckHealthAsync(cancellationToken);

        Assert.Equal("The scheduler runs and leads.", running.Entries[KubernetesSchedulerHealthChecks.LivenessName].Description);
        Assert.Equal("The scheduler runs and has listed Nodes, Pods and PodGroups.", running.Entries[KubernetesSchedulerHealthChecks.ReadinessName].Description);
        Assert.Equal(true, running.Entries[KubernetesSchedulerHealthChecks.ReadinessName].Data["synced"]);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.All(stopped.Entries.Values, entry => Assert.Equal("The scheduler has stopped.", entry.Description));
    }

    [Fact]
    public async Task CheckHealthAsync_TwoInstancesShareALease_BothReadyOneLeads()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await using ServiceProvider first = Host(o => { o.LeaseName = "aios-pair"; o.Identity = "first"; });
        await using ServiceProvider second = Host(o => { o.LeaseName = "aios-pair"; o.Identity = "second"; });
        ServiceProvider[] instances = [first, second];

        foreach (ServiceProvider instance in instances)
        {
            await instance.GetRequiredService<KubernetesSchedulerService>().StartAsync(cancellationToken);
        }

        await KubeWait.UntilAsync(() => instances.Count(i => i.GetRequiredService<KubernetesScheduler>().IsLeader) == 1, "one instance leading", cancellationToken);
        foreach (ServiceProvider instance in instances)
        {
            HealthCheckService health = instance.GetRequiredService<HealthCheckService>();
            await KubeWait.UntilAsync(async ct => (await health.CheckHealthAsync(ct)).Status == HealthStatus.Healthy, "both instances live and ready", cancellationToken);
        }

        ServiceProvider standby = instances.Single(i => !i.GetRequiredService<KubernetesScheduler>().IsLeader);
        string leader = instances.Single(i => i.GetRequiredService<KubernetesScheduler>().IsLeader).GetRequiredService<KubernetesScheduler>().Identity;
        await KubeWait.UntilAsync(() => standby.GetRequiredService<KubernetesScheduler>().GetStatus().Leader == leader, "the standby knowing the leader", cancellationToken);
        HealthReport standbyHealth = await standby.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
        foreach (ServiceProvider instance in instances)
        {
            await instance.GetRequiredService<KubernetesSchedulerService>().StopAsync(cancellationToken);
        }

        Assert.Equal(HealthStatus.Healthy, standbyHealth.Entries[KubernetesSchedulerHealthChecks.ReadinessName].Status);
        Assert.Equal($"The scheduler runs on standby (the lease holder is {leader}).", standbyHealth.Entries[KubernetesSchedulerHealthChecks.LivenessName].Description);
        Assert.Equal(false, standbyHealth.Entries[KubernetesSchedulerHealthChecks.LivenessName].Data["leader"]);
    }

    [Fact]
    public async Task CheckHealthAsync_RunFails_NotLiveWithTheException()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await using ServiceProvider provider = Host(o => o.LeaderElection = false);
        using var elsewhere = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = provider.GetRequiredService<KubernetesScheduler>().RunAsync(elsewhere.Token);
        KubernetesSchedulerService hosted = provider.GetRequiredService<KubernetesSchedulerService>();
        var health = provider.GetRequiredService<HealthCheckService>();

        try
        {
            await hosted.StartAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // StartAsync passes on a run that failed at once; the health check must say so either way.
        }

        await KubeWait.UntilAsync(async ct => (await health.CheckHealthAsync(ct)).Entries[KubernetesSchedulerHealthChecks.LivenessName].Exception is not null, "the failed run reported", cancellationToken);
        HealthReport report = await health.CheckHealthAsync(cancellationToken);
        await elsewhere.CancelAsync();
        await running;

        HealthReportEntry liveness = report.Entries[KubernetesSchedulerHealthChecks.LivenessName];
        Assert.Equal(HealthStatus.Unhealthy, liveness.Status);
        Assert.Equal("The scheduler stopped with an error.", liveness.Description);
        Assert.IsType<InvalidOperationException>(liveness.Exception);
    }

    private ServiceProvider Host(Action<KubernetesSchedulerOptions> configure) => new ServiceCollection()
        .AddSingleton<ILoggerFactory>(new CapturingLoggerFactory())
        .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
        .AddSingleton(_ => _server.CreateClient())
        .AddAiosKubernetesScheduler(o =>
        {
            o.LeaseDurationSeconds = 4;
            o.RenewDeadlineSeconds = 3;
            o.RetryPeriodSeconds = 0.5;
            o.PreemptionGracePeriodSeconds = 0;
            configure(o);
        })
        .BuildServiceProvider();
}
