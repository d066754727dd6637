namespace Aios.Queueing.Simulation;

/// <summary>The outcome of a <see cref="QueueSimulator"/> run: estimates for each class and for all classes together.</summary>
public sealed class QueueSimulationResult
{
    internal QueueSimulationResult(
        QueueSimulationMetrics overall,
        IReadOnlyList<QueueSimulationMetrics> classes,
        double measuredTime,
        double warmupEndTime,
        int batches,
        double confidenceLevel)
    {
        Overall = overall;
        Classes = classes;
        MeasuredTime = measuredTime;
        WarmupEndTime = warmupEndTime;
        Batches = batches;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The figures of all classes together: times and probabilities averaged over all jobs, lengths summed over the classes.</summary>
    public QueueSimulationMetrics Overall { get; }

    /// <summary>The figures of each class, in the order of <see cref="QueueSimulationOptions.Classes"/>.</summary>
    public IReadOnlyList<QueueSimulationMetrics> Classes { get; }

    /// <summary>The length of the measured period in simulated time.</summary>
    public double MeasuredTime { get; }

    /// <summary>The simulated time at which the warm-up ended and measurement began.</summary>
    public double WarmupEndTime { get; }

    /// <summary>The number of batches the confidence intervals were computed from.</summary>
    public int Batches { get; }

    /// <summary>The confidence level of every interval.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The number of jobs completed in the measured period, all classes together.</summary>
    public long CompletedJobs => Overall.CompletedJobs;
}
