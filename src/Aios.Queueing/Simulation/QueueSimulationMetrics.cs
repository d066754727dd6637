namespace Aios.Queueing.Simulation;

/// <summary>
/// The figures <see cref="QueueSimulator"/> estimates for one job class, or for all classes together, each
/// with a confidence interval. They mirror <see cref="QueueMetrics"/> so that simulated and analytic results
/// compare figure by figure.
/// </summary>
/// <remarks>
/// <para>Job figures (waiting and response times, probability of waiting) are averaged over the jobs that
/// complete during the measured period; blocking over the arrivals during it; lengths, utilization and
/// throughput over its time.</para>
/// <para>The waiting time of a job is its response time minus its own service requirement: the time it spends
/// in the system not being served. Under first come first served and non-preemptive priority this is the time
/// until service starts; under preemptive-resume priority it also counts the time spent preempted, which is
/// the quantity the analytic priority formulas give.</para>
/// </remarks>
public readonly record struct QueueSimulationMetrics
{
    /// <summary>
    /// The mean share of the servers' capacity in use: the time-averaged number of busy servers (serving this
    /// class, for a class) divided by the number of servers. The classes' values add up to the overall value.
    /// </summary>
    public required Estimate Utilization { get; init; }

    /// <summary>The probability that a completed job spent any time waiting (its waiting time is positive).</summary>
    public required Estimate ProbabilityOfWaiting { get; init; }

    /// <summary>The fraction of arrivals turned away because the system held <see cref="QueueSimulationOptions.Capacity"/> jobs.</summary>
    public required Estimate BlockingProbability { get; init; }

    /// <summary>The rate of completions per unit time; in steady state the effective (admitted) arrival rate.</summary>
    public required Estimate Throughput { get; init; }

    /// <summary>The mean waiting time Wq: response time minus the job's own service requirement.</summary>
    public required Estimate MeanWaitingTime { get; init; }

    /// <summary>The mean response time W, from arrival to completion.</summary>
    public required Estimate MeanResponseTime { get; init; }

    /// <summary>The time-averaged number of jobs present and not in service (Lq), preempted jobs included.</summary>
    public required Estimate MeanQueueLength { get; init; }

    /// <summary>The time-averaged number of jobs present, waiting or in service (L).</summary>
    public required Estimate MeanNumberInSystem { get; init; }

    /// <summary>The number of jobs that completed during the measured period.</summary>
    public required long CompletedJobs { get; init; }
}
