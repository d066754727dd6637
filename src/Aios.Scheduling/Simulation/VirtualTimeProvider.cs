namespace Aios.Scheduling.Simulation;

/// <summary>
/// A clock that stands still until the simulator moves it: the scheduler in the loop reads virtual time from it.
/// Time is kept in ticks (100 ns), the resolution of <see cref="DateTimeOffset"/>, so every event time is exact.
/// </summary>
/// <remarks>Timers are not supported: the scheduler never creates one, and the simulator drives ticks itself.</remarks>
internal sealed class VirtualTimeProvider : TimeProvider
{
    /// <summary>The instant virtual time 0 maps to (fixed, so runs are reproducible).</summary>
    public static readonly DateTimeOffset Origin = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _ticks;

    /// <summary>Gets the ticks since <see cref="Origin"/>.</summary>
    public long Ticks => _ticks;

    /// <summary>Moves the clock to <paramref name="ticks"/> after <see cref="Origin"/>; it never goes back.</summary>
    /// <param name="ticks">The new time in ticks; at least the current time.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticks"/> is before the current time.</exception>
    public void AdvanceTo(long ticks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks, _ticks);
        _ticks = ticks;
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Origin.AddTicks(_ticks);

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override long GetTimestamp() => _ticks;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("The simulator's virtual clock has no timers; the simulator calls Scheduler.Tick at Scheduler.NextWakeUp.");
}
