namespace Aios.Scheduling.Engine;

/// <summary>The order in which waiting jobs are considered.</summary>
public enum JobOrdering
{
    /// <summary>First come, first served: by submit time.</summary>
    Fifo,

    /// <summary>Strict priority, higher first; with aging, a job gains one priority level per <see cref="SchedulerOptions.AgingIntervalSeconds"/> of waiting.</summary>
    Priority,

    /// <summary>Weighted fair share: the queue with the smallest weighted dominant share (DRF) goes next; by priority within a queue.</summary>
    FairShare,

    /// <summary>Tiresias's discretized two-dimensional least-attained-service: fewest GPU-seconds received first, in classes set by <see cref="SchedulerOptions.AttainedServiceThresholds"/>.</summary>
    LeastAttainedService,

    /// <summary>Shortest remaining time first, from the job's known length and progress; unknown lengths last.</summary>
    ShortestRemainingTime,

    /// <summary>Finish-time fairness (Themis): earliest ideal finish first, the finish time the job would have alone on its 1/N share of the cluster.</summary>
    FinishTimeFairness,
}
