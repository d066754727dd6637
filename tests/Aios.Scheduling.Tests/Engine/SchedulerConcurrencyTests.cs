using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Engine;

public sealed class SchedulerConcurrencyTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("priority")]
    [InlineData("drf")]
    [InlineData("las")]
    public async Task ConcurrentCallers_ManyThreads_NoPoolOverAllocatedAndEveryJobEnds(string policy)
    {
        var scheduler = new Scheduler(ClusterSpec.FromGpuCounts([new("a100", 64)], gpusPerNode: 8), new SchedulerOptions { Policy = SchedulingPolicy.Parse(policy) });
        var running = new ConcurrentQueue<string>();
        var ended = new ConcurrentDictionary<string, bool>();
        int overAllocated = 0;

        void Record(IReadOnlyList<SchedulingDecision> decisions)
        {
            foreach (SchedulingDecision decision in decisions)
            {
                if (decision.Kind == DecisionKind.Start)
                {
                    running.Enqueue(decision.JobId);
                }
            }
        }

        Task Worker(int worker) => Task.Run(() =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 500; i++)
            {
                Record(scheduler.Submit(JobSpec.WithGpus($"w{worker}-{i}", 1 + random.Next(8)) with { Priority = random.Next(3), Queue = $"q{random.Next(3)}" }));
                if (random.Next(2) == 0 && running.TryDequeue(out string? id) && ended.TryAdd(id, true))
                {
                    // Another caller's event may have preempted it since it started: then it is cancelled.
                    Record(scheduler.TryFinish(id, out IReadOnlyList<SchedulingDecision> finished) ? finished : scheduler.Cancel(id));
                }

                foreach ((_, _, int allocated, int capacity, _) in scheduler.GetPools())
                {
                    if (allocated > capacity || allocated < 0)
                    {
                        Interlocked.Increment(ref overAllocated);
                    }
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(Worker));
        while (running.TryDequeue(out string? id))
        {
            if (scheduler.TryGetJob(id, out JobStatus? status) && status.Phase == JobPhase.Running)
            {
                Record(scheduler.Finish(id));
            }
        }

        Assert.Equal(0, overAllocated);
        Assert.Equal(0, scheduler.RunningCount);
        Assert.Equal(0, scheduler.WaitingCount);
        Assert.Equal((0L, 64L), scheduler.Gpus);
    }

    [Fact]
    public void Metrics_MeterFactory_ReportsDecisionsAndAllocatedGpus()
    {
        using var factory = new TestMeterFactory();
        using var listener = new MeterListener();
        var measured = new ConcurrentDictionary<string, long>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string key = instrument.Name;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                key += $"/{tag.Value}";
            }

            measured.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        listener.Start();
        var scheduler = new Scheduler(ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8), new SchedulerOptions { Policy = SchedulingPolicy.Priority, MeterFactory = factory });

        scheduler.Submit(JobSpec.WithGpus("low", 8));
        scheduler.Submit(JobSpec.WithGpus("high", 4) with { Priority = 1 });
        scheduler.Finish("high");

        Assert.Equal(3, measured["aios.scheduling.decisions/start"]);
        Assert.Equal(1, measured["aios.scheduling.decisions/preempt"]);
        Assert.Equal(1, measured["aios.scheduling.preemptions"]);
        Assert.Equal(2, measured["aios.scheduling.jobs.submitted"]);
        Assert.Equal(8, measured["aios.scheduling.gpus.allocated"]);
        Assert.Equal(1, measured["aios.scheduling.jobs.running"]);
    }
}
