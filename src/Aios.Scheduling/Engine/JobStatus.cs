using System.Globalization;
using System.Text;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>A snapshot of one job in the scheduler.</summary>
public sealed record JobStatus
{
    /// <summary>Gets the job as submitted.</summary>
    public required JobSpec Job { get; init; }

    /// <summary>Gets where the job is in its life.</summary>
    public required JobPhase Phase { get; init; }

    /// <summary>Gets why it waits (when <see cref="Phase"/> is <see cref="JobPhase.Waiting"/>).</summary>
    public WaitReason Reason { get; init; }

    /// <summary>Gets the submit time.</summary>
    public required DateTimeOffset SubmitTime { get; init; }

    /// <summary>Gets the first start, or null before it.</summary>
    public DateTimeOffset? FirstStartTime { get; init; }

    /// <summary>Gets the end (finish or cancellation), or null before it.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Gets the current placement (empty unless running).</summary>
    public required IReadOnlyList<PlacementSlice> Placement { get; init; }

    /// <summary>Gets the GPU-seconds received so far (Tiresias's two-dimensional attained service).</summary>
    public double AttainedService { get; init; }

    /// <summary>Gets the fraction of the job done by the scheduler's progress model (0–1; 0 when its length is unknown).</summary>
    public double Progress { get; init; }

    /// <summary>Gets how many times it was preempted.</summary>
    public int Preemptions { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Job = {Job}, Phase = {Phase}, Reason = {Reason}, SubmitTime = {SubmitTime}, FirstStartTime = {FirstStartTime}, EndTime = {EndTime}, Placement = {Printing.List(Placement)}, AttainedService = {AttainedService}, Progress = {Progress}, Preemptions = {Preemptions}");
        return true;
    }
}
