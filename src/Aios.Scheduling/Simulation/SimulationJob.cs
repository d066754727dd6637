using Aios.Scheduling.Model;

namespace Aios.Scheduling.Simulation;

/// <summary>A job of a simulation: what to submit and when.</summary>
public sealed record SimulationJob
{
    /// <summary>Creates a job submitted at <paramref name="submitTime"/>.</summary>
    /// <param name="job">The job to submit.</param>
    /// <param name="submitTime">The submit time in seconds from the start of the simulation; finite and ≥ 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="submitTime"/> is negative, NaN or infinite.</exception>
    public SimulationJob(JobSpec job, double submitTime)
    {
        ArgumentNullException.ThrowIfNull(job);
        Guard.FiniteNonNegative(submitTime);
        Job = job;
        SubmitTime = submitTime;
    }

    /// <summary>Gets the job to submit.</summary>
    public JobSpec Job { get; }

    /// <summary>Gets the submit time in seconds from the start of the simulation (finite, ≥ 0).</summary>
    public double SubmitTime { get; }
}
