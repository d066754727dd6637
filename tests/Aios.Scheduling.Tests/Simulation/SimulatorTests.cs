using Aios.Queueing;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;
using Aios.Testing;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly SchedulingPolicy[] Policies =
    [
        SchedulingPolicy.Fifo,
        SchedulingPolicy.Priority,
        SchedulingPolicy.DominantResourceFairness,
        SchedulingPolicy.LeastAttainedService,
        SchedulingPolicy.ShortestRemainingTime,
        SchedulingPolicy.FinishTimeFairness,
        SchedulingPolicy.Heterogeneous,
        SchedulingPolicy.Fifo with { Backfill = true },
    ];

    [Fact]
    public void Run_FifoOnSingleGpuNodes_MeanQueueingDelayMatchesMMcWithinBatchMeansInterval()
    {
        const int servers = 4;
        const int jobs = 50_000;
        const int batches = 25;
        const double serviceRate = 1 / 100.0;
        double arrivalRate = 0.8 * servers * serviceRate;
        var cluster = ClusterSpec.FromGpuCounts([new("gpu", servers)], gpusPerNode: 1);
        var sink = new RecordingSink();
        var simulator = new Simulator(cluster, new SimulationOptions { EventSink = sink });

        SimulationResult result = simulator.Run(SimulationWorkloads.PoissonSingleGpu(jobs, arrivalRate, serviceRate, seed: 7), TestContext.Current.CancellationToken);

        double expected = new MMcQueue(arrivalRate, serviceRate, servers).Evaluate().MeanWaitingTime;
        double[] delays = new double[jobs];
        foreach (SimulationJobOutcome outcome in sink.Outcomes)
        {
            delays[int.Parse(outcome.JobId, System.Globalization.CultureInfo.InvariantCulture)] = outcome.QueueingDelay;
        }

        // Batch means over arrival order, the first batch dropped as warm-up (Law and Kelton, Simulation Modeling and Analysis, §9.5.3).
        int size = jobs / batches;
        var means = new double[batches - 1];
        for (int b = 1; b < batches; b++)
        {
            double sum = 0;
            for (int i = b * size; i < (b + 1) * size; i++)
            {
                sum += delays[i];
            }

            means[b - 1] = sum / size;
        }

        double grand = means.Average();
        double variance = means.Sum(m => (m - grand) * (m - grand)) / (means.Length - 1);
        double halfWidth = 2.807 * Math.Sqrt(variance / means.Length); // t(0.995, 23): a 99% interval
        Assert.Equal(jobs, result.Completed);
        Assert.InRange(expected, grand - halfWidth, grand + halfWidth);
        Assert.True(halfWidth < 0.25 * expected, $"the interval ±{halfWidth} is too wide to test anything against Wq = {expected}");
        Tolerance.AssertClose(0.8, result.Utilization, relative: 0.03, what: "utilization");
    }

    [Fact]
    public void Run_SameInputsTwice_WritesIdenticalEventLogs()
    {
        List<SimulationJob> jobs = SimulationWorkloads.Mixed(400, seed: 3);

        byte[] first = RunToLog(jobs, SchedulingPolicy.LeastAttainedService);
        byte[] second = RunToLog(jobs, SchedulingPolicy.LeastAttainedService);

        Assert.True(first.Length > 10_000);
        Assert.Contains("\"preempt\"", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_LazySourceOf100000Jobs_PullsOneArrivalAheadAndKeepsFewJobsLive()
    {
        int generated = -1;
        int maxAhead = 0;
        int maxLive = 0;
        int live = 0;
        var sink = new CountingSink(
            onArrive: () =>
            {
                live++;
                maxLive = Math.Max(maxLive, live);
            },
            onFinish: () => live--,
            onAnyArrival: arrived => maxAhead = Math.Max(maxAhead, generated - arrived));
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("gpu", 8)], 8), new SimulationOptions { EventSink = sink });

        SimulationResult result = simulator.Run(SimulationWorkloads.PoissonSingleGpu(100_000, 0.05, 0.01, seed: 11, onGenerated: i => generated = i), TestContext.Current.CancellationToken);

        Assert.Equal(100_000, result.Completed);
        Assert.InRange(maxAhead, 0, 1);
        Assert.InRange(maxLive, 1, 200);
    }

    [Property(MaxTest = 60)]
    public void Run_AnyPolicyAndWorkload_ReplayNeverOverAllocatesAndEveryJobFinishesOnce(int seed)
    {
        SchedulingPolicy policy = Policies[(int)((uint)seed % Policies.Length)];
        List<SimulationJob> jobs = SimulationWorkloads.Mixed(80, seed, meanInterarrival: 20);

        (SimulationResult result, RecordingSink sink) = SimulationWorkloads.RunRecorded(jobs, policy);

        ReplayChecks.AssertConsistent(sink.Events, perNode: 8, expectedJobs: jobs.Count);
        Assert.Equal(jobs.Count, result.Completed);
        Assert.Equal(jobs.Count, sink.Outcomes.Count);
    }

    [Fact]
    public void Run_UnsortedJobs_ThrowsNamingTheJobOutOfOrder()
    {
        SimulationJob[] jobs = [new(JobSpec.WithGpus("early", 1) with { Duration = 5 }, 10), new(JobSpec.WithGpus("late", 1) with { Duration = 5 }, 4)];
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("gpu", 1)], 1));

        ArgumentException error = Assert.Throws<ArgumentException>(() => simulator.Run(jobs, TestContext.Current.CancellationToken));

        Assert.Equal("jobs", error.ParamName);
        Assert.Contains("'late'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["early", "late"], Simulator.SortBySubmitTime(jobs.Reverse()).Select(j => j.Job.Id).Reverse());
    }

    [Fact]
    public void Run_JobLargerThanCluster_EndsAndCountsItUnfinished()
    {
        SimulationJob[] jobs =
        [
            new(JobSpec.WithGpus("small", 2) with { Duration = 10 }, 0),
            new(new JobSpec("huge", 4, new ReplicaRequest(8)) with { Duration = 10 }, 1),
            new(JobSpec.WithGpus("after", 2) with { Duration = 10 }, 2),
        ];
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("gpu", 16)], 8), new SimulationOptions { Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.Fifo with { Backfill = true } } });

        SimulationResult result = simulator.Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Jobs);
        Assert.Equal(2, result.Completed);
        Assert.Equal(1, result.Unfinished);
    }

    [Fact]
    public void Run_OneJobAlone_FinishTimeFairnessIsOneAndJctIsItsDuration()
    {
        var sink = new RecordingSink();
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("gpu", 8)], 8), new SimulationOptions { EventSink = sink });

        SimulationResult result = simulator.Run([new SimulationJob(JobSpec.WithGpus("a", 4) with { Duration = 120 }, 30)], TestContext.Current.CancellationToken);

        Assert.Equal(120, result.MeanJct, 6);
        Assert.Equal(120, result.Makespan, 6);
        Assert.Equal(0.5, result.Utilization, 6);
        Assert.Equal(1, result.MeanFinishTimeFairness, 6);
        Assert.Equal(1, result.QueueFairness, 12);
        SimulationJobOutcome outcome = Assert.Single(sink.Outcomes);
        Assert.Equal(120, outcome.IdealTime, 6);
    }

    [Fact]
    public void Run_TwoFullClusterJobsAtOnce_IdealSharesTheClusterAndSecondWaits()
    {
        var sink = new RecordingSink();
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("gpu", 8)], 8), new SimulationOptions { EventSink = sink });
        SimulationJob[] jobs = [new(JobSpec.WithGpus("a", 8) with { Duration = 100 }, 0), new(JobSpec.WithGpus("b", 8) with { Duration = 100 }, 0)];

        SimulationResult result = simulator.Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(150, result.MeanJct, 6);
        Assert.Equal(50, result.MeanQueueingDelay, 6);
        Assert.Equal([100.0, 200.0], sink.Outcomes.Select(o => Math.Round(o.IdealTime, 6)));
        Assert.Equal(1, result.MeanFinishTimeFairness, 6);
    }

    [Fact]
    public void Run_GavelJobOnHeterogeneousCluster_FinishesAtItsThroughputOnTheTypeItGets()
    {
        var trace = new TraceJob("g", 0, 1) { TotalSteps = 1000, Throughputs = new Dictionary<string, double> { ["k80"] = 2, ["v100"] = 10 } };
        var converter = new TraceJobConverter(4);
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("v100", 4)], 4));

        SimulationResult result = simulator.Run([converter.ToSimulationJob(trace)], TestContext.Current.CancellationToken);

        Assert.Equal(100, result.MeanJct, 6);
    }

    [Fact]
    public void Run_LongWorkload_UtilizationSamplesStayBoundedAndAddUpToTheTotal()
    {
        List<SimulationJob> jobs = SimulationWorkloads.Mixed(2_000, seed: 5, meanInterarrival: 200);
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("v100", 32)], 8), new SimulationOptions { UtilizationIntervalSeconds = 10, MaxUtilizationSamples = 64 });

        SimulationResult result = simulator.Run(jobs, TestContext.Current.CancellationToken);

        Assert.InRange(result.UtilizationOverTime.Count, 33, 64);
        double weighted = result.UtilizationOverTime.Sum(s => s.Utilization * s.Length);
        Tolerance.AssertClose(result.Utilization, weighted / result.Makespan, relative: 1e-9, what: "utilization");
        Assert.All(result.UtilizationOverTime, s => Assert.InRange(s.Utilization, 0, 1));
    }

    [Fact]
    public void Run_ThreeJobsOnOneGpu_QueueLengthCountsTheWaitingJobsPerInterval()
    {
        // FIFO on one GPU, three 100 s jobs at t = 0: two wait for 100 s, one for the next 100 s, none after.
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("v100", 1)], 1), new SimulationOptions { UtilizationIntervalSeconds = 50 });
        SimulationJob[] jobs = [.. new[] { "a", "b", "c" }.Select(id => new SimulationJob(JobSpec.WithGpus(id, 1) with { Duration = 100 }, 0))];

        SimulationResult result = simulator.Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal([0.0, 50, 100, 150, 200, 250], result.QueueLengthOverTime.Select(s => s.Start));
        Assert.Equal([2.0, 2, 1, 1, 0, 0], result.QueueLengthOverTime.Select(s => Math.Round(s.Waiting, 9)));
        Assert.Equal(result.UtilizationOverTime.Select(s => (s.Start, s.Length)), result.QueueLengthOverTime.Select(s => (s.Start, s.Length)));
    }

    [Fact]
    public void Run_LongWorkload_QueueLengthSamplesCoverTheRunLikeUtilization()
    {
        List<SimulationJob> jobs = SimulationWorkloads.Mixed(2_000, seed: 5, meanInterarrival: 200);
        var simulator = new Simulator(ClusterSpec.FromGpuCounts([new("v100", 32)], 8), new SimulationOptions { UtilizationIntervalSeconds = 10, MaxUtilizationSamples = 64 });

        SimulationResult result = simulator.Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(result.UtilizationOverTime.Select(s => (s.Start, s.Length)), result.QueueLengthOverTime.Select(s => (s.Start, s.Length)));
        Assert.All(result.QueueLengthOverTime, s => Assert.InRange(s.Waiting, 0, 2_000));
        Assert.Contains(result.QueueLengthOverTime, s => s.Waiting > 0);
    }

    [Fact]
    public void Run_PhillyFirst2000JobsUnderLas_ReplayIsConsistent()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");
        List<TraceJob> trace;
        using (var reader = new StreamReader(path))
        {
            trace = PhillyTraceReader.Read(reader, DateTime.MinValue).Take(2000).ToList();
        }

        double origin = trace.Min(j => j.SubmitTime);
        var converter = new TraceJobConverter(8);
        List<SimulationJob> jobs = Simulator.SortBySubmitTime(trace.Select(j => converter.ToSimulationJob(j with { SubmitTime = j.SubmitTime - origin })));

        (SimulationResult result, RecordingSink sink) = SimulationWorkloads.RunRecorded(jobs, SchedulingPolicy.LeastAttainedService, ClusterSpec.FromGpuCounts([new("v100", 128)], 8));

        ReplayChecks.AssertConsistent(sink.Events, perNode: 8, expectedJobs: 2000);
        Assert.Equal(2000, result.Completed);
        Assert.True(result.Preemptions > 0);
    }

    private static byte[] RunToLog(IEnumerable<SimulationJob> jobs, SchedulingPolicy policy)
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesEventWriter(stream, leaveOpen: true))
        {
            new Simulator(ClusterSpec.FromGpuCounts([new("v100", 32)], 8), new SimulationOptions { Scheduler = new SchedulerOptions { Policy = policy }, EventSink = writer }).Run(jobs, TestContext.Current.CancellationToken);
        }

        return stream.ToArray();
    }

    private sealed class CountingSink(Action onArrive, Action onFinish, Action<int> onAnyArrival) : SimulationEventSink
    {
        private int _arrived = -1;

        public override void OnEvent(in SimulationEvent simulationEvent)
        {
            if (simulationEvent.Kind == SimulationEventKind.Arrive)
            {
                _arrived++;
                onAnyArrival(_arrived);
                onArrive();
            }
            else if (simulationEvent.Kind == SimulationEventKind.Finish)
            {
                onFinish();
            }
        }
    }

    [Fact]
    public void SimulationJob_SubmitTimeBeyondTheClock_ThrowsInsteadOfNeverArriving()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationJob(JobSpec.WithGpus("a", 1) with { Duration = 60 }, 1.7e12));
    }
}
