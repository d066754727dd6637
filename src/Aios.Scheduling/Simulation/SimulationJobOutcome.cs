namespace Aios.Scheduling.Simulation;

/// <summary>How one finished job fared. Times are seconds since the start of the simulation.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="SubmitTime">When it was submitted.</param>
/// <param name="FirstStartTime">When it first started.</param>
/// <param name="FinishTime">When it finished.</param>
/// <param name="Preemptions">How often it was preempted.</param>
/// <param name="IdealTime">
/// Its ideal run time under finish-time fairness (Mahajan et al., "Themis", NSDI 2020): its run time alone on the best
/// device type, times max(1, N·g/G) with N the jobs in the system at its arrival (itself included), g its GPUs and G
/// the cluster's; +∞ when its length is unknown.
/// </param>
public readonly record struct SimulationJobOutcome(
    string JobId,
    string Queue,
    double SubmitTime,
    double FirstStartTime,
    double FinishTime,
    int Preemptions,
    double IdealTime)
{
    /// <summary>Gets the job completion time: finish − submit.</summary>
    public double CompletionTime => FinishTime - SubmitTime;

    /// <summary>Gets the queueing delay: first start − submit.</summary>
    public double QueueingDelay => FirstStartTime - SubmitTime;

    /// <summary>Gets the finish-time fairness ρ = JCT / ideal time (1 is fair, above 1 worse than a fair share); NaN when the ideal is unknown.</summary>
    public double FinishTimeFairness => double.IsFinite(IdealTime) && IdealTime > 0 ? CompletionTime / IdealTime : double.NaN;
}
