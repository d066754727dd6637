using Aios.Scheduling.Model;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Simulation;

/// <summary>A job of a simulation: what to submit and when.</summary>
public sealed record SimulationJob
{
    /// <summary>The latest submit time a simulation represents: 1e11 seconds (about 3,170 years), as <see cref="TraceJob.MaxSeconds"/>.</summary>
    /// <remarks>The simulator's clock counts 100 ns ticks in 64 bits from a fixed origin; later submits would overflow it.</remarks>
    public const double MaxSubmitTime = TraceJob.MaxSeconds;

    /// <summary>Creates a job submitted at <paramref name="submitTime"/>.</summary>
    /// <param name="job">The job to submit.</param>
    /// <param name="submitTime">The submit time in seconds from the start of the simulation; from 0 to <see cref="MaxSubmitTime"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="submitTime"/> is negative, NaN, or above <see cref="MaxSubmitTime"/>.</exception>
    public SimulationJob(JobSpec job, double submitTime)
    {
        ArgumentNullException.ThrowIfNull(job);
        Guard.FiniteNonNegative(submitTime);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(submitTime, MaxSubmitTime);
        Job = job;
        SubmitTime = submitTime;
    }

    /// <summary>Gets the job to submit.</summary>
    public JobSpec Job { get; }

    /// <summary>Gets the submit time in seconds from the start of the simulation (from 0 to <see cref="MaxSubmitTime"/>).</summary>
    public double SubmitTime { get; }
}
