using System.Globalization;
using System.Text;
using Aios.Scheduling.Model;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// A job as <see cref="ThroughputOptimizer"/> sees it: its throughput on each device type, the GPUs it holds while
/// running, and what the policies that look at progress need.
/// </summary>
/// <param name="Id">The job's identifier; unique within one solve.</param>
/// <param name="Throughputs">
/// Steps per second of the whole job (all its workers) on each device type, e.g. from
/// <see cref="Traces.GavelThroughputs.GetIsolatedThroughputs"/>; finite and &gt;= 0. A type the dictionary leaves out,
/// or with throughput 0, is one the job cannot run on.
/// </param>
public sealed record ThroughputJob(string Id, IReadOnlyDictionary<string, double> Throughputs)
{
    /// <summary>Gets the number of GPUs the job holds while it runs (Gavel's scale factor); &gt;= 1. Default 1.</summary>
    public int ScaleFactor { get; init; } = 1;

    /// <summary>Gets the job's weight in <see cref="OptimizationPolicy.MaxMinFairness"/> (a job of weight 2 is owed twice the share); finite and &gt; 0. Default 1.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>
    /// Gets the steps the job still has to run, in the units of <see cref="Throughputs"/>; finite and &gt; 0, or null
    /// when unknown. Required by <see cref="OptimizationPolicy.MinimumMakespan"/> and
    /// <see cref="OptimizationPolicy.FinishTimeFairness"/>.
    /// </summary>
    public double? RemainingSteps { get; init; }

    /// <summary>Gets the seconds since the job arrived (finish-time fairness); finite and &gt;= 0. Default 0.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>
    /// Gets the seconds the job's progress so far would have taken with an equal share of the cluster (Gavel's
    /// cumulative isolated time; finish-time fairness); finite and &gt;= 0. Default 0.
    /// </summary>
    public double IsolatedElapsedSeconds { get; init; }

    /// <summary>Creates the job from an engine <see cref="JobSpec"/>: its throughputs, its GPUs as the scale factor and its total work as the remaining steps.</summary>
    /// <param name="job">The job; must carry <see cref="JobSpec.Throughputs"/>.</param>
    /// <returns>The job, with <see cref="Weight"/> 1 and no elapsed time.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="job"/> has no throughputs or more than <see cref="int.MaxValue"/> GPUs.</exception>
    public static ThroughputJob FromJobSpec(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Throughputs is null)
        {
            throw new ArgumentException($"job.Throughputs must be set (job '{job.Id}' has none).", nameof(job));
        }

        if (job.TotalGpus is < 1 or > int.MaxValue)
        {
            throw new ArgumentException($"job.TotalGpus must be in [1, {int.MaxValue}] (job '{job.Id}' has {job.TotalGpus}).", nameof(job));
        }

        return new ThroughputJob(job.Id, job.Throughputs) { ScaleFactor = (int)job.TotalGpus, RemainingSteps = job.TotalWork };
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, Throughputs = {Printing.Dictionary(Throughputs)}, ScaleFactor = {ScaleFactor}, Weight = {Weight}, RemainingSteps = {RemainingSteps}, ElapsedSeconds = {ElapsedSeconds}, IsolatedElapsedSeconds = {IsolatedElapsedSeconds}");
        return true;
    }
}
