namespace Aios.Queueing.Simulation;

/// <summary>
/// A seeded discrete-event simulator of a single service station: c servers, room for K jobs, one or more job
/// classes with their own arrival processes and service distributions, served first come first served or by
/// non-preemptive or preemptive-resume priority. Use it to check an analytic model, or to estimate a model
/// that has no closed form (general arrivals, several classes on many servers, small buffers).
/// </summary>
/// <remarks>
/// <para>The event loop keeps the pending events (one next arrival per class, one end of service per busy server)
/// in a binary heap keyed by simulated time, so an event costs O(log(classes + servers)); a preemption adds an
/// O(c) search for the job to interrupt. Statistics are streamed: no per-job record is kept, and memory grows
/// only with the number of jobs present at once.</para>
/// <para>Confidence intervals come from batch means (see <see cref="QueueSimulationOptions.Batches"/>): the measured
/// period is cut into consecutive batches, each figure is a ratio of totals over all batches, and its
/// half-width comes from the spread of the batches with Student's t quantile for B − 1 degrees of freedom. The
/// batches must be long compared with the system's relaxation time for the interval to be trustworthy; near
/// saturation (ρ → 1) that takes many jobs.</para>
/// <para>A run is deterministic: the same options give the same result on every machine, because each class
/// draws from its own <see cref="Random"/> seeded from <see cref="QueueSimulationOptions.Seed"/> (a seeded
/// <see cref="Random"/> uses a fixed algorithm). An unstable system (offered load ≥ c without blocking) still
/// finishes, since completions continue at full speed, but its queue grows throughout and its figures describe
/// only the simulated horizon.</para>
/// </remarks>
public static class QueueSimulator
{
    /// <summary>The most batches <see cref="QueueSimulationOptions.Batches"/> accepts.</summary>
    public const int MaximumBatches = 10_000;

    /// <summary>Runs a simulation.</summary>
    /// <param name="options">What to simulate and for how long; read once and validated.</param>
    /// <param name="cancellationToken">Stops a long run; checked every few thousand events.</param>
    /// <returns>Estimates with confidence intervals for each class and for all classes together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or one of its classes is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its valid range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static QueueSimulationResult Run(QueueSimulationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        return new SimulationEngine(options).Run(cancellationToken);
    }

    private static void Validate(QueueSimulationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Servers, 1);
        if (options.Capacity < options.Servers)
        {
            Guard.ThrowOutOfRange("options.Capacity", options.Capacity, $"an integer >= Servers ({options.Servers}); int.MaxValue means unlimited");
        }

        if (options.Classes.Count == 0)
        {
            Guard.ThrowOutOfRange("options.Classes", options.Classes.Count, "at least one job class (Classes.Count >= 1)");
        }

        for (int k = 0; k < options.Classes.Count; k++)
        {
            if (options.Classes[k] is null)
            {
                throw new ArgumentNullException($"options.Classes[{k}]", "Every job class must be set; this one is null.");
            }
        }

        if (!Enum.IsDefined(options.Discipline))
        {
            Guard.ThrowOutOfRange("options.Discipline", options.Discipline, "a defined QueueSimulationDiscipline");
        }

        if (options.WarmupJobs < 0)
        {
            Guard.ThrowOutOfRange("options.WarmupJobs", options.WarmupJobs, "an integer >= 0");
        }

        Guard.FiniteNonNegative(options.WarmupTime, "options.WarmupTime");
        if (options.Batches < 2 || options.Batches > MaximumBatches)
        {
            Guard.ThrowOutOfRange("options.Batches", options.Batches, $"an integer in [2, {MaximumBatches}]");
        }

        if (options.Duration is double duration)
        {
            Guard.FinitePositive(duration, "options.Duration");
        }
        else if (options.Jobs < options.Batches)
        {
            Guard.ThrowOutOfRange("options.Jobs", options.Jobs, $"an integer >= Batches ({options.Batches})");
        }

        Guard.OpenProbability(options.ConfidenceLevel, "options.ConfidenceLevel");
    }
}
