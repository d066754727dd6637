namespace Aios.Queueing.Simulation;

/// <summary>
/// What <see cref="QueueSimulator.Run"/> simulates and for how long: a single service station with
/// <see cref="Servers"/> identical servers, room for <see cref="Capacity"/> jobs, and one or more job
/// <see cref="Classes"/> served under a <see cref="Discipline"/>.
/// </summary>
/// <remarks>
/// <para>Every property has a documented default; <see cref="QueueSimulator.Run"/> validates them all and reads
/// them once, so changing the options afterwards does not affect a finished or running simulation.</para>
/// <para>The run starts empty at time 0. It discards a warm-up period, which ends once
/// <see cref="WarmupJobs"/> jobs have completed and <see cref="WarmupTime"/> has passed, then measures for
/// <see cref="Jobs"/> completed jobs or, when <see cref="Duration"/> is set, for that much simulated time, split
/// into <see cref="Batches"/> consecutive batches.</para>
/// </remarks>
public sealed class QueueSimulationOptions
{
    /// <summary>The number of identical servers c: ≥ 1. Default 1.</summary>
    public int Servers { get; set; } = 1;

    /// <summary>
    /// K, the most jobs the system holds, waiting and in service together: ≥ <see cref="Servers"/>. An arrival
    /// that finds K jobs is turned away (blocked). Default <see cref="int.MaxValue"/>, which means unlimited.
    /// </summary>
    public int Capacity { get; set; } = int.MaxValue;

    /// <summary>The job classes, highest priority first: at least one, none null.</summary>
    public IList<QueueSimulationClass> Classes { get; } = new List<QueueSimulationClass>();

    /// <summary>The service discipline. Default <see cref="QueueSimulationDiscipline.Fcfs"/>.</summary>
    public QueueSimulationDiscipline Discipline { get; set; } = QueueSimulationDiscipline.Fcfs;

    /// <summary>
    /// The seed of the random streams: the same options and seed give the same result. Each class draws its
    /// interarrival times and service requirements from its own stream, so runs that differ only in servers,
    /// capacity or discipline see the same arrivals and work (common random numbers). Default 1.
    /// </summary>
    public int Seed { get; set; } = 1;

    /// <summary>The number of completed jobs discarded as warm-up: ≥ 0. Default 10,000.</summary>
    public long WarmupJobs { get; set; } = 10_000;

    /// <summary>The simulated time discarded as warm-up: finite, ≥ 0. Default 0.</summary>
    public double WarmupTime { get; set; }

    /// <summary>
    /// The number of completed jobs measured after the warm-up: ≥ <see cref="Batches"/>. Ignored when
    /// <see cref="Duration"/> is set. Default 1,000,000.
    /// </summary>
    public long Jobs { get; set; } = 1_000_000;

    /// <summary>
    /// When set, the simulated time measured after the warm-up, in equal time batches, instead of
    /// <see cref="Jobs"/>: finite, &gt; 0. Default null (measure <see cref="Jobs"/> completions).
    /// </summary>
    public double? Duration { get; set; }

    /// <summary>The number of batches for the batch-means confidence intervals: 2 to 10,000. Default 20.</summary>
    public int Batches { get; set; } = 20;

    /// <summary>The confidence level of every interval: in (0, 1). Default 0.95.</summary>
    public double ConfidenceLevel { get; set; } = 0.95;
}
