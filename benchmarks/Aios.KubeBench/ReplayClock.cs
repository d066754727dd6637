namespace Aios.KubeBench;

/// <summary>
/// The replay's trace clock: trace seconds = real seconds since the origin × scale, plus the idle stretches skipped.
/// Waiters wake at their trace instant, and at once when a skip moves the clock past it.
/// </summary>
internal sealed class ReplayClock(double origin, double scale)
{
    private readonly Lock _lock = new();
    private double _skipped;
    private TaskCompletionSource _jumped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public double Scale => scale;

    /// <summary>Gets the trace seconds skipped so far.</summary>
    public double Skipped
    {
        get
        {
            lock (_lock)
            {
                return _skipped;
            }
        }
    }

    /// <summary>Gets the trace time now.</summary>
    public double Now
    {
        get
        {
            lock (_lock)
            {
                return ((BenchClock.Now - origin) * scale) + _skipped;
            }
        }
    }

    /// <summary>Moves the trace clock forward by <paramref name="traceSeconds"/> at once.</summary>
    public void Skip(double traceSeconds)
    {
        TaskCompletionSource jumped;
        lock (_lock)
        {
            _skipped += traceSeconds;
            jumped = _jumped;
            _jumped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        jumped.TrySetResult();
    }

    /// <summary>Completes when the trace clock reaches <paramref name="traceTime"/>.</summary>
    public async Task WaitUntilAsync(double traceTime, CancellationToken cancellationToken)
    {
        while (true)
        {
            double realSeconds;
            Task jumped;
            lock (_lock)
            {
                realSeconds = (traceTime - (((BenchClock.Now - origin) * scale) + _skipped)) / scale;
                jumped = _jumped.Task;
            }

            if (realSeconds <= 0)
            {
                return;
            }

            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(realSeconds), cancellationToken), jumped).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
