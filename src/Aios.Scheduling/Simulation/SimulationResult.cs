using System.Globalization;
using System.Text;
using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Simulation;

/// <summary>The figures of one simulation. Times are seconds of virtual time unless named otherwise.</summary>
/// <remarks>
/// Job figures (JCT, queueing delay, finish-time fairness) are over completed jobs; percentiles interpolate linearly
/// between order statistics. Jobs that never finish (too large for the cluster, or of unknown length) count in
/// <see cref="Jobs"/> but not in <see cref="Completed"/>.
/// </remarks>
public sealed record SimulationResult
{
    /// <summary>Gets the policy's name (e.g. <c>las</c>).</summary>
    public required string PolicyName { get; init; }

    /// <summary>
    /// Gets the engine policy simulated; null for a result of another simulator in the same shape (the round-based
    /// simulator of Aios.Scheduling.Optimization, whose policies are not engine policies).
    /// </summary>
    public SchedulingPolicy? Policy { get; init; }

    /// <summary>Gets the seed of the run.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the jobs submitted.</summary>
    public long Jobs { get; init; }

    /// <summary>Gets the jobs that finished.</summary>
    public long Completed { get; init; }

    /// <summary>Gets the jobs that never finished: they never fit the cluster, or their length is unknown.</summary>
    public long Unfinished => Jobs - Completed;

    /// <summary>Gets the time from the first arrival to the last finish (0 when nothing finished).</summary>
    public double Makespan { get; init; }

    /// <summary>Gets the mean job completion time (finish − submit).</summary>
    public double MeanJct { get; init; }

    /// <summary>Gets the median job completion time.</summary>
    public double MedianJct { get; init; }

    /// <summary>Gets the 95th percentile of job completion time.</summary>
    public double P95Jct { get; init; }

    /// <summary>Gets the 99th percentile of job completion time.</summary>
    public double P99Jct { get; init; }

    /// <summary>Gets the mean queueing delay (first start − submit).</summary>
    public double MeanQueueingDelay { get; init; }

    /// <summary>Gets the GPU-seconds held over the cluster's GPU-seconds during the makespan, in [0, 1].</summary>
    public double Utilization { get; init; }

    /// <summary>Gets the utilization over time: consecutive intervals from the first arrival (bounded in number).</summary>
    public IReadOnlyList<UtilizationSample> UtilizationOverTime { get; init; } = [];

    /// <summary>
    /// Gets the number of jobs waiting over time (submitted, not finished, holding no GPU: queued or preempted), as
    /// time-weighted means over the same intervals as <see cref="UtilizationOverTime"/>.
    /// </summary>
    public IReadOnlyList<QueueLengthSample> QueueLengthOverTime { get; init; } = [];

    /// <summary>Gets the preemptions the scheduler decided.</summary>
    public long Preemptions { get; init; }

    /// <summary>Gets the mean finish-time fairness ρ of completed jobs (see <see cref="SimulationJobOutcome.FinishTimeFairness"/>).</summary>
    public double MeanFinishTimeFairness { get; init; }

    /// <summary>Gets the largest finish-time fairness ρ of a completed job.</summary>
    public double MaxFinishTimeFairness { get; init; }

    /// <summary>Gets Jain's fairness index over queues of each queue's mean finish-time fairness ρ (1 when every queue fares alike; NaN when no job finished).</summary>
    public double QueueFairness { get; init; }

    /// <summary>Gets the simulation events handled (arrivals, finishes and ticks).</summary>
    public long Events { get; init; }

    /// <summary>Gets the real seconds the run took.</summary>
    public double WallClockSeconds { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"PolicyName = {PolicyName}, Policy = {Policy}, Seed = {Seed}, Jobs = {Jobs}, Completed = {Completed}, Unfinished = {Unfinished}, Makespan = {Makespan}, MeanJct = {MeanJct}, MedianJct = {MedianJct}, P95Jct = {P95Jct}, P99Jct = {P99Jct}, MeanQueueingDelay = {MeanQueueingDelay}, Utilization = {Utilization}, UtilizationOverTime = {Printing.List(UtilizationOverTime)}, QueueLengthOverTime = {Printing.List(QueueLengthOverTime)}, Preemptions = {Preemptions}, MeanFinishTimeFairness = {MeanFinishTimeFairness}, MaxFinishTimeFairness = {MaxFinishTimeFairness}, QueueFairness = {QueueFairness}, Events = {Events}, WallClockSeconds = {WallClockSeconds}");
        return true;
    }
}
