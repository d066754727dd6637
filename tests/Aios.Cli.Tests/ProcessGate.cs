using System.Diagnostics;

namespace Aios.Cli.Tests;

/// <summary>
/// Waits for a child process to reach a point it makes visible (files it wrote, a folder it changed), instead of
/// sleeping for a time that decides the outcome. The overall timeout only guards against a hang: reaching it fails the
/// test, it never decides what the test checks.
/// </summary>
internal static class ProcessGate
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Polls <paramref name="reached"/> until it holds (returns <see langword="true"/>) or the process exits first
    /// (returns <see langword="false"/>).
    /// </summary>
    /// <exception cref="TimeoutException">Neither happened within the hang guard.</exception>
    public static async Task<bool> WaitUntilAsync(Process process, Func<bool> reached, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_hangGuard);
        while (!process.HasExited)
        {
            if (reached())
            {
                return true;
            }

            try
            {
                await Task.Delay(5, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the process neither reached the gate nor exited within {s_hangGuard}");
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> (output captured) and kills its whole tree once
    /// <paramref name="reached"/> holds; waits for it to end either way. Returns whether it was killed while running.
    /// </summary>
    public static async Task<bool> RunAndKillWhenAsync(string[] arguments, Func<bool> reached, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        bool killed = false;
        if (await WaitUntilAsync(process, reached, cancellationToken))
        {
            process.Kill(entireProcessTree: true);
            killed = true;
        }

        await process.WaitForExitAsync(cancellationToken);
        return killed;
    }

    /// <summary>The number of files under <paramref name="folder"/> (0 while it does not exist), tolerant of files that come and go.</summary>
    public static int CountFiles(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary file renamed or a folder created mid-enumeration: count again on the next poll.
            return 0;
        }
    }
}
