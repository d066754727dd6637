using System.Globalization;
using System.Text;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Optimization;

/// <summary>How one job fared in a <see cref="RoundSimulator"/> run; times in seconds of simulated time.</summary>
/// <param name="JobId">The job.</param>
/// <param name="SubmitTime">When it arrived.</param>
/// <param name="FirstStartTime">The start of the first round it ran in.</param>
/// <param name="FinishTime">When its last step was done (within a round).</param>
/// <param name="Rounds">The rounds it ran in.</param>
public readonly record struct RoundJobOutcome(string JobId, double SubmitTime, double FirstStartTime, double FinishTime, long Rounds)
{
    /// <summary>Gets the job completion time: finish − submit.</summary>
    public double CompletionTime => FinishTime - SubmitTime;
}

/// <summary>The outcome of a <see cref="RoundSimulator"/> run, in the terms of the core engine's <see cref="SimulationResult"/>.</summary>
public sealed record RoundSimulationResult
{
    /// <summary>Gets the policy's name (<see cref="RoundPolicies.Name"/>).</summary>
    public required string PolicyName { get; init; }

    /// <summary>Gets the jobs submitted.</summary>
    public long Jobs { get; init; }

    /// <summary>Gets the jobs that finished (all of them: a run ends when the last one does).</summary>
    public long Completed { get; init; }

    /// <summary>Gets the time from the first arrival to the last finish, in seconds.</summary>
    public double Makespan { get; init; }

    /// <summary>Gets the mean job completion time in seconds.</summary>
    public double MeanJct { get; init; }

    /// <summary>Gets the median job completion time in seconds.</summary>
    public double MedianJct { get; init; }

    /// <summary>Gets the 95th-percentile job completion time in seconds (nearest rank).</summary>
    public double P95Jct { get; init; }

    /// <summary>Gets the 99th-percentile job completion time in seconds (nearest rank).</summary>
    public double P99Jct { get; init; }

    /// <summary>Gets the share of GPU-time over the makespan in which a GPU ran a job (a shared GPU counts once), in [0, 1].</summary>
    public double Utilization { get; init; }

    /// <summary>Gets the utilisation per sample interval of rounds (<see cref="RoundSimulationOptions.SampleIntervalSeconds"/>); intervals with no round (an idle cluster) are left out.</summary>
    public IReadOnlyList<UtilizationSample> UtilizationOverTime { get; init; } = [];

    /// <summary>Gets the time-averaged number of active jobs that did not run, per sample interval of rounds.</summary>
    public IReadOnlyList<QueueLengthSample> QueueLengthOverTime { get; init; } = [];

    /// <summary>Gets each job's outcome, in finish order.</summary>
    public IReadOnlyList<RoundJobOutcome> Outcomes { get; init; } = [];

    /// <summary>Gets the rounds simulated (idle stretches with no active job are skipped and not counted).</summary>
    public long Rounds { get; init; }

    /// <summary>Gets how often the allocation was computed (each time the set of active jobs changed, for the linear-program policies).</summary>
    public long AllocationSolves { get; init; }

    /// <summary>Gets the mean wall-clock seconds of one allocation (0 without solves).</summary>
    public double MeanSolveSeconds { get; init; }

    /// <summary>Gets the largest wall-clock seconds of one allocation (0 without solves).</summary>
    public double MaxSolveSeconds { get; init; }

    /// <summary>Gets the job-rounds in which a job ran on the same GPUs as another (space sharing).</summary>
    public long SharedJobRounds { get; init; }

    /// <summary>
    /// Gets how often a job that ran in one round did not run in the next while unfinished (Gavel's mechanism preempts
    /// at round boundaries; a job that only moves to other GPUs is not counted).
    /// </summary>
    public long Preemptions { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"PolicyName = {PolicyName}, Jobs = {Jobs}, Completed = {Completed}, Makespan = {Makespan}, MeanJct = {MeanJct}, MedianJct = {MedianJct}, P95Jct = {P95Jct}, P99Jct = {P99Jct}, Utilization = {Utilization}, UtilizationOverTime = {Printing.List(UtilizationOverTime)}, QueueLengthOverTime = {Printing.List(QueueLengthOverTime)}, Outcomes = {Printing.List(Outcomes)}, Rounds = {Rounds}, AllocationSolves = {AllocationSolves}, MeanSolveSeconds = {MeanSolveSeconds}, MaxSolveSeconds = {MaxSolveSeconds}, SharedJobRounds = {SharedJobRounds}, Preemptions = {Preemptions}");
        return true;
    }
}
