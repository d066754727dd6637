using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Simulation;

/// <summary>Options of a <see cref="Simulator"/>.</summary>
/// <remarks>
/// Every property has a documented default. A <see cref="Simulator"/> validates the options and takes a copy of them when
/// it is created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class SimulationOptions
{
    /// <summary>
    /// Gets or sets the scheduler's options (default <see cref="SchedulerOptions"/>'s defaults: FIFO). The simulator
    /// copies every one of them when a run starts and replaces the time provider with its virtual clock; ended jobs are
    /// never retained.
    /// </summary>
    public SchedulerOptions Scheduler
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Scheduler));
            field = value;
        }
    } = new();

    /// <summary>Gets or sets the policy's name in results (default null: derived from the policy, e.g. <c>las</c> or <c>fifo+backfill</c>).</summary>
    public string? PolicyName { get; set; }

    /// <summary>
    /// Gets or sets the seed (default 0). The scheduler breaks every tie by submission order and the simulator orders
    /// simultaneous events by kind and arrival, so no randomness is needed: the seed is recorded in the result, and a
    /// run is a function of its inputs alone.
    /// </summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the width in seconds of the first utilization-over-time interval, finite and &gt; 0 (default 3,600: one hour); widths double as needed to keep at most <see cref="MaxUtilizationSamples"/> samples.</summary>
    public double UtilizationIntervalSeconds { get; set; } = 3_600;

    /// <summary>Gets or sets the most utilization samples a result holds, ≥ 2 (default 1024).</summary>
    public int MaxUtilizationSamples { get; set; } = 1024;

    /// <summary>Gets or sets the sink that receives events and per-job outcomes (default none).</summary>
    public SimulationEventSink? EventSink { get; set; }

    /// <summary>Gets or sets the real clock that measures the run's wall time, not null (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider WallClock { get; set; } = TimeProvider.System;

    /// <summary>Checks every option and returns a copy of them all (what a simulator keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the exception names the first one.</exception>
    internal SimulationOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        var copy = (SimulationOptions)MemberwiseClone();
        copy.Scheduler = Scheduler.Snapshot();
        return copy;
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (!(UtilizationIntervalSeconds > 0 && double.IsFinite(UtilizationIntervalSeconds)))
        {
            yield return new ArgumentOutOfRangeException(nameof(UtilizationIntervalSeconds), UtilizationIntervalSeconds, "UtilizationIntervalSeconds must be finite and > 0.");
        }

        if (MaxUtilizationSamples < 2)
        {
            yield return new ArgumentOutOfRangeException(nameof(MaxUtilizationSamples), MaxUtilizationSamples, "MaxUtilizationSamples must be ≥ 2.");
        }

        if (WallClock is null)
        {
            yield return new ArgumentNullException(nameof(WallClock), "WallClock must not be null.");
        }
    }

    internal static string NameOf(SchedulingPolicy policy)
    {
        string suffix = policy.Backfill ? "+backfill" : "";
        foreach (string name in SchedulingPolicy.Names)
        {
            if (SchedulingPolicy.Parse(name) with { Backfill = policy.Backfill, Placement = policy.Placement } == policy)
            {
                return name + suffix;
            }
        }

        return policy.Ordering.ToString().ToLowerInvariant() + suffix;
    }
}
