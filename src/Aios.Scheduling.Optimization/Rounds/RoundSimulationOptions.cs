using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Optimization;

/// <summary>The settings of a <see cref="RoundSimulator"/>; validated when the simulator is created.</summary>
public sealed class RoundSimulationOptions
{
    /// <summary>Gets or sets the policy. Default <see cref="RoundPolicy.GavelLas"/>.</summary>
    public RoundPolicy Policy { get; set; } = RoundPolicy.GavelLas;

    /// <summary>Gets or sets the length of a round in seconds, in (0, 10^7]. Default 360 (Gavel's 6-minute rounds, §5).</summary>
    public double RoundSeconds { get; set; } = 360;

    /// <summary>
    /// Gets or sets the table of pair throughputs for the sharing policies (<see cref="RoundPolicy.GavelLasSpaceSharing"/>,
    /// <see cref="RoundPolicy.SrtfPacked"/>), which they require; looked up by <see cref="RoundJob.JobType"/>, scale
    /// factor and device type. Ignored by the other policies.
    /// </summary>
    public GavelThroughputs? Colocation { get; set; }

    /// <summary>
    /// Gets or sets the least sum of the two jobs' normalised pair throughputs (pair throughput / isolated throughput)
    /// for a pair to be a candidate, in [1, 2]. Default 1.1: the pair must do at least 10% more work than either job
    /// alone, so packing pays for the slowdown it causes.
    /// </summary>
    public double PackingThreshold { get; set; } = 1.1;

    /// <summary>
    /// Gets or sets how many partners each job keeps as candidate pairs per device type in
    /// <see cref="RoundPolicy.GavelLasSpaceSharing"/> (its best by normalised sum), in [1, 64]. Default 3; bounds the
    /// linear program at about (1 + 3)·jobs·types variables.
    /// </summary>
    public int MaxPartnersPerJob { get; set; } = 3;

    /// <summary>
    /// Gets or sets whether the linear-program policies give GPUs that the priorities leave idle to the jobs left out
    /// (work conservation; see <see cref="RoundSimulator"/>). Default true.
    /// </summary>
    public bool FillIdleGpus { get; set; } = true;

    /// <summary>Gets or sets the length of the utilisation and queue-length samples in seconds, in (0, 10^9]. Default 3600.</summary>
    public double SampleIntervalSeconds { get; set; } = 3_600;

    /// <summary>Gets or sets the most rounds a run may take before it stops with an exception, in [1, 10^9]. Default 10^7.</summary>
    public long MaxRounds { get; set; } = 10_000_000;

    /// <summary>Gets or sets the clock that times the linear-program solves (only for <see cref="RoundSimulationResult.MeanSolveSeconds"/>). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider WallClock { get; set; } = TimeProvider.System;

    /// <summary>Called after every round with what ran in it; for tests of the mechanism's invariants.</summary>
    internal Action<RoundRecord>? RoundObserver { get; set; }
}

/// <summary>One round as the observer sees it: its start and each placement's jobs, device type and GPUs.</summary>
internal sealed record RoundRecord(double Start, double End, IReadOnlyList<RoundPlacement> Placements);

/// <summary>A placement in a round: one or two job ids on <paramref name="Gpus"/> GPUs of a type, their progress rates, and whether it spans servers.</summary>
internal sealed record RoundPlacement(string[] JobIds, string DeviceType, int Gpus, double[] StepsPerSecond, bool Spread);
