namespace Aios.Scheduling.Optimization;

/// <summary>
/// The objective of a heterogeneity-aware allocation: Gavel's policies (Narayanan et al., "Heterogeneity-Aware
/// Cluster Scheduling Policies for Deep Learning Workloads", OSDI 2020, §4) over effective throughput.
/// </summary>
public enum OptimizationPolicy
{
    /// <summary>
    /// Heterogeneity-aware least attained service: maximises the smallest normalised effective throughput, each job's
    /// effective throughput divided by the one an equal share of the cluster gives it and by its
    /// <see cref="ThroughputJob.Weight"/> (Gavel's max-min fairness, §4.1). The objective value is that smallest ratio.
    /// </summary>
    MaxMinFairness,

    /// <summary>
    /// Minimises the time until the last job finishes, <c>max_j RemainingSteps_j / throughput_j(X)</c> (Gavel §4.2).
    /// Needs <see cref="ThroughputJob.RemainingSteps"/>. The objective value is that makespan in seconds.
    /// </summary>
    MinimumMakespan,

    /// <summary>
    /// Minimises the largest finish-time fairness ratio ρ (Themis, Mahajan et al., NSDI 2020, in Gavel's form §4.2):
    /// <c>(ElapsedSeconds + RemainingSteps / throughput(X)) / (IsolatedElapsedSeconds + RemainingSteps /
    /// throughput(equal share))</c>. Needs <see cref="ThroughputJob.RemainingSteps"/>; solved by bisection on ρ, one
    /// linear program per step. The objective value is the largest ρ.
    /// </summary>
    FinishTimeFairness,

    /// <summary>
    /// Maximises the sum of the jobs' effective throughputs (Gavel's throughput-sum objective). The objective value is
    /// that sum, in each job's steps per second.
    /// </summary>
    MaximumTotalThroughput,
}
