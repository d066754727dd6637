// <snippet:kubernetes-extensions>
using Aios.Scheduling.Kubernetes;
using Aios.Scheduling.Kubernetes.Hosting;
using k8s;
using Microsoft.Extensions.Diagnostics.HealthChecks;
// </snippet:kubernetes-extensions>
using Aios.Scheduling.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of the Kubernetes scheduler's hosting readme (src/Aios.Scheduling.Kubernetes.Extensions/README.md).</summary>
public sealed class KubernetesExtensionsSnippets
{
    [Fact]
    public async Task KubernetesExtensionsReadme_ConfigurationCodeAndAClientFromAKubeconfig()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("cluster.kubeconfig", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: lab
              cluster:
                server: https://127.0.0.1:1
                insecure-skip-tls-verify: true
            users:
            - name: lab
              user:
                token: lab-token
            contexts:
            - name: lab
              context:
                cluster: lab
                user: lab
            current-context: lab
            """);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aios:KubernetesScheduler:LeaseName"] = "aios-east",
            ["Aios:KubernetesScheduler:Inventory:SchedulerName"] = "aios",
            ["Aios:KubernetesScheduler:Scheduler:Policy"] = "las+backfill",
            ["Aios:KubernetesScheduler:Scheduler:Queues:0:Name"] = "research",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        // <snippet:kubernetes-extensions>
        // Options from configuration: KubernetesSchedulerOptions keys (LeaderElection, Concurrency, …), Inventory:SchedulerName,
        // Inventory:GpuResources:0, … and the engine's Scheduler:Policy = "las+backfill", Scheduler:Queues:0:Name, ….
        services.AddAiosKubernetesScheduler(configuration.GetSection("Aios:KubernetesScheduler"));
        services.Configure<KubernetesSchedulerOptions>(o => o.Preemption = PreemptionMode.Evict);

        // Without this line the client comes from the pod's service account, else $KUBECONFIG, else ~/.kube/config.
        services.AddSingleton<IKubernetes>(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile("cluster.kubeconfig")));

        using ServiceProvider provider = services.BuildServiceProvider();
        KubernetesScheduler scheduler = provider.GetRequiredService<KubernetesScheduler>();
        HealthReport ready = await provider.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(KubernetesSchedulerHealthChecks.ReadyTag), cancellationToken);
        // </snippet:kubernetes-extensions>

        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;
        Assert.Equal("aios-east", options.LeaseName);
        Assert.Equal(PreemptionMode.Evict, options.Preemption);
        Assert.Equal(SchedulingPolicy.LeastAttainedService with { Backfill = true }, options.Scheduler.Policy);
        Assert.Equal("research", Assert.Single(options.Scheduler.Queues).Name);
        Assert.Equal("https://127.0.0.1:1", provider.GetRequiredService<IKubernetes>().BaseUri.ToString().TrimEnd('/'));
        Assert.False(scheduler.IsSynced);
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal([KubernetesSchedulerHealthChecks.ReadinessName], ready.Entries.Keys);
        Assert.Throws<InvalidOperationException>(() => services.AddAiosKubernetesScheduler(_ => { }));
    }
}
