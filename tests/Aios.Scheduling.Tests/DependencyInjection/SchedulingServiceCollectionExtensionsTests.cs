using Microsoft.Extensions.Configuration;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Scheduling.Tests.DependencyInjection;

public sealed class SchedulingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAiosScheduler_ContainerClock_SchedulerUsesItAndIsSingleton()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAiosScheduler(_ => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), options => options.Policy = SchedulingPolicy.Priority)
            .BuildServiceProvider();

        var scheduler = provider.GetRequiredService<Scheduler>();
        clock.Advance(TimeSpan.FromMinutes(5));
        SchedulingDecision start = Assert.Single(scheduler.Submit(JobSpec.WithGpus("a", 8)));

        Assert.Same(scheduler, provider.GetRequiredService<Scheduler>());
        Assert.Equal(SchedulingPolicy.Priority, scheduler.Policy);
        Assert.Equal(clock.GetUtcNow(), start.Time);
        Assert.Equal((8L, 8L), scheduler.Gpus);
    }

    [Fact]
    public void AddAiosScheduler_NullCluster_ThrowsNamingParameter()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosScheduler((Func<IServiceProvider, ClusterSpec>)null!));

        Assert.Equal("cluster", exception.ParamName);
    }

    [Fact]
    public void AddAiosScheduler_Configuration_BindsOptionsAndCluster()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policy"] = "las+backfill",
            ["ScanDepth"] = "7",
            ["AttainedServiceThresholds:0"] = "100",
            ["AttainedServiceThresholds:1"] = "200",
            ["Cluster:Nodes:0:Name"] = "n0",
            ["Cluster:Nodes:0:Devices:a100"] = "8",
            ["Cluster:Nodes:0:CpuCores"] = "64",
        }).Build();
        using ServiceProvider provider = new ServiceCollection().AddAiosScheduler(configuration).BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var scheduler = provider.GetRequiredService<Scheduler>();
        SchedulerOptions options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SchedulerOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(SchedulingPolicy.LeastAttainedService with { Backfill = true }, scheduler.Policy);
        Assert.Equal(7, options.ScanDepth);
        Assert.Equal([100.0, 200.0], options.AttainedServiceThresholds);
        Assert.Equal(8L, scheduler.Gpus.Capacity);
    }

    [Fact]
    public void AddAiosScheduler_InvalidConfiguration_ValidateOnStartNamesEveryField()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policy"] = "no-such-policy",
            ["ScanDepth"] = "0",
            ["HeterogeneityTolerance"] = "2",
            ["Cluster:Nodes:0:Name"] = "n0",
            ["Cluster:Nodes:0:Devices:a100"] = "8",
        }).Build();
        using ServiceProvider provider = new ServiceCollection().AddAiosScheduler(configuration).BuildServiceProvider();

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Equal(3, exception.Failures.Count());
        foreach (string field in new[] { "Policy", "ScanDepth", "HeterogeneityTolerance" })
        {
            Assert.Contains(exception.Failures, failure => failure.StartsWith(field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AddAiosScheduler_TwoNames_ResolveDistinctSchedulersWithTheirOwnOptions()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddAiosScheduler("east", _ => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), options => options.Policy = SchedulingPolicy.Priority)
            .AddAiosScheduler("west", _ => ClusterSpec.FromGpuCounts([new("h100", 16)], gpusPerNode: 8), options => options.ScanDepth = 3)
            .BuildServiceProvider();

        var east = provider.GetRequiredKeyedService<Scheduler>("east");
        var west = provider.GetRequiredKeyedService<Scheduler>("west");

        Assert.NotSame(east, west);
        Assert.Equal(SchedulingPolicy.Priority, east.Policy);
        Assert.Equal(SchedulingPolicy.Fifo, west.Policy);
        Assert.Equal(8L, east.Gpus.Capacity);
        Assert.Equal(16L, west.Gpus.Capacity);
        Assert.Null(provider.GetService<Scheduler>());
    }

    [Fact]
    public void AddAiosScheduler_SameNameTwice_ThrowsNamingIt()
    {
        var services = new ServiceCollection().AddAiosScheduler("east", _ => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), _ => { });

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddAiosScheduler("east", _ => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), _ => { }));

        Assert.Contains("'east'", exception.Message, StringComparison.Ordinal);
        Assert.Single(services, d => d.ServiceType == typeof(Scheduler));
    }

    [Fact]
    public void AddAiosScheduler_Configure_ChangesTheRegisteredOptions()
    {
        var services = new ServiceCollection().AddAiosScheduler(_ => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8));
        services.Configure<SchedulerOptions>(options => options.Policy = SchedulingPolicy.DominantResourceFairness);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(SchedulingPolicy.DominantResourceFairness, provider.GetRequiredService<Scheduler>().Policy);
    }
}
