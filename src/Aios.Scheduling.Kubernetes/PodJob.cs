using Aios.Scheduling.Model;

namespace Aios.Scheduling.Kubernetes;

/// <summary>Pods that make one job: a single pod, or a gang sharing the pod-group label.</summary>
/// <param name="Id">The job's id: <c>namespace/group</c> for a gang, <c>namespace/pod</c> for a single pod.</param>
/// <param name="PodNames">The pods (<c>namespace/name</c>), sorted.</param>
/// <param name="Job">The engine's job, or null when the pods cannot be scheduled as they are (see <paramref name="Problem"/>).</param>
/// <param name="Problem">Why the pods cannot become a job (mixed requests in a gang, a fractional GPU, a bad annotation), in words a user can act on; null when <paramref name="Job"/> is set.</param>
public sealed record PodJob(string Id, IReadOnlyList<string> PodNames, JobSpec? Job, string? Problem)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Id = {Id}, PodNames = {Printing.List(PodNames)}, Job = {Job}, Problem = {Problem}");
        return true;
    }
}
