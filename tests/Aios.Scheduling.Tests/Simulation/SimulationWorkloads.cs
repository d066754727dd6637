using Aios.Scheduling.Engine;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Tests.Simulation;

/// <summary>Seeded synthetic workloads and a sink that records events, shared by the simulation tests.</summary>
internal static class SimulationWorkloads
{
    /// <summary>Poisson arrivals at <paramref name="arrivalRate"/>, exponential durations of rate <paramref name="serviceRate"/>, one GPU each; generated lazily.</summary>
    public static IEnumerable<SimulationJob> PoissonSingleGpu(int count, double arrivalRate, double serviceRate, int seed, Action<int>? onGenerated = null)
    {
        var random = new Random(seed);
        double time = 0;
        for (int i = 0; i < count; i++)
        {
            time += Exponential(random, arrivalRate);
            double duration = Math.Max(1e-3, Exponential(random, serviceRate));
            onGenerated?.Invoke(i);
            yield return new SimulationJob(Aios.Scheduling.Model.JobSpec.WithGpus(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1) with { Duration = duration }, time);
        }
    }

    /// <summary>A mix of 1-, 2-, 4-, 8- and 16-GPU jobs (the large ones gangs across nodes) over a few queues.</summary>
    public static List<SimulationJob> Mixed(int count, int seed, double meanInterarrival = 60)
    {
        var random = new Random(seed);
        int[] sizes = [1, 1, 1, 2, 4, 8, 16];
        var converter = new TraceJobConverter(gpusPerNode: 8, restartOverhead: 5);
        var jobs = new List<SimulationJob>(count);
        double time = 0;
        for (int i = 0; i < count; i++)
        {
            time += Math.Round(Exponential(random, 1 / meanInterarrival));
            var trace = new Aios.Scheduling.Traces.TraceJob(i.ToString(System.Globalization.CultureInfo.InvariantCulture), time, sizes[random.Next(sizes.Length)])
            {
                Duration = Math.Round(30 + Exponential(random, 1 / 900.0)),
                Queue = "q" + random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Priority = 1 + random.Next(3),
            };
            jobs.Add(converter.ToSimulationJob(trace));
        }

        return jobs;
    }

    public static double Exponential(Random random, double rate) => -Math.Log(1 - random.NextDouble()) / rate;

    /// <summary>Runs <paramref name="jobs"/> under <paramref name="policy"/> on 4 nodes of 8 GPUs and records every event.</summary>
    public static (SimulationResult Result, RecordingSink Sink) RunRecorded(IEnumerable<SimulationJob> jobs, SchedulingPolicy policy, Aios.Scheduling.Model.ClusterSpec? cluster = null)
    {
        var sink = new RecordingSink();
        var simulator = new Simulator(cluster ?? Aios.Scheduling.Model.ClusterSpec.FromGpuCounts([new("v100", 32)], 8), new SimulationOptions
        {
            Scheduler = new SchedulerOptions { Policy = policy },
            EventSink = sink,
        });
        return (simulator.Run(jobs, TestContext.Current.CancellationToken), sink);
    }
}

/// <summary>Keeps every event and outcome.</summary>
internal sealed class RecordingSink : SimulationEventSink
{
    public List<SimulationEvent> Events { get; } = [];

    public List<SimulationJobOutcome> Outcomes { get; } = [];

    public override void OnEvent(in SimulationEvent simulationEvent) => Events.Add(simulationEvent);

    public override void OnJobFinished(in SimulationJobOutcome outcome) => Outcomes.Add(outcome);
}
