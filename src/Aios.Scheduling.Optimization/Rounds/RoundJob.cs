using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Optimization;

/// <summary>A job as <see cref="RoundSimulator"/> runs it: when it arrives, its GPUs, its steps and its throughputs.</summary>
/// <param name="Id">The job's identifier; unique within one run.</param>
/// <param name="SubmitTime">When it arrives, in seconds; finite and &gt;= 0.</param>
/// <param name="ScaleFactor">The GPUs it holds while it runs (Gavel's scale factor); &gt;= 1.</param>
/// <param name="TotalSteps">The steps it runs; finite and &gt; 0.</param>
/// <param name="Throughputs">Steps per second of the whole job on each device type when its workers are on one server; finite and &gt;= 0 (0 or absent: cannot run there).</param>
public sealed record RoundJob(string Id, double SubmitTime, int ScaleFactor, double TotalSteps, IReadOnlyDictionary<string, double> Throughputs)
{
    /// <summary>
    /// Gets the job's throughput on each device type when its workers are spread over several servers (Gavel's
    /// unconsolidated throughputs), or null to use <see cref="Throughputs"/> for spread placements too. A type absent
    /// here (when not null) is one where the job is never spread.
    /// </summary>
    public IReadOnlyDictionary<string, double>? UnconsolidatedThroughputs { get; init; }

    /// <summary>Gets the job's type in the throughputs table, e.g. "ResNet-18 (batch size 16)", which space sharing needs for pair throughputs; null when unknown (never paired).</summary>
    public string? JobType { get; init; }

    /// <summary>Creates the job from a core engine job: its <see cref="Model.JobSpec.Throughputs"/>, <see cref="Model.JobSpec.TotalWork"/> and <see cref="Model.JobSpec.TotalGpus"/>.</summary>
    /// <param name="job">The simulation job.</param>
    /// <returns>The job, with no type (never paired) and no unconsolidated throughputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentException">The job has no throughputs or total work, or more than <see cref="int.MaxValue"/> GPUs.</exception>
    public static RoundJob FromSimulationJob(SimulationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Job.Throughputs is null || job.Job.TotalWork is null)
        {
            throw new ArgumentException($"job.Job.Throughputs and job.Job.TotalWork must be set (job '{job.Job.Id}').", nameof(job));
        }

        if (job.Job.TotalGpus is < 1 or > int.MaxValue)
        {
            throw new ArgumentException($"job.Job.TotalGpus must be in [1, {int.MaxValue}] (job '{job.Job.Id}' has {job.Job.TotalGpus}).", nameof(job));
        }

        return new RoundJob(job.Job.Id, job.SubmitTime, (int)job.Job.TotalGpus, job.Job.TotalWork.Value, job.Job.Throughputs);
    }

    /// <summary>Creates the job from a Gavel trace job (<see cref="GavelWorkload"/>, <see cref="GavelTraceReader"/>).</summary>
    /// <param name="job">The trace job; must carry <see cref="TraceJob.TotalSteps"/> and <see cref="TraceJob.Throughputs"/>.</param>
    /// <param name="table">
    /// The throughputs table, to attach the unconsolidated throughputs of a multi-GPU job (read from the
    /// "<c>type</c>_unconsolidated" entries of each type in <see cref="TraceJob.Throughputs"/>); null attaches none.
    /// </param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentException">The job has no steps or throughputs.</exception>
    public static RoundJob FromTraceJob(TraceJob job, GavelThroughputs? table = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.TotalSteps is null || job.Throughputs.Count == 0)
        {
            throw new ArgumentException($"job.TotalSteps and job.Throughputs must be set (job '{job.Id}').", nameof(job));
        }

        Dictionary<string, double>? spread = null;
        if (table is not null && job.ScaleFactor > 1 && job.JobType is not null)
        {
            spread = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (string type in job.Throughputs.Keys)
            {
                if (table.TryGetIsolatedThroughput(type + "_unconsolidated", job.JobType, job.ScaleFactor, out double value))
                {
                    spread[type] = value;
                }
            }
        }

        return new RoundJob(job.Id, job.SubmitTime, job.ScaleFactor, job.TotalSteps.Value, job.Throughputs)
        {
            JobType = job.JobType,
            UnconsolidatedThroughputs = spread?.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, SubmitTime = {SubmitTime}, ScaleFactor = {ScaleFactor}, TotalSteps = {TotalSteps}, Throughputs = {Printing.Dictionary(Throughputs)}, UnconsolidatedThroughputs = {Printing.Dictionary(UnconsolidatedThroughputs)}, JobType = {JobType}");
        return true;
    }
}
