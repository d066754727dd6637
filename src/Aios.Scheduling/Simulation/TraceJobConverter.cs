using Aios.Scheduling.Model;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Simulation;

/// <summary>Turns trace jobs into scheduler jobs for a cluster with a given number of GPUs per node.</summary>
/// <remarks>
/// <para>Shape: a job of g GPUs that fits a node is one replica of g GPUs; a larger job runs as a gang across nodes,
/// g / n replicas of n GPUs when n (GPUs per node) divides g, else g replicas of one GPU each.</para>
/// <para>Length: a job with <see cref="TraceJob.TotalSteps"/> and <see cref="TraceJob.Throughputs"/> (Gavel) becomes
/// <see cref="JobSpec.TotalWork"/> = steps and <see cref="JobSpec.Throughputs"/> = steps per second of the whole job on
/// each device type, with no duration; any other job keeps the trace's <see cref="TraceJob.Duration"/> (Philly, CSV).</para>
/// <para>Queue: <see cref="TraceJob.Queue"/> (Philly's virtual cluster), else <c>default</c>. Priority: the trace's
/// priority weight rounded to the nearest integer (weight 1, the default, becomes priority 1).</para>
/// </remarks>
public sealed class TraceJobConverter
{
    /// <summary>The default restart overhead in seconds: a checkpoint reload and re-warm-up of a preempted training job.</summary>
    /// <remarks>30 s is of the order Tiresias (NSDI 2019, §6) and Gandiva (OSDI 2018) report for suspend and resume of DNN jobs.</remarks>
    public const double DefaultRestartOverhead = 30;

    /// <summary>Creates a converter.</summary>
    /// <param name="gpusPerNode">GPUs per node of the cluster; ≥ 1.</param>
    /// <param name="restartOverhead">Seconds a restart after a preemption costs; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public TraceJobConverter(int gpusPerNode, double restartOverhead = DefaultRestartOverhead)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerNode, 1);
        Guard.FiniteNonNegative(restartOverhead);
        GpusPerNode = gpusPerNode;
        RestartOverhead = restartOverhead;
    }

    /// <summary>Gets the GPUs per node jobs are shaped for.</summary>
    public int GpusPerNode { get; }

    /// <summary>Gets the restart overhead in seconds given to every job.</summary>
    public double RestartOverhead { get; }

    /// <summary>Converts one trace job.</summary>
    /// <param name="job">The trace job.</param>
    /// <returns>The scheduler job.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    public JobSpec Convert(TraceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        int gpus = job.Gpus;
        (int replicas, int perReplica) = gpus <= GpusPerNode ? (1, gpus)
            : gpus % GpusPerNode == 0 ? (gpus / GpusPerNode, GpusPerNode)
            : (gpus, 1);
        bool gavel = job.TotalSteps is not null && job.Throughputs.Count > 0;
        return new JobSpec(job.Id, replicas, new ReplicaRequest(perReplica))
        {
            Queue = job.Queue ?? QueueSpec.DefaultName,
            Priority = (int)Math.Clamp(Math.Round(job.Priority, MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue),
            Gang = true,
            Duration = gavel ? null : job.Duration,
            TotalWork = gavel ? job.TotalSteps : null,
            Throughputs = gavel ? job.Throughputs : null,
            RestartOverhead = RestartOverhead,
        };
    }

    /// <summary>Converts one trace job into a simulation job submitted at its trace submit time.</summary>
    /// <param name="job">The trace job.</param>
    /// <returns>The simulation job.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    public SimulationJob ToSimulationJob(TraceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new SimulationJob(Convert(job), job.SubmitTime);
    }

    /// <summary>Converts trace jobs lazily, one at a time, in their order.</summary>
    /// <param name="jobs">The trace jobs.</param>
    /// <returns>The simulation jobs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> is null.</exception>
    public IEnumerable<SimulationJob> ConvertAll(IEnumerable<TraceJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return ConvertAllCore(jobs);
    }

    private IEnumerable<SimulationJob> ConvertAllCore(IEnumerable<TraceJob> jobs)
    {
        foreach (TraceJob job in jobs)
        {
            yield return ToSimulationJob(job);
        }
    }
}
