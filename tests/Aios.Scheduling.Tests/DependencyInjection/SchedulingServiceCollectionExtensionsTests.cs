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
        var exception = Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddAiosScheduler(null!));

        Assert.Equal("cluster", exception.ParamName);
    }
}
