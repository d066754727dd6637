namespace Aios.Scheduling.Engine;

/// <summary>What a scheduling decision asks the host to do.</summary>
public enum DecisionKind
{
    /// <summary>Start the job with the decision's placement.</summary>
    Start,

    /// <summary>Stop the job and release its resources; it waits again and keeps its progress.</summary>
    Preempt,

    /// <summary>The job keeps waiting, for the decision's reason.</summary>
    Wait,
}
