using System.Reflection;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Kubernetes.Hosting;
using Aios.Testing.Logging;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Kubernetes.Extensions.Tests;

public sealed class KubernetesSchedulerServiceCollectionExtensionsTests
{
    private const string Section = "Aios:KubernetesScheduler";

    [Fact]
    public void AddAiosKubernetesScheduler_Configure_SchedulerTakesTheOptionsAndTheContainersClient()
    {
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client)
            .AddAiosKubernetesScheduler(o => { o.Identity = "aios-0"; o.Inventory.SchedulerName = "gpu"; o.Scheduler.Policy = SchedulingPolicy.DominantResourceFairness; })
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var scheduler = provider.GetRequiredService<KubernetesScheduler>();
        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;

        Assert.Same(scheduler, provider.GetRequiredService<KubernetesScheduler>());
        Assert.Same(client, provider.GetRequiredService<IKubernetes>());
        Assert.Equal("aios-0", scheduler.Identity);
        Assert.Equal("gpu", options.Inventory.SchedulerName);
        Assert.Equal(SchedulingPolicy.DominantResourceFairness, options.Scheduler.Policy);
        Assert.False(scheduler.IsSynced);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_ConfigureWithContainer_ReadsAServiceWhenTheOptionsAreRead()
    {
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client)
            .AddSingleton(new PodIdentity("scheduler-7f9c"))
            .AddAiosKubernetesScheduler((o, services) => o.Identity = services.GetRequiredService<PodIdentity>().Name)
            .BuildServiceProvider();

        Assert.Equal("scheduler-7f9c", provider.GetRequiredService<KubernetesScheduler>().Identity);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_Configuration_ReadsEveryOption()
    {
        IConfiguration configuration = Configuration(new()
        {
            [$"{Section}:Preemption"] = "evict",
            [$"{Section}:PreemptionGracePeriodSeconds"] = "5",
            [$"{Section}:NominationTimeoutSeconds"] = "60",
            [$"{Section}:Concurrency"] = "8",
            [$"{Section}:ResyncIntervalSeconds"] = "3",
            [$"{Section}:BatchDelaySeconds"] = "0.5",
            [$"{Section}:ExplainWaitingPods"] = "false",
            [$"{Section}:LeaderElection"] = "false",
            [$"{Section}:LeaseName"] = "aios-east",
            [$"{Section}:LeaseNamespace"] = "aios-system",
            [$"{Section}:Identity"] = "aios-0",
            [$"{Section}:LeaseDurationSeconds"] = "30",
            [$"{Section}:RenewDeadlineSeconds"] = "20",
            [$"{Section}:RetryPeriodSeconds"] = "4",
            [$"{Section}:Inventory:SchedulerName"] = "gpu",
            [$"{Section}:Inventory:DeviceTypeLabel"] = "example.com/gpu-model",
            [$"{Section}:Inventory:GpuResources:0"] = "example.com/gpu",
            [$"{Section}:Inventory:MigResourcePrefix"] = "example.com/mig-",
            [$"{Section}:Inventory:TopologyLabel"] = "example.com/rack",
            [$"{Section}:Scheduler:Policy"] = "las+backfill",
            [$"{Section}:Scheduler:ScanDepth"] = "7",
            [$"{Section}:Scheduler:Queues:0:Name"] = "research",
            [$"{Section}:Scheduler:Queues:0:GuaranteedGpus"] = "16",
        });
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddAiosKubernetesScheduler(configuration.GetSection(Section)).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;
        var defaults = new KubernetesSchedulerOptions();

        Assert.All(
            typeof(KubernetesSchedulerOptions).GetProperties().Where(p => p.CanWrite && p.Name is not (nameof(options.Inventory) or nameof(options.Scheduler) or nameof(options.TimeProvider))),
            property => Assert.True(!Equals(property.GetValue(defaults), property.GetValue(options)), $"{property.Name} was not read from configuration"));
        Assert.All(
            typeof(KubernetesInventoryOptions).GetProperties().Where(p => p.CanWrite),
            property => Assert.True(!Equals(property.GetValue(defaults.Inventory), property.GetValue(options.Inventory)), $"Inventory.{property.Name} was not read from configuration"));
        Assert.Equal(PreemptionMode.Evict, options.Preemption);
        Assert.Equal(0.5, options.BatchDelaySeconds);
        Assert.Equal(["example.com/gpu"], options.Inventory.GpuResources);
        Assert.Equal(SchedulingPolicy.LeastAttainedService with { Backfill = true }, options.Scheduler.Policy);
        Assert.Equal(7, options.Scheduler.ScanDepth);
        Assert.Equal(16, Assert.Single(options.Scheduler.Queues).GuaranteedGpus);
        Assert.Equal("aios-0", provider.GetRequiredService<KubernetesScheduler>().Identity);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_ConfigurationWithoutGpuResources_KeepsTheDefaultList()
    {
        IConfiguration configuration = Configuration(new() { [$"{Section}:Inventory:SchedulerName"] = "gpu" });
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddAiosKubernetesScheduler(configuration.GetSection(Section)).BuildServiceProvider();

        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;

        Assert.Equal(["nvidia.com/gpu", "amd.com/gpu"], options.Inventory.GpuResources);
        Assert.Equal("gpu", options.Inventory.SchedulerName);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_InvalidConfiguration_ValidateOnStartListsEveryField()
    {
        IConfiguration configuration = Configuration(new()
        {
            [$"{Section}:Preemption"] = "Kill",
            [$"{Section}:Concurrency"] = "0",
            [$"{Section}:Concurency"] = "4",
            [$"{Section}:ResyncIntervalSeconds"] = "soon",
            [$"{Section}:RenewDeadlineSeconds"] = "20",
            [$"{Section}:Inventory:SchedulerName"] = " ",
            [$"{Section}:Inventory:Schedulername2"] = "x",
            [$"{Section}:Scheduler:Policy"] = "no-such-policy",
            [$"{Section}:Scheduler:ScanDepth"] = "0",
        });
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddAiosKubernetesScheduler(configuration.GetSection(Section)).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        string[] failures = [.. exception.Failures];
        Assert.Equal(9, failures.Length);
        Assert.Contains($"{Section}:Preemption: 'Kill' is not a preemption mode (Delete or Evict).", failures);
        Assert.Contains(failures, f => f.StartsWith($"{Section}:Concurency: Concurency is not an option of KubernetesSchedulerOptions", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{Section}:Inventory:Schedulername2: Schedulername2 is not an option of KubernetesInventoryOptions", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{Section}:ResyncIntervalSeconds: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{Section}:Scheduler:Policy: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith($"{Section}:Scheduler:ScanDepth: ", StringComparison.Ordinal));
        Assert.Contains("Concurrency must be in 1–1,024; it is 0.", failures);
        Assert.Contains("Inventory.SchedulerName must be the name pods give in spec.schedulerName.", failures);
        Assert.Contains(failures, f => f.StartsWith("Lease timings must satisfy 0 < RetryPeriodSeconds < RenewDeadlineSeconds < LeaseDurationSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void AddAiosKubernetesScheduler_InvalidOptionsInCode_ValidateOnStartListsEveryField()
    {
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client)
            .AddAiosKubernetesScheduler(o =>
            {
                o.Concurrency = 0;
                o.BatchDelaySeconds = -1;
                o.LeaseName = "";
                o.Inventory.GpuResources.Clear();
                o.Scheduler = null!;
            })
            .BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Inventory.GpuResources must name at least one extended resource, none blank.",
                "Scheduler must be set.",
                "Concurrency must be in 1–1,024; it is 0.",
                "BatchDelaySeconds must be in 0–10; it is -1.",
                "LeaseName must be a Lease name.",
            ],
            exception.Failures);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KubernetesScheduler>());
    }

    [Fact]
    public void AddAiosKubernetesScheduler_SecondCall_ThrowsAndKeepsTheFirst()
    {
        IServiceCollection services = new ServiceCollection().AddAiosKubernetesScheduler(_ => { });

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddAiosKubernetesScheduler(o => o.Concurrency = 4));

        Assert.Contains("already registered", exception.Message, StringComparison.Ordinal);
        Assert.Contains("services.Configure<KubernetesSchedulerOptions>", exception.Message, StringComparison.Ordinal);
        Assert.Single(services, d => d.ServiceType == typeof(KubernetesScheduler));
        Assert.Single(services, d => d.ServiceType == typeof(KubernetesSchedulerService));
    }

    [Fact]
    public void AddAiosKubernetesScheduler_NullArguments_ThrowNamingThem()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddAiosKubernetesScheduler(_ => { })).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosKubernetesScheduler((Action<KubernetesSchedulerOptions>)null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosKubernetesScheduler((Action<KubernetesSchedulerOptions, IServiceProvider>)null!)).ParamName);
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosKubernetesScheduler((IConfiguration)null!)).ParamName);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_ConfigureAfterConfiguration_Composes()
    {
        IConfiguration configuration = Configuration(new() { [$"{Section}:LeaseName"] = "aios-east", [$"{Section}:Concurrency"] = "8" });
        using IKubernetes client = UnreachableClient();
        IServiceCollection services = Services(client).AddAiosKubernetesScheduler(configuration.GetSection(Section));
        services.Configure<KubernetesSchedulerOptions>(o => o.Concurrency = 2);
        using ServiceProvider provider = services.BuildServiceProvider();

        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;

        Assert.Equal("aios-east", options.LeaseName);
        Assert.Equal(2, options.Concurrency);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_ContainerClock_OptionsUseIt()
    {
        var clock = new FakeTimeProvider();
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddSingleton<TimeProvider>(clock).AddAiosKubernetesScheduler(_ => { }).BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value.TimeProvider);
    }

    [Fact]
    public void AddAiosKubernetesScheduler_ClientRegisteredAfter_IsTheOneResolved()
    {
        using IKubernetes client = UnreachableClient();
        IServiceCollection services = new ServiceCollection().AddAiosKubernetesScheduler(_ => { });
        services.AddSingleton(client);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IKubernetes)));
        Assert.Same(client, provider.GetRequiredService<IKubernetes>());
    }

    [Fact]
    public void AddAiosKubernetesScheduler_Registers_TheHostedSchedulerOnceAndTheTwoTaggedHealthChecks()
    {
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddAiosKubernetesScheduler(_ => { }).BuildServiceProvider();

        IHostedService[] hosted = [.. provider.GetServices<IHostedService>().OfType<KubernetesSchedulerService>()];
        HealthCheckRegistration[] checks = [.. provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations];

        Assert.Same(provider.GetRequiredService<KubernetesSchedulerService>(), Assert.Single(hosted));
        Assert.Same(provider.GetRequiredService<KubernetesScheduler>(), provider.GetRequiredService<KubernetesSchedulerService>().Scheduler);
        Assert.Equal([KubernetesSchedulerHealthChecks.LivenessName, KubernetesSchedulerHealthChecks.ReadinessName], checks.Select(c => c.Name));
        Assert.Equal([KubernetesSchedulerHealthChecks.LiveTag], checks[0].Tags);
        Assert.Equal([KubernetesSchedulerHealthChecks.ReadyTag], checks[1].Tags);
        Assert.All(checks, c => Assert.Equal(HealthStatus.Unhealthy, c.FailureStatus));
    }

    [Fact]
    public async Task CheckHealthAsync_HostNotStarted_BothChecksUnhealthy()
    {
        using IKubernetes client = UnreachableClient();
        using ServiceProvider provider = Services(client).AddAiosKubernetesScheduler(_ => { }).BuildServiceProvider();

        HealthReport report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.All(report.Entries.Values, entry => Assert.Equal("The scheduler has not been started: the host has not started its hosted services.", entry.Description));
        Assert.Equal(false, report.Entries[KubernetesSchedulerHealthChecks.ReadinessName].Data["synced"]);
    }

    private static IServiceCollection Services(IKubernetes client) => new ServiceCollection()
        .AddSingleton<ILoggerFactory>(new CapturingLoggerFactory())
        .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
        .AddSingleton(client);

    /// <summary>A client that is never called: these tests create the scheduler but do not run it.</summary>
    private static k8s.Kubernetes UnreachableClient() => new(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" });

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed record PodIdentity(string Name);
}
