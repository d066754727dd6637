using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Engine;

/// <summary>One decision of the scheduler: start a job where, preempt it, or let it wait and why.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="JobId">The job it concerns.</param>
/// <param name="Time">When it was decided (the scheduler's time provider).</param>
/// <param name="Placement">Where the job runs (on <see cref="DecisionKind.Start"/>; empty otherwise).</param>
/// <param name="Reason">Why it waits (on <see cref="DecisionKind.Wait"/>), or <see cref="WaitReason.Preempted"/> on a preemption.</param>
/// <param name="CauseJobId">On a preemption, the job it made room for; null when a node failed or was removed.</param>
public sealed record SchedulingDecision(
    DecisionKind Kind,
    string JobId,
    DateTimeOffset Time,
    IReadOnlyList<PlacementSlice> Placement,
    WaitReason Reason = WaitReason.None,
    string? CauseJobId = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Kind = {Kind}, JobId = {JobId}, Time = {Time}, Placement = {Printing.List(Placement)}, Reason = {Reason}, CauseJobId = {CauseJobId}");
        return true;
    }
}
