using System.Diagnostics.Metrics;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Engine;

/// <summary>Options of a <see cref="Scheduler"/>; every property has a documented default and is validated when set.</summary>
/// <remarks>
/// A <see cref="Scheduler"/> takes a snapshot of every option when it is created (as <c>MemoryCache</c> and
/// <c>PipeOptions</c> do): changing the object afterwards, or the queue list it was given, has no effect on that
/// scheduler. The same object may configure several schedulers.
/// </remarks>
public sealed class SchedulerOptions
{
    /// <summary>Gets or sets the policy (default <see cref="SchedulingPolicy.Fifo"/>).</summary>
    public SchedulingPolicy Policy
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Policy));
            field = value;
        }
    } = SchedulingPolicy.Fifo;

    /// <summary>Gets or sets the queue hierarchy (default none: every job goes to a <c>default</c> queue of weight 1).</summary>
    /// <remarks>A queue a job names that is not listed is created on demand under the root with weight 1 and no quota.</remarks>
    public IReadOnlyList<QueueSpec> Queues
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Queues));
            field = value;
        }
    } = [];

    /// <summary>
    /// Gets or sets the waiting time in seconds that adds one priority level under <see cref="JobOrdering.Priority"/> and
    /// within a fair-share queue (default 3,600: one hour); <see cref="double.PositiveInfinity"/> turns aging off.
    /// </summary>
    /// <remarks>Aging is linear, so the order of two waiting jobs never changes with time and the rank is a fixed key: p − submit/τ.
    /// Seconds as a <see cref="double"/>, like every duration of Aios.Scheduling (docs/units.md).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative number or NaN.</exception>
    public double AgingIntervalSeconds
    {
        get;
        set
        {
            if (!(value > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(AgingIntervalSeconds), value, "AgingIntervalSeconds must be > 0, or +Infinity for no aging.");
            }

            field = value;
        }
    } = 3_600;

    /// <summary>
    /// Gets or sets the attained-service class thresholds in GPU-seconds, ascending (default 3,250 / 7,200 / 18,000, after
    /// Tiresias, NSDI 2019): a job with less than the first is in class 0 and runs before jobs of higher classes.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty, unsorted or non-positive list.</exception>
    public IReadOnlyList<double> AttainedServiceThresholds
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(AttainedServiceThresholds));
            if (value.Count == 0)
            {
                throw new ArgumentException("At least one threshold is needed.", nameof(AttainedServiceThresholds));
            }

            for (int i = 0; i < value.Count; i++)
            {
                if (!double.IsFinite(value[i]) || value[i] <= 0 || (i > 0 && value[i] <= value[i - 1]))
                {
                    throw new ArgumentException("Thresholds must be finite, positive and strictly ascending.", nameof(AttainedServiceThresholds));
                }
            }

            field = [.. value];
        }
    } = [3_250, 7_200, 18_000];

    /// <summary>
    /// Gets or sets Tiresias's starvation knob (default 8): under least-attained-service a waiting job is promoted to
    /// class 0 once it has waited, since it last ran, this many times the time it has run; 0 turns promotion off. A job
    /// that never ran is in class 0 already.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    public double StarvationFactor
    {
        get;
        set
        {
            Guard.FiniteNonNegative(value, nameof(StarvationFactor));
            field = value;
        }
    } = 8;

    /// <summary>
    /// Gets or sets how many waiting jobs one pass examines without starting them (default 500, as Slurm's
    /// <c>bf_max_job_test</c>): jobs held back by a backfill reservation, by quota, or too large for the cluster.
    /// It bounds a pass on a long queue; jobs of a shape that already failed to fit are skipped without being counted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int ScanDepth
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ScanDepth));
            field = value;
        }
    } = 500;

    /// <summary>
    /// Gets or sets the share of its best throughput a job must keep on a slower device type for heterogeneity-aware
    /// placement to prefer that type (default 0.8); 1 always prefers the fastest type.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside (0, 1].</exception>
    public double HeterogeneityTolerance
    {
        get;
        set
        {
            if (!(value > 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(HeterogeneityTolerance), value, "The tolerance must be in (0, 1].");
            }

            field = value;
        }
    } = 0.8;

    /// <summary>Gets or sets the clock (default <see cref="TimeProvider.System"/>); the simulator supplies a virtual one.</summary>
    public TimeProvider TimeProvider
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value, nameof(TimeProvider));
            field = value;
        }
    } = TimeProvider.System;

    /// <summary>Gets or sets the logger factory (default none).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Gets or sets the meter factory for the <c>Aios.Scheduling</c> meter (default a shared meter).</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Gets or sets whether finished and cancelled jobs stay queryable through <see cref="Scheduler.TryGetJob"/> (default false: they are forgotten, so memory follows the live jobs only).</summary>
    public bool RetainEndedJobs { get; set; }

    /// <summary>
    /// A copy of every option, taken when a scheduler or a simulation run is created. Lists are copied too, so the
    /// caller's later changes (to this object or to a list it was given) do not reach the copy. Every property is
    /// carried by the member-wise copy, so an option added later is carried without a change here.
    /// </summary>
    internal SchedulerOptions Snapshot()
    {
        var copy = (SchedulerOptions)MemberwiseClone();
        copy.Queues = [.. Queues];
        copy.AttainedServiceThresholds = [.. AttainedServiceThresholds];
        return copy;
    }
}
