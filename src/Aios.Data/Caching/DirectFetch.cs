namespace Aios.Data.Caching;

/// <summary>
/// A fetch into one reader's buffer that other readers of the same chunk may join: they are handed a copy only if they
/// joined before it finished, so a fetch nobody joins allocates nothing.
/// </summary>
internal sealed class DirectFetch
{
    private readonly Lock _gate = new();
    private int _waiters;
    private bool _done;

    /// <summary>Completes with the content for the joiners, or null when none joined or the owner was cancelled (joiners then fetch themselves).</summary>
    public TaskCompletionSource<byte[]?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Joins the fetch unless it has finished.</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_done)
            {
                return false;
            }

            _waiters++;
            return true;
        }
    }

    public void Complete(Func<bool, byte[]?> contentFor) => Completion.SetResult(contentFor(Finish()));

    public void Fail(Exception exception)
    {
        bool waiting = Finish();

        // With nobody waiting the exception goes to the caller alone (a faulted task nobody observes would be reported
        // later); the owner's own cancellation is not the joiners' failure: they get null and fetch for themselves.
        if (waiting && exception is not OperationCanceledException)
        {
            Completion.SetException(exception);
        }
        else
        {
            Completion.SetResult(null);
        }
    }

    /// <summary>Closes the fetch to new joiners; returns whether any joined.</summary>
    private bool Finish()
    {
        lock (_gate)
        {
            _done = true;
            return _waiters > 0;
        }
    }
}
