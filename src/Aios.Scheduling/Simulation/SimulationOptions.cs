using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Simulation;

/// <summary>Options of a <see cref="Simulator"/>; every property has a documented default and is validated when set.</summary>
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

    /// <summary>Gets or sets the width of the first utilization-over-time interval (default 1 hour); widths double as needed to keep at most <see cref="MaxUtilizationSamples"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative span.</exception>
    public TimeSpan UtilizationInterval
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(UtilizationInterval));
            field = value;
        }
    } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the most utilization samples a result holds (default 1024; at least 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 2.</exception>
    public int MaxUtilizationSamples
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2, nameof(MaxUtilizationSamples));
            field = value;
        }
    } = 1024;

    /// <summary>Gets or sets the sink that receives events and per-job outcomes (default none).</summary>
    public SimulationEventSink? EventSink { get; set; }

    /// <summary>Gets or sets the real clock that measures the run's wall time (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider WallClock
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(WallClock));
            field = value;
        }
    } = TimeProvider.System;

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
