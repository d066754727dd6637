namespace Aios.Testing.Kubernetes;

/// <summary>
/// Waits for a condition that a controller under test brings about asynchronously (a pod bound, a condition written),
/// checking it every 100 ms. The limit is a generous bound for a hung test, not a speed claim: the test fails saying
/// what never happened.
/// </summary>
public static class KubeWait
{
    /// <summary>The longest wait (60 s).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Checks <paramref name="reached"/> every 100 ms until it holds; fails the test naming <paramref name="what"/> when <see cref="Limit"/> passes.</summary>
    /// <param name="reached">The condition; it may call the API server.</param>
    /// <param name="what">What is awaited, for the failure message ("train-0 bound").</param>
    /// <param name="cancellationToken">Cancels the wait (the test's token).</param>
    /// <returns>A task that completes once the condition holds.</returns>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> reached, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reached);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            while (!await reached(limit.Token).ConfigureAwait(false))
            {
                await Task.Delay(100, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Waited {Limit.TotalSeconds} s for: {what}.");
        }
    }

    /// <summary>Checks <paramref name="reached"/> every 100 ms until it holds; fails the test naming <paramref name="what"/> when <see cref="Limit"/> passes.</summary>
    /// <param name="reached">The condition.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="cancellationToken">Cancels the wait (the test's token).</param>
    /// <returns>A task that completes once the condition holds.</returns>
    public static Task UntilAsync(Func<bool> reached, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reached);
        return UntilAsync(_ => Task.FromResult(reached()), what, cancellationToken);
    }
}
